"""Misquote watch: which printings of one statement print different words
from the others, and what the others print there.

A printing may quote less than the statement (a trim: a contiguous run of
it, or runs joined by an ellipsis) without being flagged; it is flagged when,
inside the stretch it quotes, its words differ from those other printings
print at that point: a word substituted, inserted, or silently dropped (no
ellipsis). Quotation marks, case, punctuation and spelling variants one
letter apart are folded first (text.py, match.py), and contractions read as
their expansion (data/contractions.txt), so "won't" and "will not" agree.

How it decides who changed the words: every printing is aligned on one
frame (the canonical text, then any passage of the statement it lacks),
word by word with difflib's longest-matching-blocks alignment, so that the
words a printing shares with the frame anchor it and only the stretches
between anchors are differences. At each difference, each version (the reference's words, or a
printing's own) is supported by the printings that print it, counted once
per source (an outlet repeating itself is one voice). A printing is flagged
when another version there has at least as much support as its own: the
minority changed the words; in a tie nobody can say, so both are flagged.
At a printing's first or last words only a word printed in the place of
one the others print there is judged; a word added before the first or
after the last cannot be told from the outlet quoting more.
"""
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import Match, SequenceMatcher
from pathlib import Path

from quotes.linking.compose import canonical_text
from quotes.linking.match import spelling_aliases
from quotes.linking.text import GAP, span_texts, tokenize

# Between two shared words, up to this many words on either side may differ
# and still be one change; a longer stretch means the printing jumped (joined
# two passages without an ellipsis), which is a trim, not a changed word.
MAX_CHANGE = 4
# A run of shared words counts as the same passage only around at least this
# many words printed contiguously in both: two sentences of one statement
# share short runs ("is the", "the bill") without one being the other.
ANCHOR = 3
# At a printing's first or last words, up to this many words printed in the
# place of others' are judged as a change.
EDGE = 2

BOUNDARY = "\x00"  # starts a passage of the frame; no printed word does
DATA = Path(__file__).parent / "data" / "contractions.txt"


@dataclass(frozen=True, slots=True)
class Word:
    norm: str
    start: int  # offsets in `src` of the word as printed (both halves of an expanded contraction share them)
    end: int
    src: str = ""


@dataclass(frozen=True, slots=True)
class Printing:
    key: object  # the caller's id for the printing
    text: str
    source: object = None  # who printed it (an outlet); printings of one source agree as one
    lengths: tuple[int, ...] | None = None  # span lengths of a quotation split by its attribution


@dataclass(frozen=True, slots=True)
class Change:
    """At one point of the statement: the words the others print (`old`) and
    this printing's (`new`), as printed, with how many sources print each."""

    old: str
    new: str
    agree_old: int
    agree_new: int

    @property
    def disputed(self) -> bool:
        """As many sources print one version as the other."""
        return self.agree_old == self.agree_new

    def as_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "agree_old": self.agree_old, "agree_new": self.agree_new}


@functools.cache
def contractions() -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], ...]]:
    """(whole words, suffixes): "won't" -> (will, not); "n't" -> (not,)."""
    whole, suffixes = {}, []
    for raw in DATA.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        short, _, long = (part.strip() for part in line.partition("="))
        if short.startswith(("'", "n'")):
            suffixes.append((short, tuple(long.split())))
        else:
            whole[short] = tuple(long.split())
    # Longest suffix first: "n't" before "'t" would matter if both were listed.
    suffixes.sort(key=lambda s: -len(s[0]))
    return whole, tuple(suffixes)


def expand(norm: str) -> tuple[str, ...]:
    if "'" not in norm:
        return (norm,)
    whole, suffixes = contractions()
    if norm in whole:
        return whole[norm]
    for suffix, long in suffixes:
        if norm.endswith(suffix) and len(norm) > len(suffix):
            return (norm[: -len(suffix)], *long)
    return (norm,)


