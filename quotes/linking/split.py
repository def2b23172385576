"""A quotation split by its attribution ("“…,” he said, “…”") is one
statement even when extraction returned its halves as two printings; so are
the paragraphs of a quotation that runs on, and of a transcript answer."""
import re

# The split sits on a comma: “We are stepping up the support,” he said. “We will do more.”
_CLOSE = "\u201d\u2019\"'\u00bb\u203a"   # ” ’ " ' » ›
_OPEN = "\u201c\u2018\"'\u00ab\u2039"    # “ ‘ " ' « ‹
_GAP_WORD = re.compile(r"\w+")
# Measured on the gold of the tuned sets (seeds, A, B, E, G): attributions
# between the halves of one quotation run to 18 words ("said Dr. X, an
# astrobiologist at the Y Space Centre,"), 119 characters; most are 2-10
# words. Past 5 words, a gap between two different statements is as common
# as one inside a statement when the first quotation sits inside the
# writer's sentence; when it opens its sentence, none were (the gold of the
# tuned sets, tried with every reporting verb standing in for the cue).
MAX_GAP_CHARS = 140
MAX_GAP_WORDS = 18
MAX_EMBEDDED_GAP_WORDS = 5
# A sentence ends inside the gap ("he said. But for now, he said,"): the
# second quotation belongs to a new sentence, a new statement. A period
# after a short capitalised word ("Dr.", "St.") is an abbreviation.
_SENTENCE_END = re.compile(r"(\w+)[.!?]\s+[A-Z]")
# A document's own verb ("“…,” the statement read. “…”"): extraction records
# no cue for it, since a text is not a person speaking, but between the
# halves it is an attribution like "said".
DOCUMENT_VERBS = frozenset({"read", "reads"})


def is_split_pair(
    text: str, first: tuple[int, int], second_start: int, cues: tuple[str | None, ...],
    verbs: frozenset[str] = frozenset(),
) -> bool:
    """Whether text[first_end:second_start] is only an attribution between the
    halves of one quotation: a comma closes the first half, one clause in the
    same paragraph holds the reporting verb, then the quotation reopens.
    `verbs` (reporting verb forms) stand in for the cue when extraction
    recorded none for either half."""
    first_start, first_end = first
    if not 0 < second_start - first_end <= MAX_GAP_CHARS:
        return False
    gap = text[first_end:second_start]
    if "\n" in gap:
        return False  # a new paragraph is a new statement
    inner = gap.strip()
    before = text[:first_end].rstrip()
    if not (before.endswith(",") or inner.startswith(",")):
        return False
    inner = inner.lstrip(",").strip()
    if not inner or inner[0] not in _CLOSE or inner[-1] not in _OPEN:
        return False
    attribution = inner[1:-1]
    gap_words = [w.lower() for w in _GAP_WORD.findall(attribution)]
    # A first half inside the writer's sentence (Nyland “has now presented
    # the ask,” Grand said. “…”) is joined only across a bare attribution:
    # after "Though he calls the closure “painful,”" a longer gap is
    # another statement ("Nyland says he has no choice. “…”").
    limit = MAX_GAP_WORDS if _opens_sentence(text, first_start) else MAX_EMBEDDED_GAP_WORDS
    if not 0 < len(gap_words) <= limit:
        return False
    if any(len(m.group(1)) > 3 or m.group(1).islower() for m in _SENTENCE_END.finditer(attribution)):
        return False
    # The reporting verb of either half ("said", "pointed out") must be the
    # attribution in between.
    gap_set = set(gap_words)
    wanted = [{w.lower() for w in _GAP_WORD.findall(cue)} for cue in cues if cue]
    if not wanted:
        return bool(gap_set & (verbs | DOCUMENT_VERBS))
    return any(verb and verb <= gap_set for verb in wanted)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the quotation whose words begin at `start` opens its sentence:
    nothing but its opening mark since the paragraph began, or since a
    sentence ended."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip().rstrip(_OPEN).rstrip()
    if not before:
        return True
    return before[-1] in ".!?:" or (before[-1] in _CLOSE and before[:-1].rstrip()[-1:] in (".", "!", "?"))


# The first paragraph of a quotation that runs on: no closing mark, the
# paragraph ends, and the next paragraph reopens the quotation.
_RUN_ON = re.compile(r"[^\S\n]*\n\s*[\u201c\u2018\"']\Z")
# Two paragraphs of unquoted speech with nothing between them: one answer
# in a transcript, which names its speaker once, before the first.
_TURN = re.compile(r"[^\S\n]*\n\s*\Z")


def is_run_on_pair(text: str, first_end: int, second_start: int) -> bool:
    """Whether the quotation ending at `first_end` runs on into the next
    paragraph, which reopens it at `second_start` (newspaper style: a quote
    over several paragraphs closes only at its end). One statement; the
    later paragraphs usually carry no attribution."""
    if not 0 < second_start - first_end <= MAX_GAP_CHARS:
        return False
    if first_end < len(text) and text[first_end] in _CLOSE:
        return False
    return bool(_RUN_ON.fullmatch(text, first_end, second_start))


def is_turn_pair(text: str, first_end: int, second_start: int) -> bool:
    """Whether two printings are consecutive paragraphs of one unquoted
    answer: neither is in quotation marks, and only the paragraph break
    lies between them (a question or a new speaker's label would)."""
    if not 0 < second_start - first_end <= MAX_GAP_CHARS:
        return False
    if first_end < len(text) and text[first_end] in _CLOSE:
        return False
    if second_start > len(text) or text[second_start - 1] in _OPEN:
        return False
    return bool(_TURN.fullmatch(text, first_end, second_start))
