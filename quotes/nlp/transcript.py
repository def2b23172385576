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
    r"(?P<label>[A-Z][A-Za-z'’.\-]*(?: [A-Z][A-Za-z'’.\-]*){0,2})"
    # a television transcript's caption after the name: "TOM BRANNIGAN, CHIEF
    # NATIONAL SECURITY CORRESPONDENT:", "RAYMOND DUNHILL, U.S. ARMY (RET.):"
    r"(?:, (?P<role>[A-Z][A-Z0-9.'’&\- ]{0,60}?(?: \([A-Z.]{1,10}\))?))?"
    r"(?: \((?P<part>[^)\n]{1,40})\))?\s?:\s+(?=\S)"
)
_QUESTION_LABELS = {"q", "question", "interviewer"}
# "MAREN STOLT (presenter):" names the one who asks
_ASKING_PARTS = {"presenter", "host", "interviewer", "anchor", "moderator", "chair", "questioner"}
_ANSWER_LABELS = {"a", "answer"}
_OPENING_MARKS = "“‘\"'"
_TERMINAL = ".!?…\"”’'"       # a heading ("4:05 p.m. — Hospitals switch to paper") ends a transcript
_MAX_RUN = 3                  # unlabelled paragraphs one turn can run over
# An interview printed as questions and answers with no labels (the questions
# set in bold on the page): this many exchanges at least, questions this short.
_MIN_EXCHANGES = 3
_QUESTION_WORDS = 60
_SECOND_PERSON = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ours|[Yy]ourself)\b")
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|us)\b")


def caption_name(text: str, para: Paragraph) -> str | None:
    """The full name a transcript label spells in capitals with a caption
    ("PETE HEGSETH, DEFENSE SECRETARY (on tape):" -> "PETE HEGSETH"): the
    label introduces its speaker, who may be named nowhere else."""
    m = _LABEL.match(text, para.start, para.end)
    if m and m.group("role") and m.group("label").isupper() and " " in m.group("label"):
        return m.group("label")
    return None


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
    asking: set[str] = set()
    for i, p in enumerate(paragraphs):
        m = _LABEL.match(text, p.start, p.end)
        if m and len(m.group("label")) <= 40:
            labelled[i] = (m.group("label"), m.end())
            if (m.group("part") or "").strip().lower() in _ASKING_PARTS:
                asking.add(_key(m.group("label")))
    counts: dict[str, int] = {}
    for label, _ in labelled.values():
        counts[_key(label)] = counts.get(_key(label), 0) + 1
    # A label used once, in mixed case, is more likely "Update:" than a speaker.
    labelled = {i: v for i, v in labelled.items() if counts[_key(v[0])] >= 2 or v[0].isupper()}
    if len(labelled) < 2:
        return _unlabelled_interview(text, paragraphs)
    asks = asking | {label for label in counts if _asks(text, paragraphs, labelled, label)}
    turns: list[Turn] = []
    current: Turn | None = None
    for i, p in enumerate(paragraphs):
        if i in labelled:
            label, body = labelled[i]
            question = label.lower() in _QUESTION_LABELS or _key(label) in asks
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
    ends = [text[paragraphs[i].end - 1] == "?" for i, (lab, _) in labelled.items() if _key(lab) == label]
    return len(ends) >= 2 and sum(ends) * 2 > len(ends)


def _last_label(i: int, labelled: dict) -> int:
    return max(j for j in labelled if j < i)


def _continues(i: int, labelled: dict, current: Turn) -> bool:
    """An unlabelled paragraph carries on the turn before it only between two
    labelled paragraphs (after the last label the article's prose resumes),
    except a last question's answer."""
    later = any(j > i for j in labelled)
    return later or (current.question and current.para == i - 1)


def _unlabelled_interview(text: str, paragraphs: list[Paragraph]) -> list[Turn]:
    """A magazine interview without labels: at least _MIN_EXCHANGES short
    paragraphs that are questions ("Is that how you saw it?"), most of them
    put to "you", each answered by a paragraph in the first person. The
    answers (label None) are the interviewee's; an answer runs on over the
    paragraphs up to the next question, except after the last question,
    where the article's own prose may resume. A column's rhetorical
    questions are not put to "you" and answered in turn, so they stay prose."""
    def is_question(p: Paragraph) -> bool:
        body = text[p.start:p.end].rstrip()
        return body.endswith("?") and len(body.split()) <= _QUESTION_WORDS and body[:1] not in _OPENING_MARKS

    question = [is_question(p) for p in paragraphs]   # each paragraph judged once

    def answer(i: int) -> bool:
        return i < len(paragraphs) and not question[i] and text[paragraphs[i].start] not in _OPENING_MARKS

    asked = [i for i in range(len(paragraphs)) if question[i] and answer(i + 1)]
    if len(asked) < _MIN_EXCHANGES:
        return []
    to_you = sum(bool(_SECOND_PERSON.search(text, paragraphs[i].start, paragraphs[i].end)) for i in asked)
    in_first = sum(bool(_FIRST_PERSON.search(text, paragraphs[i + 1].start, paragraphs[i + 1].end)) for i in asked)
    if to_you * 2 < len(asked) or in_first * 3 < len(asked) * 2:
        return []
    turns = []
    for k, i in enumerate(asked):
        turns.append(Turn(i, paragraphs[i].start, paragraphs[i].end, None, True, False))
        nxt = asked[k + 1] if k + 1 < len(asked) else None
        j = i + 1
        while answer(j) and text[paragraphs[j].end - 1] in _TERMINAL and (
                j == i + 1 or nxt is not None and j < nxt and j - i <= _MAX_RUN):
            turns.append(Turn(j, paragraphs[j].start, paragraphs[j].end, None, False, False))
            j += 1
    return turns


def _key(label: str) -> str:
    """"MAREN STOLT" and "STOLT" are one speaker's labels: the last word, lower-case."""
    return label.lower().split()[-1]
