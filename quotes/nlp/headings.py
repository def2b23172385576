"""Short heading lines inside an article body. A topic heading ("On the
budget", "About the penalty") names what the quotes under it are about,
never who said them: the sieves (extract.py) and the ranker's candidates
(ranker.py) both read it that way."""
from __future__ import annotations

import re

from .paragraphs import Paragraph

# A heading is short: a live-blog entry's heading ("Lee on timing") or a
# topic heading.
HEADING_WORDS = 8
# A heading that opens with one of these names a topic, never a speaker.
TOPIC_OPENERS = frozenset({"on", "about", "regarding", "re", "re:"})
_CLOSING = ".!?;,”’\"'"
_WORD = re.compile(r"\S+")


def heading_words(text: str, para: Paragraph) -> list[str] | None:
    """The words of a paragraph shaped like a heading (at most HEADING_WORDS
    words, no closing punctuation), or None. Words are read one at a time and
    no further than one past the limit: a story pasted as one line is a
    megabyte long, and the ranker asks about the paragraph of every mention."""
    if para.end <= para.start or text[para.end - 1] in _CLOSING:
        return None
    words = []
    for m in _WORD.finditer(text, para.start, para.end):
        words.append(m.group())
        if len(words) > HEADING_WORDS:
            return None
    return words or None


def topic_heading(text: str, para: Paragraph) -> bool:
    """A heading that opens with a topic word."""
    words = heading_words(text, para)
    return words is not None and words[0].lower() in TOPIC_OPENERS


# A list item's marker before its words ("- “We hear you.”", "• …").
BULLETS = "-–—•*·"
# Lines a speaker's heading may stand above its excerpts: a venue or date
# line, and the excerpts themselves (see extract._heading_speaker).
BLOCK_LINES = 24
BLOCK_HEADER_LINES = 3   # lines that are not excerpts: the heading, a venue or date line, another's
_CAPS_NAME = re.compile(r"(?P<name>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){1,2})(?:,(?P<role> [^\n]+))?$")


def after_bullet(text: str, start: int, end: int) -> int:
    """Where a paragraph's words begin once a list marker is skipped."""
    if start < end and text[start] in BULLETS and start + 1 < end and text[start + 1] == " ":
        return start + 2
    return start


def capitals_name(text: str, para: Paragraph) -> tuple[str, bool] | None:
    """The name a heading spells in capitals ("PETE HEGSETH, US Secretary of
    Defense", "ANN LEE"), and whether a role follows it: a newsletter's way
    of putting a speaker above their excerpts."""
    words = heading_words(text, para)
    if words is None:
        return None
    m = _CAPS_NAME.match(text, para.start, para.end)
    return (m.group("name"), m.group("role") is not None) if m else None
