"""How alike two reported claims are: the same claim printed by two outlets
in their own words ("a return to pre-2014 borders is unrealistic" / "Ukraine
is unlikely to restore its 2014 borders").

Two measures, both plain Python:
- `claim_score`, the one the linker uses: the claims' terms (content lemmas,
  names and numbers, which the NLP step reads off its parse: nlp/claims.py),
  each weighted by how rare it is among the speaker's claims around the
  same days. A story's own words ("Ukraine", "Putin", "negotiations") are
  in every claim of it and say little about which claim this is; a number
  stated by both is strong evidence, and two different numbers are two
  claims.
- `claim_similarity`, the word-overlap baseline (crude stems, no parse).
A paraphrase model must beat `claim_score` on the claim gold before it
replaces it (see `manage.py evaluate_claim_linking`, which prints both
precision/recall curves the threshold was chosen from)."""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .text import tokenize

# Chosen on the tuning claim gold (seeds + set E: 866 same-speaker pairs
# across articles, 26 of them one statement) from the curve of claim_score:
# the lowest threshold with precision >= 0.95, a wrong merge being worse
# than a missed one. Recall there is 0.115 (3 of 26; the baseline's is 0.04
# at the same precision): the seeds' printings of one claim share few words,
# and their other claims share the story's. Five of the 26 pairs share no
# content word at all ("both leaders want to stop the deaths" / "all parties
# are interested in moving ahead"), so no measure on terms reaches them.
CLAIM_LINK_THRESHOLD = 0.7
# The printings of one claim by several outlets: within this many days of
# each other (a claim made again weeks later is news of its own).
CLAIM_LINK_DAYS = 3


@dataclass(frozen=True)
class Terms:
    """What a claim is about, as stored with its printing (`to_json` of
    nlp.results.ClaimTerms): content lemmas, names, numbers."""

    lemmas: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()

    @classmethod
    def from_json(cls, data: Mapping | None) -> "Terms":
        data = data or {}
        return cls(*(frozenset(data.get(k) or ()) for k in ("lemmas", "names", "numbers")))

    @property
    def keys(self) -> frozenset[str]:
        # Numbers get their own keys: "5" the number is not "5" in a name.
        return self.lemmas | {f"#{n}" for n in self.numbers}

    def __bool__(self) -> bool:
        return bool(self.lemmas or self.numbers)


@dataclass(frozen=True)
class TermCounts:
    """In how many claims of a pool each term is: the claims a printing
    could be one of (the speaker's, around the same days)."""

    claims: int
    df: Mapping[str, int]


def term_counts(pool: Iterable[Terms]) -> TermCounts:
    pool = list(pool)
    return TermCounts(len(pool), Counter(k for terms in pool for k in terms.keys))


def claim_score(a: Terms, b: Terms, counts: TermCounts) -> float:
    """0-1: the weighted share of the lighter claim's terms that the other
    states too; 0 when both state numbers and share none ("cut 300 jobs" /
    "cut 3,000 jobs" are two claims however alike their words). `counts` is
    over a pool holding both claims.

    A term weighs by how few of the pool's *other* claims state it (inverse
    document frequency): a word of the whole story says little, and with no
    other claims to compare, every term weighs the same."""
    if not a or not b or (a.numbers and b.numbers and not a.numbers & b.numbers):
        return 0.0
    ka, kb = a.keys, b.keys
    others = max(counts.claims - 2, 0)

    def weight(k: str) -> float:
        df = max(counts.df.get(k, 0) - (k in ka) - (k in kb), 0)
        return math.log((others + 2) / (df + 1))

    lighter = min(sum(map(weight, ka)), sum(map(weight, kb)))
    # Names are not weighed apart: outlets name different parts of one
    # claim ("the two leaders agreed" / "he and Putin of Russia agreed"),
    # and on the tuning gold halving the score of claims naming nothing in
    # common lost a true link and kept no wrong one out.
    return sum(map(weight, ka & kb)) / lighter if lighter else 0.0


# --- the word-overlap baseline --------------------------------------------

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


def overlap_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
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
    wa, fa = overlap_terms(a)
    wb, fb = overlap_terms(b)
    if not wa or not wb:
        return 0.0
    score = len(wa & wb) / min(len(wa), len(wb))
    if fa and fb and not fa & fb:
        score /= 2
    return score