def pieces(text: str, lengths=None) -> list[list[Word]]:
    """The printing's words in pieces it printed contiguously (split at
    ellipses and between the spans of a split quotation), contractions expanded."""
    out: list[list[Word]] = []
    offset = 0
    for part in span_texts(text, list(lengths) if lengths else None):
        out.append([])
        for t in tokenize(part):
            if t.norm == GAP:
                out.append([])
                continue
            out[-1] += [Word(w, offset + t.start, offset + t.end, text) for w in expand(t.norm)]
        offset += len(part) + 1
    return [p for p in out if p]


@dataclass(frozen=True, slots=True)
class _Site:
    start: int  # reference words [start, end) this printing prints differently
    end: int
    words: tuple[str, ...]  # what it prints there (normalised; empty: dropped)
    plain: str  # the same, as printed
    wide: str  # and a word either side


@dataclass
class _Aligned:
    printing: Printing
    chains: list[tuple[int, int]]  # reference stretches [lo, hi) it prints, one per contiguous run
    sites: list[_Site]


def misquotes(printings: list[Printing], reference: str | None = None) -> dict[object, list[Change]]:
    """For each flagged printing (by key), the points where its words differ
    from what at least as many other sources print. Printings not flagged are
    absent. `reference` is only the frame the printings are aligned on (by
    default their canonical text); its own words count only through the
    printings that print them."""
    printings = [p for p in printings if p.text and p.text.strip()]
    if len(printings) < 2:
        return {}
    # Printings with the same words align the same way: each wording once
    # (a statement carried by hundreds of outlets has few wordings).
    wordings = {(p.text, p.lengths): pieces(p.text, p.lengths) for p in printings}
    ref, done = _frame(wordings, reference or canonical_text([p.text for p in printings]))
    alignments = {}
    for wording, split in wordings.items():
        size, found = done[wording]
        # Aligned before the frame grew: a later passage may fit it better.
        alignments[wording] = found if size == len(ref) else [_align_piece(piece, ref) for piece in split]
    aligned = []
    for p in printings:
        found = alignments[(p.text, p.lengths)]
        chains = [c for piece_chains, _ in found for c in piece_chains]
        aligned.append(_Aligned(p, chains, [s for _, sites in found for s in sites]))
    return _vote(aligned, ref)


def _frame(wordings: dict, reference: str) -> tuple[list[Word], dict]:
    """The reference's words, then each passage no earlier one holds (a
    statement of several sentences that outlets printed apart), with a
    boundary between passages that no alignment crosses; and each wording's
    alignment on the frame as it stood then, with the frame's size."""
    ref: list[Word] = []
    for piece in pieces(reference):
        ref += [_boundary(len(ref)), *piece]
    done = {}
    for wording in sorted(wordings, key=lambda w: -len(w[0])):
        found = [_align_piece(piece, ref) for piece in wordings[wording]]
        done[wording] = (len(ref), found)
        for piece, (chains, _) in zip(wordings[wording], found):
            if sum(hi - lo for lo, hi in chains) * 2 < len(piece):
                ref += [_boundary(len(ref)), *piece]
    return ref, done


def _boundary(k: int) -> Word:
    return Word(f"{BOUNDARY}{k}", 0, 0)


def _align_piece(piece: list[Word], ref: list[Word]) -> tuple[list[tuple[int, int]], list[_Site]]:
    """The piece aligned on the one passage of the frame it matches best."""
    best: tuple[list[tuple[int, int]], list[_Site]] = ([], [])
    bounds = [i for i, w in enumerate(ref) if w.norm.startswith(BOUNDARY)] + [len(ref)]
    for lo, hi in zip(bounds, bounds[1:]):
        found = _align_passage(piece, ref[lo + 1: hi], lo + 1)
        if sum(h - l for l, h in found[0]) > sum(h - l for l, h in best[0]):
            best = found
    return best


