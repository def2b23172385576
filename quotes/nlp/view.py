"""One article as the rules see it: the source text, its parsed pieces with
their offsets, and the quoted regions. Offsets are always into the source."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .marks import QuoteRegion
from .paragraphs import Paragraph

_SENT_END = re.compile(r"[.!?…][\"”’')\]]*(?=\s+[\"“”‘'(\[A-Z0-9])")


@dataclass
class ArticleView:
    text: str
    paragraphs: list[Paragraph]
    regions: list[QuoteRegion]                 # all quotes, document order
    region_para: list[int]                     # paragraph index of each region
    docs: list[tuple[int, object]]             # (offset, spacy Doc), document order
    lex: Lexicon
    _offset: dict = field(default_factory=dict)
    _outer: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._offset = {id(doc): off for off, doc in self.docs}
        self._outer = sorted(r.outer for r in self.regions)
        self._outer_starts = [s for s, _ in self._outer]
        self._outer_ends = {e for _, e in self._outer}
        self._doc_starts = [off for off, _ in self.docs]
        self._tok_starts = [[t.idx for t in doc] for _, doc in self.docs]
        self._para_starts = [p.start for p in self.paragraphs]

    def para_index(self, pos: int) -> int:
        """The index of the paragraph that `pos` falls in (-1 before the first)."""
        return bisect.bisect_right(self._para_starts, pos) - 1

    def pos(self, tok) -> int:
        return self._offset[id(tok.doc)] + tok.idx

    def end(self, tok) -> int:
        return self.pos(tok) + len(tok.text)

    def quoted(self, pos: int) -> bool:
        """Inside a quotation (marks included)."""
        i = bisect.bisect_right(self._outer_starts, pos) - 1
        return i >= 0 and self._outer[i][0] <= pos < self._outer[i][1]

    def tokens(self, start: int, end: int):
        """Tokens starting in [start, end), by binary search (articles can be huge)."""
        k = max(0, bisect.bisect_right(self._doc_starts, start) - 1)
        while k < len(self.docs) and self.docs[k][0] < end:
            off, doc = self.docs[k]
            idx = self._tok_starts[k]
            lo = bisect.bisect_left(idx, start - off)
            hi = bisect.bisect_left(idx, end - off)
            yield from doc[lo:hi]
            k += 1

    def sentence_bounds(self, para: Paragraph) -> list[int]:
        """Sentence starts in a paragraph, ignoring ends inside quotations and
        after abbreviations ("Mr.", "U.S.", an initial "V.")."""
        starts = [para.start]
        body = self.text
        for m in _SENT_END.finditer(body, para.start, para.end):
            if self.quoted(m.start()) and m.end() not in self._outer_ends:
                continue  # a full stop inside a quote that goes on
            word_start = m.start()
            while word_start > para.start and not body[word_start - 1].isspace():
                word_start -= 1
            word = body[word_start:m.start() + 1].lower().lstrip("(\"“‘'")
            if word in self.lex.abbreviations or re.fullmatch(r"[a-z]\.", word) or re.fullmatch(r"(?:[a-z]\.)+", word):
                continue
            nxt = m.end()
            while nxt < para.end and body[nxt].isspace():
                nxt += 1
            starts.append(nxt)
        return starts
