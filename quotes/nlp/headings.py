"""Short heading lines inside an article body. A topic heading ("On the
budget", "About the penalty") names what the quotes under it are about,
never who said them: the sieves (extract.py) and the ranker's candidates
(ranker.py) both read it that way."""
from __future__ import annotations

from .paragraphs import Paragraph

# A heading is short: a live-blog entry's heading ("Lee on timing") or a
# topic heading.
HEADING_WORDS = 8
# A heading that opens with one of these names a topic, never a speaker.
TOPIC_OPENERS = frozenset({"on", "about", "regarding", "re", "re:"})
_CLOSING = ".!?;,”’\"'"


# Longer than any heading of HEADING_WORDS words: past it, a paragraph is
# never split into words here (a story pasted as one line is a megabyte long,
# and the ranker asks about the paragraph of every mention).
_LONGEST = 160


def topic_heading(text: str, para: Paragraph) -> bool:
    """A short line with no closing punctuation that opens with a topic word."""
    if para.end - para.start > _LONGEST:
        return False
    words = text[para.start:para.end].split()
    return bool(words) and len(words) <= HEADING_WORDS and words[0].lower() in TOPIC_OPENERS \
        and text[para.end - 1] not in _CLOSING