def _align_passage(piece: list[Word], ref: list[Word], offset: int) -> tuple[list[tuple[int, int]], list[_Site]]:
    chains: list[tuple[int, int]] = []
    sites: list[_Site] = []
    piece, _ = _join_compounds(piece, {w.norm for w in ref})
    ref_words, first = _join_compounds(ref, {w.norm for w in piece})
    # Indices into the joined passage, mapped back to the frame's own word
    # positions so that every printing votes in one frame.
    first = [offset + i for i in first] + [offset + len(ref)]
    alias = spelling_aliases([w.norm for w in piece], [w.norm for w in ref_words])
    a = [alias.get(w.norm, w.norm) for w in piece]
    b = [w.norm for w in ref_words]
    blocks = _tighten([m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size], a, b)
    for chain in _chains(blocks):
        if not _anchored(chain, len(a)):
            continue
        chains.append((first[chain[0].b], first[chain[-1].b + chain[-1].size]))
        for x, y in zip(chain, chain[1:]):
            p1, p2 = x.a + x.size, y.a
            r1, r2 = first[x.b + x.size], first[y.b]
            sites.append(_Site(r1, r2, tuple(a[p1:p2]), _surface(piece, p1, p2), _surface(piece, p1, p2, True)))
        sites += _edges(chain, a, b, piece, first)
    return chains, sites


def _tighten(blocks: list[Match], a: list[str], b: list[str]) -> list[Match]:
    """Matching blocks moved as close to the longest one as their words
    allow. difflib takes the first occurrence of a repeated word, so "the
    sailors who stayed" would pair its "the" with an earlier "the" in "the
    harbour, and the fishermen who stayed" and read four words as changed
    rather than one."""
    if len(blocks) < 2:
        return blocks
    k = max(range(len(blocks)), key=lambda i: blocks[i].size)
    out = list(blocks)
    for i in range(k - 1, -1, -1):
        m, limit = out[i], out[i + 1].b - out[i].size
        words = a[m.a: m.a + m.size]
        for j in range(limit, m.b, -1):
            if b[j: j + m.size] == words:
                out[i] = Match(m.a, j, m.size)
                break
    for i in range(k + 1, len(out)):
        m, limit = out[i], out[i - 1].b + out[i - 1].size
        words = a[m.a: m.a + m.size]
        for j in range(limit, m.b):
            if b[j: j + m.size] == words:
                out[i] = Match(m.a, j, m.size)
                break
    return out


def _anchored(chain, n: int) -> bool:
    """A long enough run of shared words, or a short printing matched at
    both its ends with most of its words ("will not be rushed" / "will
    never be rushed")."""
    if max(m.size for m in chain) >= min(ANCHOR, n):
        return True
    matched = sum(m.size for m in chain)
    return n >= 3 and chain[0].a == 0 and chain[-1].a + chain[-1].size == n and matched * 3 >= n * 2


def _edges(chain, a: list[str], b: list[str], piece: list[Word], first: list[int]) -> list[_Site]:
    """Words at a printing's start or end in the place of other words the
    reference has there: as many words printed as the reference has, so it
    is not the outlet starting its quotation earlier ("will not" where the
    others print "would not"). Printed words where the passage has
    nothing are not judged."""
    out = []
    head, tail = chain[0], chain[-1]
    n = head.a
    if 0 < n <= EDGE and head.b >= n:
        out.append(_Site(first[head.b - n], first[head.b], tuple(a[:n]),
                         _surface(piece, 0, n), _surface(piece, 0, n, True)))
    end_a, end_b = tail.a + tail.size, tail.b + tail.size
    n = len(a) - end_a
    if 0 < n <= EDGE and end_b + n <= len(b):
        out.append(_Site(first[end_b], first[end_b + n], tuple(a[end_a:]), _surface(piece, end_a, len(a)),
                         _surface(piece, end_a, len(a), True)))
    return out


