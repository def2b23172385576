"""A quotation split by its attribution ("“…,” he said, “…”") is one
statement even when extraction returned its halves as two printings."""
import re

# The split sits on a comma: “We are stepping up the support,” he said. “We will do more.”
_CLOSE = "\u201d\u2019\"'"
_OPEN = "\u201c\u2018\"'"
_GAP_WORD = re.compile(r"\w+")
MAX_GAP_CHARS = 80
MAX_GAP_WORDS = 5


def is_split_pair(text: str, first_end: int, second_start: int, cues: tuple[str | None, ...]) -> bool:
    """Whether text[first_end:second_start] is only an attribution between the
    halves of one quotation: same paragraph, a comma closing the first half,
    a few words holding the reporting verb, then the quotation reopens."""
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
    gap_words = [w.lower() for w in _GAP_WORD.findall(inner)]
    if not 0 < len(gap_words) <= MAX_GAP_WORDS:
        return False
    # The reporting verb of either half ("said", "pointed out") must be the
    # attribution in between.
    gap_set = set(gap_words)
    verbs = [{w.lower() for w in _GAP_WORD.findall(cue)} for cue in cues if cue]
    return any(verb and verb <= gap_set for verb in verbs)


# The first paragraph of a quotation that runs on: no closing mark, the
# paragraph ends, and the next paragraph reopens the quotation.
_RUN_ON = re.compile(r"[^\S\n]*\n\s*[\u201c\u2018\"']\Z")


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
