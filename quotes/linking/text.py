"""Word-level normalisation shared by shingling, matching and diffs.

Outlets differ in quotation marks, apostrophes, dashes, case and ellipses;
none of those make a different statement, so all are folded away here. An
ellipsis is kept as a gap marker: it tells the matcher that words were
omitted at that point, which must not count against the printing.
"""
import re
from dataclasses import dataclass

GAP = "\u2026"  # one token standing for "words omitted here"

_APOSTROPHES = re.compile(r"[\u2018\u2019\u201b\u2032`\u00b4]")
# "...", ". . ." and "…" all mark an omission.
_ELLIPSIS = re.compile(r"\u2026|\.\s?\.\s?\.")
# A word: letters/digits with inner apostrophes ("won't"). Hyphens split
# words, since outlets print "free-riders" and "free riders" alike.
_WORD = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True, slots=True)
class Token:
    norm: str  # folded form, or GAP
    start: int  # character offsets of the word as printed
    end: int


def tokenize(text: str) -> list[Token]:
    """Words with their offsets in `text`, plus GAP tokens where an ellipsis was."""
    folded = _APOSTROPHES.sub("'", text)
    out: list[Token] = []
    pos = 0
    for gap in _ELLIPSIS.finditer(folded):
        out += _words(folded, pos, gap.start())
        if out and out[-1].norm != GAP:
            out.append(Token(GAP, gap.start(), gap.end()))
        pos = gap.end()
    out += _words(folded, pos, len(folded))
    while out and out[0].norm == GAP:
        out.pop(0)
    while out and out[-1].norm == GAP:
        out.pop()
    return out


# Outlets print a speaker's "did not" as "didn't" and back: one statement.
# A contraction is folded into its full words (each keeps the printed word's
# offsets). Only the unambiguous ones: "'s" and "'d" say two things each.
_NOT = {"won't": ["will", "not"], "can't": ["can", "not"], "cannot": ["can", "not"], "shan't": ["shall", "not"],
        "ain't": ["is", "not"]}
_SUFFIXES = (("n't", ["not"]), ("'ll", ["will"]), ("'re", ["are"]), ("'ve", ["have"]), ("'m", ["am"]))


def _expand(word: str) -> list[str]:
    if word in _NOT:
        return _NOT[word]
    for suffix, full in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return [word[: -len(suffix)], *full]
    return [word]


def _words(text: str, start: int, end: int) -> list[Token]:
    return [Token(w, m.start(), m.end()) for m in _WORD.finditer(text, start, end) for w in _expand(m.group().lower())]


def words(text: str) -> list[str]:
    """Normalised words without gap markers: the unit of shingles and scores."""
    return [t.norm for t in tokenize(text) if t.norm != GAP]


def pieces(text: str, lengths: list[int] | None = None) -> list[list[str]]:
    """Normalised words split at ellipses and between the spans of a split
    quotation (`lengths`: see span_texts): each piece was printed contiguously."""
    out: list[list[str]] = []
    for part in span_texts(text, lengths):
        out.append([])
        for t in tokenize(part):
            if t.norm == GAP:
                out.append([])
            else:
                out[-1].append(t.norm)
    return [p for p in out if p]


def span_texts(text: str, lengths: list[int] | None) -> list[str]:
    """A printing's text cut back into its spans. A quotation split by its
    attribution is printed as its spans joined by one space; the words
    between them (the attribution) were not quoted, so they are a gap, as
    an ellipsis is. Without lengths, or if they do not fit, the whole text."""
    if not lengths or len(lengths) < 2 or sum(lengths) + len(lengths) - 1 != len(text):
        return [text]
    out, pos = [], 0
    for n in lengths:
        out.append(text[pos:pos + n])
        pos += n + 1
    return out


def normalised(text: str) -> str:
    return " ".join(words(text))
