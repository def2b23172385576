"""Find quoted stretches of text by scanning quotation marks.

Marks are judged by what is on either side of them, not by glyph alone:
newsroom copy uses ” to open, doubles marks (“”As far…), mixes straight and
curly marks and leaves quotes open to the end of a paragraph. Apostrophes
(Ukraine’s, won’t) sit between letters and are never taken for marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = "\"“”„‟«»〝〞＂"
SINGLE = "'‘’‚‛‹›"
_PREFERS_OPEN = set("“„‟«〝‘‚‛‹")
_PREFERS_CLOSE = set("”»〞’›")
_OPEN_BEFORE = set("([{—–-/") | set(DOUBLE) | set(SINGLE)
_CLOSE_AFTER = set(".,;:!?)]}—–-…/") | set(DOUBLE) | set(SINGLE)
# a sentence end inside an unclosed quote, where a new opening mark cuts it
_TERMINATOR = re.compile(r"[.!?…](?=\s)")
_ELISION = re.compile(r"\d\ds\b|em\b|til\b|tis\b|n\b", re.I)  # ’90s, ’em, rock ’n’ roll
MAX_SINGLE = 400  # a ‘single-quoted’ stretch longer than this is apostrophes misread


@dataclass(frozen=True)
class QuoteRegion:
    start: int             # interior, marks excluded
    end: int
    open_mark: tuple[int, int]
    close_mark: tuple[int, int] | None   # None: runs unclosed to a cut or the paragraph end
    double: bool           # “double” (or straight/guillemet) rather than ‘single’

    @property
    def outer(self) -> tuple[int, int]:
        return self.open_mark[0], (self.close_mark[1] if self.close_mark else self.end)


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    can_open: bool
    can_close: bool
    prefers: str | None   # "open", "close" or None


def _flanks(text: str, start: int, end: int, lo: int, hi: int) -> tuple[bool, bool]:
    prev = text[start - 1] if start > lo else None
    nxt = text[end] if end < hi else None
    can_open = nxt is not None and not nxt.isspace() and (prev is None or prev.isspace() or prev in _OPEN_BEFORE)
    can_close = prev is not None and not prev.isspace() and (nxt is None or nxt.isspace() or nxt in _CLOSE_AFTER)
    return can_open, can_close


def _double_marks(text: str, lo: int, hi: int) -> list[_Mark]:
    marks, i = [], lo
    while i < hi:
        if text[i] in DOUBLE:
            j = i
            while j < hi and text[j] in DOUBLE:  # “” doubled marks act as one
                j += 1
            glyphs = set(text[i:j])
            prefers = "open" if glyphs <= _PREFERS_OPEN else "close" if glyphs <= _PREFERS_CLOSE else None
            can_open, can_close = _flanks(text, i, j, lo, hi)
            if can_open or can_close:  # a mark with space on both sides is a separator (Home » News)
                marks.append(_Mark(i, j, can_open, can_close, prefers))
            i = j
        else:
            i += 1
    return marks


def _role(mark: _Mark, is_open: bool) -> str:
    if mark.prefers == "open" and mark.can_open:
        return "open"
    if mark.prefers == "close" and mark.can_close:
        return "close"
    if mark.can_open and not mark.can_close:
        return "open"
    if mark.can_close and not mark.can_open:
        return "close"
    return "close" if is_open else "open"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def scan_paragraph(text: str, lo: int, hi: int) -> list[QuoteRegion]:
    """Quoted regions of text[lo:hi] in document order, top level only
    (a ‘quote within a quote’ is part of its outer quote)."""
    regions: list[QuoteRegion] = []
    opened: _Mark | None = None
    for mark in _double_marks(text, lo, hi):
        role = _role(mark, opened is not None)
        if role == "open":
            if opened is not None:
                # A new quote opens while one is unclosed: the first ended at
                # its last sentence end ("…on the ground. According to X, ”…").
                cut = None
                for m in _TERMINATOR.finditer(text, opened.end, mark.start):
                    cut = m.end()
                s, e = _trimmed(text, opened.end, cut if cut is not None else mark.start)
                if s < e:
                    regions.append(QuoteRegion(s, e, (opened.start, opened.end), None, True))
            opened = mark
        elif opened is not None:
            s, e = _trimmed(text, opened.end, mark.start)
            if s < e:
                regions.append(QuoteRegion(s, e, (opened.start, opened.end), (mark.start, mark.end), True))
            opened = None
    if opened is not None:
        s, e = _trimmed(text, opened.end, hi)
        if s < e:
            regions.append(QuoteRegion(s, e, (opened.start, opened.end), None, True))
    # ‘single’ marks are scanned around the double-quoted regions, which they
    # may enclose: British copy nests “double” inside ‘single’ (‘… told us:
    # “Be patient.” Well, …’). A double region inside a single one is nested.
    singles = _single_regions(text, lo, hi, [r.outer for r in regions], _next_opens_single(text, hi))
    if singles:
        regions = [r for r in regions if not any(sr.start <= r.open_mark[0] and r.outer[1] <= sr.end for sr in singles)]
    regions.extend(singles)
    regions.sort(key=lambda r: r.start)
    return regions


def _next_opens_single(text: str, hi: int) -> bool:
    """The next paragraph opens with a single mark: a quote left open at the
    end of this one runs on (the multi-paragraph convention)."""
    j = hi
    while j < len(text) and text[j].isspace():
        j += 1
    return j > hi and "\n" in text[hi:j] and j + 1 < len(text) and text[j] in "‘'" and text[j + 1].isalnum()


def _single_regions(text: str, lo: int, hi: int, skip: list[tuple[int, int]] = (),
                    runs_on: bool = False) -> list[QuoteRegion]:
    out, opened = [], None
    skip = sorted(skip)
    k = 0
    for i in range(lo, hi):
        while k < len(skip) and skip[k][1] <= i:
            k += 1
        if k < len(skip) and skip[k][0] <= i:
            continue  # inside a double-quoted region
        ch = text[i]
        if ch not in SINGLE:
            continue
        prev = text[i - 1] if i > lo else None
        nxt = text[i + 1] if i + 1 < hi else None
        if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe: Ukraine’s, won’t
        can_open, can_close = _flanks(text, i, i + 1, lo, hi)
        if opened is None:
            if can_open and ch not in _PREFERS_CLOSE and nxt.isalnum() and not _ELISION.match(text, i + 1):
                opened = i
            elif can_open and ch == "’" and nxt.isupper():
                opened = i  # ’ misused as an opening mark before a capital
        elif can_close and ch not in _PREFERS_OPEN and not _plural_possessive(text, i, hi):
            s, e = _trimmed(text, opened + 1, i)
            if s < e and e - s <= MAX_SINGLE and any(c.isalpha() for c in text[s:e]):
                out.append(QuoteRegion(s, e, (opened, opened + 1), (i, i + 1), False))
            opened = None
    if opened is not None and runs_on:
        s, e = _trimmed(text, opened + 1, hi)
        if s < e and e - s <= MAX_SINGLE and text[e - 1] in ".!?…":
            out.append(QuoteRegion(s, e, (opened, opened + 1), None, False))
    return out


def _possessive_shape(text: str, i: int) -> bool:
    # owners’ and: a ’ after -s, then a space and a lower-case word
    return text[i - 1] in "sS" and text[i + 1:i + 2] == " " and text[i + 2:i + 3].islower()


def _plural_possessive(text: str, i: int, hi: int) -> bool:
    """Inside ‘single’ marks, a ’ after a plural is the possessive, not the
    close, when the same sentence goes on to a ’ that can only be the close
    (‘the owners’ and directors’ test in the usual way’). Curly marks only:
    with straight ones, openers and closers cannot be told apart."""
    if text[i] != "’" or not _possessive_shape(text, i):
        return False
    for j in range(i + 1, hi):
        c = text[j]
        if c == "‘" or c in ".!?" and text[j + 1:j + 2] == " " and text[j + 2:j + 3].isupper():
            return False  # another quote opens, or the sentence ends, first
        if c != "’" or j + 1 < hi and text[j + 1].isalnum() and text[j - 1].isalnum():
            continue  # not a mark, or an apostrophe inside a word
        if not _possessive_shape(text, j):
            return True
    return False


def parse_text(text: str, lo: int, hi: int, regions: list[QuoteRegion]) -> str:
    """text[lo:hi] with each quote's marks rewritten to plain “ ” (same length),
    so the tagger sees an opening mark where ” or a doubled mark opened."""
    chars = list(text[lo:hi])
    for r in regions:
        for mark, glyph in ((r.open_mark, "“" if r.double else "‘"), (r.close_mark, "”" if r.double else "’")):
            if mark is None or mark[0] < lo or mark[1] > hi:
                continue
            s, e = mark
            chars[s - lo] = glyph
            for k in range(s + 1, e):
                chars[k - lo] = " "
    return "".join(chars)
