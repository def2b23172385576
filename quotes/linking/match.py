"""Is printing B the same statement as printing A? The verification step of
the phrase graph (MemeTracker): a shorter variant points to a longer one
that contains it, allowing small word edits and omissions marked by an
ellipsis; two printings that overlap end-to-start (one outlet printed two
sentences together that another printed apart) are also one statement.

Everything works on normalised words (see text.py). Each distinct word is
mapped to one character, so rapidfuzz's fast string alignments run at
word level.
"""
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache

from difflib import SequenceMatcher

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq, Levenshtein

from quotes.linking.text import pieces as text_pieces

# A printing of up to this many words is a fragment (a phrase an outlet
# quoted from a longer sentence). Word overlap alone cannot say which
# statement it came from: it joins one only through its story (see
# fragments.py), never by decide().
FRAGMENT = 3
# Up to this many words, containment must be exact: in a short phrase one
# changed word may well be a different statement ("we will win" / "we will lose").
EXACT_UP_TO = 7
# Above it: word-level similarity of the shorter variant against its best
# window in the longer one (1.0 = identical words).
MIN_SIMILARITY = 0.85
# One printing ending the way another begins links only when the shared
# run is a real stretch of speech, not a stock phrase.
MIN_OVERLAP = 8
# Quotes spread within days. A longer statement first printed well after a
# shorter one it contains is a later statement reusing the earlier words,
# not the full version of it.
LATER_STATEMENT_DAYS = 7


@dataclass
class Rules:
    """The thresholds evaluate_linking sweeps; everything else is a constant."""

    # A printing that is a trimmed run of a longer one (its second half, or
    # the statement without its first clause) links when at least this many
    # words of it appear contiguously in the other.
    # Stop 24 swept 6, 7, 8 on the tuned sets (seeds, A, B, E, G, K, M, F, H):
    # 7 linked 5 more pairs of M, 6 one more of K, and no length linked a
    # wrong pair there; but at 7 two statements sharing a stock phrase ("at
    # the end of the day …", test_common_shingles_are_ignored…) merge. Kept at 8.
    min_run: int = 8

    @contextmanager
    def override(self, **values):
        before = {f.name: getattr(self, f.name) for f in fields(self)}
        for key, value in values.items():
            setattr(self, key, value)
        try:
            yield self
        finally:
            for key, value in before.items():
                setattr(self, key, value)


RULES = Rules()


@dataclass(frozen=True, slots=True)
class Variant:
    """One printing, prepared for matching."""

    pieces: tuple[tuple[str, ...], ...]  # normalised words, split at ellipses
    published: date | None = None

    @classmethod
    def of(cls, text: str, published: date | None = None, lengths: list[int] | None = None) -> "Variant":
        return _variant(text, published, tuple(lengths) if lengths else None)

    @property
    def words(self) -> list[str]:
        return [w for p in self.pieces for w in p]

    def __len__(self) -> int:
        return sum(len(p) for p in self.pieces)


# A candidate's printings are prepared again for each new printing that
# finds it, and a widely carried statement for each article that prints it.
# Variants are immutable, so one may be shared.
@lru_cache(maxsize=4096)
def _variant(text: str, published: date | None, lengths: tuple[int, ...] | None) -> Variant:
    return Variant(tuple(tuple(p) for p in text_pieces(text, list(lengths) if lengths else None)), published)


@dataclass(frozen=True, slots=True)
class Decision:
    link: bool
    how: str  # "contained", "overlap", or why not
    score: float = 0.0