def _chains(blocks) -> list[list]:
    """Matching blocks grouped into runs whose gaps are small enough to be
    changed words rather than a jump to another passage."""
    out: list[list] = []
    for m in blocks:
        if out:
            prev = out[-1][-1]
            gap_a, gap_b = m.a - (prev.a + prev.size), m.b - (prev.b + prev.size)
            if 0 <= gap_a <= MAX_CHANGE and 0 <= gap_b <= MAX_CHANGE:
                out[-1].append(m)
                continue
        out.append([m])
    return out


@dataclass
class _Version:
    words: tuple[str, ...]  # normalised; empty where words were dropped
    plain: str
    wide: str  # with a word either side
    sources: set = field(default_factory=set)
    printers: list = field(default_factory=list)


def _vote(aligned: list[_Aligned], ref: list[Word]) -> dict[object, list[Change]]:
    # Every point where some printing differs, each version printed there,
    # and who prints it.
    spans: dict[tuple[int, int], dict] = defaultdict(dict)
    for al in aligned:
        for s in al.sites:
            v = spans[(s.start, s.end)].setdefault(s.words, _Version(s.words, s.plain, s.wide))
            v.sources.add(_source(al.printing))
            v.printers.append(al.printing.key)
    flagged: dict[object, list[Change]] = defaultdict(list)
    for (start, end), variants in spans.items():
        versions = list(variants.values())
        keeps = [al for al in aligned if _prints_reference(al, start, end)]
        if keeps:
            versions.append(_Version(
                tuple(w.norm for w in ref[start:end]), _surface(ref, start, end), _surface(ref, start, end, True),
                {_source(al.printing) for al in keeps}, [al.printing.key for al in keeps],
            ))
        for v in versions:
            # The strongest other version, counting only other sources: an
            # outlet that printed two passages of a statement differently
            # has not misquoted itself.
            rival = max((w for w in versions if w is not v), key=lambda w: len(w.sources - v.sources), default=None)
            if rival is None or not rival.sources - v.sources or len(rival.sources - v.sources) < len(v.sources):
                continue
            wide = not v.words or not rival.words or start == end
            change = Change(rival.wide if wide else rival.plain, v.wide if wide else v.plain,
                            len(rival.sources), len(v.sources))
            for key in dict.fromkeys(v.printers):
                flagged[key].append(change)
    return dict(flagged)


def _source(printing: Printing):
    return printing.source if printing.source is not None else printing.key


def _prints_reference(al: _Aligned, start: int, end: int) -> bool:
    """Whether the printing prints the reference's own words at [start, end):
    it covers them (for an insertion point, the words either side) in one
    contiguous run and changed nothing there."""
    lo_need, hi_need = (start - 1, end + 1) if start == end else (start, end)
    if not any(lo <= lo_need and hi_need <= hi for lo, hi in al.chains):
        return False
    for s in al.sites:
        if start == end or s.start == s.end:
            if s.start <= end and start <= s.end:
                return False
        elif s.start < end and start < s.end:
            return False
    return True


def _surface(words: list[Word], i: int, j: int, context: bool = False) -> str:
    """Words i..j-1 as printed; with `context`, and a word either side, so
    that a dropped or added word reads as a change ("back to what" / "back
    what")."""
    if context:
        i, j = max(0, i - 1), min(len(words), j + 1)
    if i >= j:
        return ""
    return words[i].src[words[i].start: words[j - 1].end]


def _join_compounds(seq: list[Word], vocab: set[str]) -> tuple[list[Word], list[int]]:
    """Two adjacent words joined where the other side has them as one
    ("any more" / "anymore", "can not" / "cannot"), and for each resulting
    word the index of its first word in `seq`."""
    out: list[Word] = []
    first: list[int] = []
    i = 0
    while i < len(seq):
        first.append(i)
        if i + 1 < len(seq) and seq[i].norm + seq[i + 1].norm in vocab:
            out.append(Word(seq[i].norm + seq[i + 1].norm, seq[i].start, seq[i + 1].end, seq[i].src))
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out, first
