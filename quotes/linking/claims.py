"""How alike two reported claims are: the same claim printed by two outlets
in their own words ("a return to pre-2014 borders is unrealistic" / "Ukraine
is unlikely to restore its 2014 borders").

Plain Python over words, no model: content words folded to a crude stem,
names and numbers weighed as facts. A paraphrase model must beat this
baseline on the claim gold before it replaces it (see
`manage.py evaluate_claim_linking`, which prints the precision/recall curve
the threshold was chosen from)."""
from __future__ import annotations

import re

from .text import tokenize

# Chosen on the tuning claim gold (the seeds' repeated statements, 866
# same-speaker pairs, 26 of them one statement): the lowest threshold at which
# pairs reach precision >= 0.95, a wrong merge being worse than a missed one.
# There recall is 0.04: word overlap cannot tell paraphrases of one claim from
# different claims on the same topic, so the linker does not use it yet.
CLAIM_LINK_THRESHOLD = 0.7

_STOP = frozenset(
    """a an the and or but of to in on at for from by with as is are was were be been being has have had do does
    did will would could should may might must can shall it its this that these those there their them they he
    she his her we our you your i me my not no any all some more most such than then so if into about over after
    before between against during also just only very said says say told""".split()
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s")
_NUMBER = re.compile(r"^\d[\d.,]*$")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def claim_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(content stems, facts): facts are numbers and capitalised words not at
    the start of the claim (names, places)."""
    words, facts = set(), set()
    for k, tok in enumerate(tokenize(text)):
        raw = text[tok.start:tok.end]
        norm = tok.norm.lower()
        if norm in _STOP or len(norm) < 2:
            continue
        if _NUMBER.match(norm) or (k > 0 and raw[:1].isupper()):
            facts.add(_stem(norm))
        words.add(_stem(norm))
    return frozenset(words), frozenset(facts)


def claim_similarity(a: str, b: str) -> float:
    """0-1: the share of the shorter claim's content words the other has,
    halved when both name facts (names, numbers) and share none."""
    wa, fa = claim_terms(a)
    wb, fb = claim_terms(b)
    if not wa or not wb:
        return 0.0
    score = len(wa & wb) / min(len(wa), len(wb))
    if fa and fb and not fa & fb:
        score /= 2
    return score