def decide(a: Variant, b: Variant) -> Decision:
    """Whether two printings by the same speaker are one statement."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    if n == 0:
        return Decision(False, "empty")
    if n <= FRAGMENT:
        return Decision(False, "fragment: joined through its story")
    score = containment(short, long)
    if len(short) == len(long):
        # Neither contains the other more than the other way round.
        score = max(score, containment(long, short))
    if score >= _threshold(n):
        if _later_statement(short, long):
            return Decision(False, "later statement reusing the words", score)
        return Decision(True, "contained", score)
    if n > EXACT_UP_TO:
        k = overlap(a.words, b.words) or overlap(b.words, a.words)
        if k:
            return Decision(True, "overlap", k[0])
    run = common_run(short, long)
    if run >= RULES.min_run and not _later_statement(short, long):
        # A trimmed printing (the second half, or the statement without
        # its first clause) whose other words differ from the full one.
        return Decision(True, "run", run)
    return Decision(False, "different", score)


def _threshold(n: int) -> float:
    return 1.0 if n <= EXACT_UP_TO else MIN_SIMILARITY


def _later_statement(short: Variant, long: Variant) -> bool:
    if short.published is None or long.published is None or len(short) == len(long):
        return False
    return (long.published - short.published).days > LATER_STATEMENT_DAYS


def containment(short: Variant, long: Variant) -> float:
    """How well `short` appears inside `long`, in order, piece by piece
    (pieces are what an ellipsis separates): 1.0 means every word is there."""
    long_words = long.words
    vocab = set(long_words)
    s_pieces = [join_compounds(list(p), vocab) for p in short.pieces]
    long_words = join_compounds(long_words, set(short.words))
    if not s_pieces or not long_words:
        return 0.0
    s_enc = encode(*s_pieces, long_words, spelling=True)
    target = s_enc[-1]
    if len(s_pieces) > 1:
        # Try the gapless reading first: one outlet's "…" may cover nothing
        # the other printed.
        whole = _score_in("".join(s_enc[:-1]), target)[0]
        if whole == 1.0:
            return whole
    total = matched = 0.0
    pos = 0
    for enc in s_enc[:-1]:
        score, end = _score_in(enc, target[pos:])
        total += len(enc)
        matched += score * len(enc)
        pos += end
    return matched / total if total else 0.0


def _score_in(needle: str, hay: str) -> tuple[float, int]:
    """The share of `needle`'s words found, in order, in its best window of
    `hay`, and where that window ends."""
    if not needle or not hay:
        return 0.0, 0
    if needle in hay:
        return 1.0, hay.index(needle) + len(needle)
    if len(needle) >= len(hay):
        lo, hi = 0, len(hay)
    else:
        al = fuzz.partial_ratio_alignment(needle, hay)
        # The window is as long as the needle (the alignment may report a
        # shorter one); widen it a little so that words the longer printing
        # inserted ("never have to feel") do not push the needle's out.
        slack = 2 + len(needle) // 8
        end = max(al.dest_end, al.dest_start + len(needle))
        lo, hi = max(0, al.dest_start - slack), min(len(hay), end + slack)
    window = hay[lo:hi]
    return LCSseq.similarity(needle, window) / len(needle), hi


def overlap(a: list[str], b: list[str], *, min_len: int = MIN_OVERLAP) -> tuple[int, int] | None:
    """(k, j) when the last k words of `a` match the first j words of `b`,
    the longest such run of at least `min_len` words; None otherwise."""
    enc_a, enc_b = encode(a, b, spelling=True)
    for k in range(min(len(a), len(b)) - 1, min_len - 1, -1):
        tail = enc_a[-k:]
        for j in (k, k + 1, k - 1):
            if 0 < j < len(b) and Indel.normalized_similarity(tail, enc_b[:j]) >= MIN_SIMILARITY:
                if tail[-1] == enc_b[j - 1] and tail[0] == enc_b[0]:
                    return k, j
    return None


def contains(fragment: Variant, statement: Variant) -> bool:
    """Whether every word of `fragment` is in `statement`, in order and
    contiguous (piece by piece), after normalisation."""
    if not len(fragment):
        return False
    long_words = statement.words
    vocab = set(long_words)
    f_pieces = [join_compounds(list(p), vocab) for p in fragment.pieces]
    *encoded, target = encode(*f_pieces, join_compounds(long_words, set(fragment.words)))
    pos = 0
    for enc in encoded:
        at = target.find(enc, pos)
        if at < 0:
            return False
        pos = at + len(enc)
    return True


def common_run(a: Variant, b: Variant) -> int:
    """The longest run of words printed contiguously in both."""
    best = 0
    for pa in a.pieces:
        for pb in b.pieces:
            pa_j, pb_j = join_compounds(list(pa), set(pb)), join_compounds(list(pb), set(pa))
            enc_a, enc_b = encode(pa_j, pb_j, spelling=True)
            m = SequenceMatcher(None, enc_a, enc_b, autojunk=False).find_longest_match(0, len(enc_a), 0, len(enc_b))
            best = max(best, m.size)
    return best


def join_compounds(seq: list[str], vocab: set[str]) -> list[str]:
    """`seq` with two adjacent words joined where the other printing has
    them as one ("any more" / "anymore", "every day" / "everyday")."""
    out: list[str] = []
    i = 0
    while i < len(seq):
        if i + 1 < len(seq) and seq[i] + seq[i + 1] in vocab:
            out.append(seq[i] + seq[i + 1])
            i += 2
        else:
            out.append(seq[i])
            i += 1
    return out


def encode(*seqs: list[str], spelling: bool = False) -> list[str]:
    """One private-use character per distinct word, shared across `seqs`.
    With `spelling`, a word of the last sequence and one of the others that
    are spelled one letter apart count as one word (see spelling_aliases)."""
    if spelling and len(seqs) > 1:
        alias = spelling_aliases([w for seq in seqs[:-1] for w in seq], seqs[-1])
        seqs = tuple([alias.get(w, w) for w in seq] for seq in seqs)
    vocab: dict[str, str] = {}
    out = []
    for seq in seqs:
        chars = []
        for w in seq:
            c = vocab.get(w)
            if c is None:
                c = vocab[w] = chr(0xF0000 + len(vocab))
            chars.append(c)
        out.append("".join(chars))
    return out


# Words shorter than this are too easily another word one letter away
# ("form" / "from").
SPELLING_MIN = 5


def spelling_aliases(a: list[str], b: list[str]) -> dict[str, str]:
    """Words of `a` that `b` spells one letter differently (Zelenskyy /
    Zelensky, organise / organize, travelled / traveled), mapped to b's
    spelling: only words each printing lacks, of letters only (2024 and
    2025 are different years), five letters or more."""
    set_a, set_b = set(a), set(b)
    only_a = [w for w in set_a - set_b if len(w) >= SPELLING_MIN and w.isalpha()]
    # In the order b prints them: of two of b's words one letter from a
    # word of a, the first printed (not the first of a set, which changes
    # with the process's hash seed).
    only_b = [w for w in dict.fromkeys(b) if w not in set_a and len(w) >= SPELLING_MIN and w.isalpha()]
    alias = {}
    for w in only_a:
        for v in only_b:
            if abs(len(w) - len(v)) <= 1 and Levenshtein.distance(w, v, score_cutoff=1) <= 1:
                alias[w] = v
                break
    return alias
