"""Tell page furniture (menus, share bars, related-post lists, newsletter and
donation appeals) from reporting, so quotes inside it are never extracted.

Works on paragraph text alone, before any parsing: furniture is also skipped
by the parser, which keeps bulk extraction cheap."""
from __future__ import annotations

import re

from .lexicon import Lexicon
from .paragraphs import Paragraph

_CRUMB_SEPARATORS = (" » ", " › ", " > ")
_BULLET = re.compile(r"^[•·●▪◦■►▸»›]")
_DATE = re.compile(
    r"^(?:\w+day,?\s+)?(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})\s*$",
    re.I,
)
_WORD = re.compile(r"[\w'’&+-]+")
# Words in the longest paragraph that can still be furniture (an appeal runs to
# a few sentences; a story pasted without line breaks is one huge paragraph).
_LONGEST_FURNITURE = 150
# Words in the steps of a breadcrumb trail before the page's title.
_LONGEST_CRUMBS = 20
# The page speaking to its reader rather than reporting. Reporting is in the
# third person; a person's "we" and "you" sit inside quotation marks, and a
# paragraph holding any is never judged by these rules.
_QUOTE_MARKS = set('"“”«»„‘')
_KEYSTROKE = re.compile(
    r"\b(?:press|hit)\s+(?:the\s+)?(?:enter|return|esc|escape|ctrl|cmd)(?![\w-])|\b(?:ctrl|cmd)\s*\+\s*\w", re.I
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.I)
_FIRST_PLURAL = re.compile(r"\b(?:we|us|our|ours)\b", re.I)
_LINK_TAIL = re.compile(r"\bhere\s*$", re.I)  # a link's text: no full stop
_TO_READER = re.compile(r"\b(?:you|your|us)\b", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’')\]]*$")


def strip_breadcrumb(text: str, para: Paragraph) -> Paragraph:
    """A breadcrumb trail ("Home » Section » Title") ends with the page's own
    title, which may quote someone: keep only that last step."""
    body = text[para.start:para.end]
    cut = max(body.rfind(sep) for sep in _CRUMB_SEPARATORS)
    if cut < 0 or len(_words(body[:cut])) > _LONGEST_CRUMBS:
        # the steps before the title are a few words; after many words a » or
        # > is prose ("revenue > costs"), and in a story pasted as one line
        # (which can be a megabyte long) cutting there dropped all the story
        # before it
        return para
    start = para.start + cut + 3
    while start < para.end and text[start].isspace():
        start += 1
    return Paragraph(start, para.end) if start < para.end else para


def furniture_flags(text: str, paragraphs: list[Paragraph], lex: Lexicon) -> list[bool]:
    flags = [_is_furniture(text[p.start:p.end], lex) for p in paragraphs]
    # Pages repeat their title and captions; the repeat is the same printing.
    seen = set()
    for i, p in enumerate(paragraphs):
        body = text[p.start:p.end]
        if body in seen:
            flags[i] = True
        elif not flags[i]:
            seen.add(body)
    # A post teaser is a headline followed by its date: a related-posts list.
    for i in range(len(paragraphs) - 1):
        if not flags[i] and _is_date(text[paragraphs[i + 1].start:paragraphs[i + 1].end]) and _headline_like(
            text[paragraphs[i].start:paragraphs[i].end]
        ):
            flags[i] = True
    # After a section marker ("Related Posts", "Source link") furniture runs on
    # until a paragraph of ordinary prose.
    in_run = False
    for i, p in enumerate(paragraphs):
        body = text[p.start:p.end]
        if _is_marker(body, lex):
            in_run, flags[i] = True, True
        elif in_run:
            # the page's own headline (often quoting someone) also ends a run
            if not flags[i] and (_is_prose(body) or any(c in body for c in "\"“”‘’«")):
                in_run = False
            else:
                flags[i] = True
    return flags


def _words(body: str) -> list[str]:
    return _WORD.findall(body)


def _is_date(body: str) -> bool:
    return bool(_DATE.match(body.strip()))


def _headline_like(body: str) -> bool:
    return len(_words(body)) <= 20 and not _ENDS_SENTENCE.search(body)


def _is_prose(body: str) -> bool:
    return len(_words(body)) >= 20 and bool(_ENDS_SENTENCE.search(body))


def _is_marker(body: str, lex: Lexicon) -> bool:
    return body.strip().rstrip(":").strip().lower() in lex.section_markers


def _bulleted_reporting(body: str) -> bool:
    """A bullet that opens a quotation or ends a sentence is a list of what
    someone said ("Among her lines: • “…”"), not a list of links."""
    item = body[1:].lstrip()
    return item[:1] in "“‘\"'«" or bool(_ENDS_SENTENCE.search(item))


def _addresses_reader(body: str, words: list[str]) -> bool:
    """A search box or a shortcut hint ("press Enter to search", "press Ctrl +
    Enter"), a link inviting the reader ("write to us here"), or an appeal in
    which the outlet and the reader talk ("you could join our community and
    help us ..."): the page, not the story."""
    if _QUOTE_MARKS & set(body):
        return False
    if _KEYSTROKE.search(body):
        return True
    you, we = len(_SECOND_PERSON.findall(body)), len(_FIRST_PLURAL.findall(body))
    if _LINK_TAIL.search(body) and len(words) <= 15 and _TO_READER.search(body):
        return True
    return you >= 2 and we >= 2


def _is_furniture(body: str, lex: Lexicon) -> bool:
    words = _words(body)
    lower = body.lower()
    if not words:
        return True
    if _is_date(body):
        return True
    if len(words) > _LONGEST_FURNITURE:
        return False   # page furniture is short; a long paragraph is the story, whatever it mentions
    if _addresses_reader(body, words):
        return True
    if _BULLET.match(body) and not _bulleted_reporting(body):
        return True
    # " » " between steps is a breadcrumb; a » against a word closes a quotation («Non,» dit-il)
    if " » " in body or "|" in body and len(words) <= 12:
        return True
    share = sum(w.lower() in lex.share_words for w in words)
    if share >= 3 and share * 2 >= len(words):
        return True
    hits = sum(phrase in lower for phrase in lex.furniture_phrases)
    # One phrase flags only a short paragraph: a long one mentioning a
    # newsletter is reporting; an appeal piles several phrases up.
    return hits >= 2 or (hits == 1 and len(words) <= 25)
