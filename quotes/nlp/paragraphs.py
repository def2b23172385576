"""Split an article into paragraphs by character offsets, never copying or
normalising the text, so every offset stays an offset into the source."""
from __future__ import annotations

import re
from dataclasses import dataclass

# A paragraph longer than this is parsed in pieces: spaCy refuses texts over
# nlp.max_length and the parser's cost per piece stays predictable.
MAX_PIECE = 20_000

_LINE = re.compile(r"[^\n]*\n?")
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


def split_pieces(text: str, start: int, end: int, limit: int = MAX_PIECE) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most ``limit`` characters, at a
    sentence end if one is near, else at whitespace, else anywhere."""
    pieces = []
    while end - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut >= limit // 2 else limit)
        pieces.append((start, cut))
        start = cut
    if start < end:
        pieces.append((start, end))
    return pieces
