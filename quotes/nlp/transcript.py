"""Interview and press-conference transcripts: answers printed after a
speaker label ("BRENNER: …", "Marsh: …", "A: …") or under an interviewer's
"Q:" line, without quotation marks. Plain text rules over paragraph offsets;
who a label names is decided by the caller, against the article's people."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .paragraphs import Paragraph

# A label may follow a timestamp or a clip marker ("[07:01] KRANTZ-BARROW:",
# "(CLIP) OYELARAN:") and carry a part in brackets ("MAREN STOLT (presenter):").
_LABEL = re.compile(
    r"(?:\[[^\]\n]{1,12}\]\s*|\([A-Za-z .]{1,12}\)\s*)*"
    r"(?P<label>[A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,2})(?: \([^)\n]{1,40}\))?\s?:\s+(?=\S)"
)
_QUESTION_LABELS = {"q", "question", "interviewer"}
_ANSWER_LABELS = {"a", "answer"}
_OPENING_MARKS = "“‘\"'"
_TERMINAL = ".!?…\"”’'"       # a heading ("4:05 p.m. — Hospitals switch to paper") ends a transcript
_MAX_RUN = 3                  # unlabelled paragraphs one turn can run over


@dataclass(frozen=True)
class Turn:
    para: int
    start: int                 # the first character of the words spoken
    end: int
    label: str | None          # as written ("BRENNER"); None: an unlabelled answer under a "Q:" line
    question: bool             # the interviewer's turn: not a quote of the interviewee
    quoted: bool               # the words open with a quotation mark (the quote scanner finds them)


def transcript_turns(text: str, paragraphs: list[Paragraph]) -> list[Turn]:
    """Every turn of a transcript in the article, or [] if it has none (at
    least two labelled paragraphs, one of them a question or an answer)."""
    labelled: dict[int, tuple[str, int]] = {}
    for i, p in enumerate(paragraphs):
        m = _LABEL.match(text, p.start, p.end)
        if m and len(m.group("label")) <= 40:
            labelled[i] = (m.group("label"), m.end())
    counts: dict[str, int] = {}
    for label, _ in labelled.values():
        counts[label.lower()] = counts.get(label.lower(), 0) + 1
    # A label used once, in mixed case, is more likely "Update:" than a speaker.
    labelled = {i: v for i, v in labelled.items() if counts[v[0].lower()] >= 2 or v[0].isupper()}
    if len(labelled) < 2:
        return []
    asks = {label for label in counts if _asks(text, paragraphs, labelled, label)}
    turns: list[Turn] = []
    current: Turn | None = None
    for i, p in enumerate(paragraphs):
        if i in labelled:
            label, body = labelled[i]
            question = label.lower() in _QUESTION_LABELS or label.lower() in asks
            current = Turn(i, body, p.end, label, question, text[body] in _OPENING_MARKS)
            turns.append(current)
        elif current is not None and _continues(i, labelled, current) and text[p.end - 1] in _TERMINAL \
                and i - _last_label(i, labelled) <= _MAX_RUN:
            quoted = text[p.start] in _OPENING_MARKS
            if current.question:   # an unlabelled answer under a "Q:" line
                current = Turn(i, p.start, p.end, None, False, quoted)
            else:                  # an answer that runs over several paragraphs
                current = Turn(i, p.start, p.end, current.label, False, quoted)
            turns.append(current)
        else:
            current = None
    return turns


def _asks(text: str, paragraphs: list[Paragraph], labelled: dict, label: str) -> bool:
    """A named interviewer: most of the label's turns end with a question mark."""
    if label in _QUESTION_LABELS or label in _ANSWER_LABELS:
        return False
    ends = [text[paragraphs[i].end - 1] == "?" for i, (lab, _) in labelled.items() if lab.lower() == label]
    return len(ends) >= 2 and sum(ends) * 2 > len(ends)


def _last_label(i: int, labelled: dict) -> int:
    return max(j for j in labelled if j < i)


def _continues(i: int, labelled: dict, current: Turn) -> bool:
    """An unlabelled paragraph carries on the turn before it only between two
    labelled paragraphs (after the last label the article's prose resumes),
    except a last question's answer."""
    later = any(j > i for j in labelled)
    return later or (current.question and current.para == i - 1)
