"""What a reported claim is about, as plain values: its content lemmas, the
names it mentions and the numbers it states. The linker (quotes/linking/
claims.py) compares claims on these, so two outlets' wordings of one claim
can be recognised without re-parsing either article."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .lexicon import Lexicon, _lines
from .results import ClaimTerms

# Parts of speech that carry what a claim says; function words and the
# reporting verb's auxiliaries carry how it was reported.
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
# spaCy entity labels that name something (a date or an amount is a number).
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Negation is what turns "a realistic outcome" into its opposite; it is kept
# as a lemma so that only claims agreeing on it share it.
_NEGATIONS = frozenset({"not", "n't", "never", "no"})


@functools.cache
def _negation_prefixes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes that negate an adjective, word starts that are no negation)."""
    found = {"prefix": [], "except": []}
    for line in _lines("claim_negation.txt"):
        key, _, words = line.partition(":")
        found[key.strip()] += words.split()
    return tuple(found["prefix"]), tuple(found["except"])


def _negated(word: str) -> str | None:
    """What a prefix-negated word negates ("unrealistic" -> "realistic"), or None."""
    prefixes, exceptions = _negation_prefixes()
    if word.startswith(exceptions):
        return None
    for prefix in prefixes:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix):]
    return None


@functools.cache
def _number_words() -> dict[str, str]:
    return {w.strip(): n.strip() for w, n in (line.split(":", 1) for line in _lines("number_words.txt"))}


def _fold(word: str, lex: Lexicon) -> str:
    """One spelling for a place and its people ("Ukrainian", "Kyiv" -> ukraine;
    "the alliance" -> nato), as descriptions are folded for speakers."""
    return lex.canonical_place(word.lower().strip("’'"))


def claim_terms(tokens: Iterable, lex: Lexicon) -> ClaimTerms:
    """The terms of the claim printed in `tokens` (spaCy tokens of its content span)."""
    lemmas, names, numbers = set(), set(), set()
    for tok in tokens:
        text = tok.text
        for digits in _DIGITS.findall(text):
            # "5,000" and "5000" are one number; "pre-2014" states 2014
            numbers.add(digits.replace(",", ""))
        if tok.like_num and (number := _number_words().get(tok.lower_)):
            numbers.add(number)
        if tok.lower_ in _NEGATIONS:
            lemmas.add("not")
            continue
        if tok.is_stop or tok.is_punct or tok.pos_ not in _CONTENT_POS or not any(c.isalpha() for c in text):
            continue
        lemma = _fold(tok.lemma_ or text, lex)
        if tok.pos_ in ("ADJ", "ADV") and (positive := _negated(lemma)):
            # "unrealistic" states what "not realistic" states
            lemmas.add("not")
            lemma = positive
        lemmas.add(lemma)
        if tok.ent_type_ in _NAME_LABELS:
            # A name is known by its last word: "Vladimir Putin" / "Putin".
            if tok.i + 1 >= len(tok.doc) or tok.doc[tok.i + 1].ent_iob_ != "I":
                names.add(lemma)
    return ClaimTerms(lemmas=tuple(sorted(lemmas)), names=tuple(sorted(names)), numbers=tuple(sorted(numbers)))


def claim_terms_at(nlp, lex: Lexicon, text: str, spans: list[tuple[int, int]]) -> list[ClaimTerms]:
    """The terms of claims given by their offsets into `text` (gold claims,
    for measuring): each read off a parse of its own paragraph, as extraction
    reads them off its parse of the article's paragraphs."""
    bounds = []
    for start, end in spans:
        lo = text.rfind("\n", 0, start) + 1
        hi = text.find("\n", end)
        bounds.append((lo, len(text) if hi < 0 else hi))
    paragraphs = sorted(set(bounds))
    docs = dict(zip(paragraphs, nlp.pipe(text[lo:hi] for lo, hi in paragraphs)))
    return [
        claim_terms((t for t in docs[(lo, hi)] if start <= lo + t.idx < end), lex)
        for (start, end), (lo, hi) in zip(spans, bounds)
    ]
