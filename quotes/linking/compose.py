"""The canonical wording of a statement, and each printing's differences from it."""
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from quotes.linking.match import MIN_SIMILARITY, Variant, encode, containment, overlap
from quotes.linking.text import GAP, Token, tokenize

MAX_PASSES = 4


def canonical_text(texts: list[str]) -> str:
    """The most complete variant: the printing with the most words, extended
    by any printing that continues it (one outlet printed the first half of
    a statement, another the second half, a third the middle that joins
    them), so that the canonical text covers everything anyone printed.
    Of printings with as many words, the first in `texts` is the base."""
    texts = [t.strip() for t in texts if t and t.strip()]
    if not texts:
        return ""
    order = sorted(texts, key=lambda t: -len(Variant.of(t)))
    canon = order[0]
    pending = order[1:]
    # Each pass can only make the canonical text longer; a bridge printed
    # later in the list may be what lets an earlier one attach. Chains longer
    # than a few links are rare, and each pass costs a comparison per variant.
    changed, passes = True, 0
    while changed and pending and passes < MAX_PASSES:
        changed, passes = False, passes + 1
        for text in list(pending):
            merged = _extend(canon, text)
            if merged is not None:
                canon = merged
                pending.remove(text)
                changed = True
    return canon


def _extend(canon: str, text: str) -> str | None:
    """`canon` grown by `text` if `text` continues it; `canon` itself if
    `text` adds nothing; None if they do not meet (yet)."""
    cv, tv = Variant.of(canon), Variant.of(text)
    if len(tv) <= 2 or containment(tv, cv) >= MIN_SIMILARITY:
        return canon
    c_tok, t_tok = _words(canon), _words(text)
    c_words, t_words = [t.norm for t in c_tok], [t.norm for t in t_tok]
    after = overlap(c_words, t_words)
    if after:
        _, j = after
        # Splice where the shared run ends, keeping the punctuation that
        # the continuing printing put there ("Putin. It's ...").
        return canon[: c_tok[-1].end] + text[t_tok[j - 1].end:].rstrip()
    before = overlap(t_words, c_words)
    if before:
        k, _ = before
        # Everything the earlier printing had before the shared run, then the
        # canonical text, which holds the shared run itself.
        return text[: t_tok[len(t_tok) - k].start] + canon
    return None


def _words(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.norm != GAP]


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    op: str  # "same", "changed" (printed, not in the canonical text), "omitted" (canonical, not printed)


def diff_segments(canonical: str, printed: str) -> list[Segment]:
    """The printed wording cut into segments, with words that differ from
    the canonical text marked, and canonical words the printing left out
    inside the stretch it quotes. Words before or after that stretch are
    not "omitted": the outlet simply quoted less."""
    p_tok, c_tok = _words(printed), _words(canonical)
    if not p_tok:
        return [Segment(printed, "same")] if printed else []
    p_enc, c_enc = encode([t.norm for t in p_tok], [t.norm for t in c_tok])
    ops = Levenshtein.opcodes(p_enc, c_enc)
    segments: list[Segment] = []
    if p_tok[0].start:
        segments.append(Segment(printed[: p_tok[0].start], "same"))
    last = len(ops) - 1
    for i, op in enumerate(ops):
        # Levenshtein's "delete" removes a printed word, "insert" adds a
        # canonical one: the printing changed or left out those words.
        if op.tag in ("replace", "insert") and (op.tag == "replace" or 0 < i < last):
            words = " ".join(canonical[t.start: t.end] for t in c_tok[op.dest_start: op.dest_end])
            segments.append(Segment(words, "omitted"))
        if op.tag != "insert":
            kind = "same" if op.tag == "equal" else "changed"
            segments.append(_printed(printed, p_tok, op.src_start, op.src_end, kind))
    return _merge(segments)


def _printed(text: str, toks: list[Token], i: int, j: int, op: str) -> Segment:
    # A segment runs to the start of the next word, so that punctuation
    # and spacing stay exactly as printed.
    end = toks[j].start if j < len(toks) else len(text)
    return Segment(text[toks[i].start: end], op)


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if not s.text:
            continue
        if out and out[-1].op == s.op and s.op != "omitted":
            out[-1] = Segment(out[-1].text + s.text, s.op)
        else:
            out.append(s)
    return out
