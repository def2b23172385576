"""Split an article into paragraphs by character offsets, never copying or
normalising the text, so every offset stays an offset into the source."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# A paragraph longer than this is parsed in pieces: spaCy refuses texts over
# nlp.max_length and the parser's cost per piece stays predictable.
MAX_PIECE = 20_000

_LINE = re.compile(r"[^\n]*\n?")
# a sentence end (closing marks and brackets included) followed by a space
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s)")
_TERMINAL = re.compile(r"[.!?…:;\"”’')\]]\s*$")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int   # exclusive; leading/trailing whitespace already trimmed


def split_paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per line, except that a hard-wrapped line (ending
    mid-sentence, next line starting lower-case) continues its paragraph."""
    lines = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        raw = m.group()
        body = raw.rstrip("\n")
        lead = len(body) - len(body.lstrip())
        s, e = m.start() + lead, m.start() + len(body.rstrip())
        lines.append((s, e))
    paras: list[list[int]] = []
    for s, e in lines:
        if s >= e:
            paras.append(None)  # blank line: a hard boundary
            continue
        prev = paras[-1] if paras else None
        if prev is not None and _continues(text, prev[1], s):
            prev[1] = e
        else:
            paras.append([s, e])
    return [Paragraph(p[0], p[1]) for p in paras if p is not None]


def _continues(text: str, prev_end: int, start: int) -> bool:
    tail = text[max(0, prev_end - 1):prev_end]
    head = text[start:start + 1]
    return bool(tail) and tail.isalpha() and tail.islower() and head.islower()


def split_pieces(text: str, start: int, end: int, limit: int = MAX_PIECE,
                 quoted: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most ``limit`` characters. Each cut
    is at the last sentence end in the second half of its window that is not
    inside a quotation (``quoted``: the regions' outer spans), else at the last
    sentence end there, else at whitespace, else anywhere. A story pasted as
    one line is one paragraph of any length: cutting inside a quotation would
    parse its two halves apart and lose the cue that attributes it."""
    quoted = sorted(quoted)
    q_starts = [s for s, _ in quoted]

    def inside(pos: int) -> bool:
        # top-level regions do not overlap: only the last one opening before pos can hold it
        k = bisect.bisect_left(q_starts, pos) - 1
        return k >= 0 and quoted[k][1] > pos

    pieces = []
    while end - start > limit:
        lo, hi = start + limit // 2, start + limit
        # endpos hi + 1: the lookahead may see the space at hi, no match ends past hi
        ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi + 1) if not _abbreviation(text, m.start())]
        cut = next((c for c in reversed(ends) if not inside(c)), ends[-1] if ends else -1)
        if cut < 0:
            cut = max(text.rfind(c, lo, hi) for c in " \n\t")
        if cut <= start:
            cut = hi
        pieces.append((start, cut))
        start = cut
        while start < end and text[start].isspace():  # a piece never opens on a space token
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _abbreviation(text: str, dot: int) -> bool:
    """The word ending at ``dot`` may be a title or an initialism ("Mr.",
    "Gen.", "U.S."), whose full stop ends no sentence: a short capitalised
    word or one with a stop inside. Passing over a real sentence end here
    only moves the cut back to an earlier one."""
    word = text[text.rfind(" ", 0, dot) + 1:dot]
    return "." in word or (word[:1].isupper() and len(word) <= 4)
