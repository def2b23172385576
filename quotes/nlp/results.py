"""What extraction returns: plain frozen values, safe to keep after the spaCy
Doc (and its memory zone) is gone."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str   # == source[start:end], quotation marks excluded


@dataclass(frozen=True)
class ClaimTerms:
    """What a reported claim is about (nlp/claims.py): content lemmas, names
    (each by its last word) and numbers, each sorted. The linker compares
    claims on them."""
    lemmas: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"lemmas": list(self.lemmas), "names": list(self.names), "numbers": list(self.numbers)}


@dataclass(frozen=True)
class ExtractedQuote:
    spans: tuple[Span, ...]          # >= 1, document order; several when split by its attribution
    kind: str                        # "direct" | "partial" | "indirect"
    speaker: str | None              # canonical in-article name, a group string, or None
    speaker_as_written: str | None   # "he", "Trump's defense secretary", "Mr. Hegseth"
    cue: str | None                  # reporting verb as written: "said", "pointed out"
    is_group: bool = False
    sieve: str | None = None         # stage 1: how the quote was tied to a mention ("cue-syntax", "continuation", …)
    via: str | None = None           # stage 2: how the mention was tied to the speaker ("name", "pronoun", …)
    confidence: float = 0.0          # calibrated chance the speaker is right (data/attribution_confidence.tsv)
    terms: ClaimTerms | None = None  # reported claims only: what the claim is about, for linking

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.spans)

    @property
    def source_kind(self) -> str | None:
        """person, organisation, document or unnamed ("officials", "a source
        familiar with the talks", "a spokeswoman"); None without a speaker."""
        return SOURCE_KINDS.get(self.via) if self.speaker else None


# How stage 2 linked the speaker -> what kind of source it is.
SOURCE_KINDS = {
    "name": "person", "name-unknown": "person", "pronoun": "person", "pronoun-ambiguous": "person",
    "cataphora": "person",
    "description": "person", "description-next": "person",
    "organisation": "organisation", "document": "document",
    "role": "unnamed", "group": "unnamed", "unnamed": "unnamed",
}


@dataclass(frozen=True)
class Person:
    name: str                        # fullest form seen: "Pete Hegseth"
    aliases: tuple[str, ...]         # "Hegseth", "Mr. Hegseth"
    descriptions: tuple[str, ...]    # "the U.S. defense secretary", "US Defense Secretary"
    # The descriptions as titles, with what an appositive's office is of:
    # "the governor of Massachusetts" (the description is "the governor").
    # For the speaker's profile (profile.py); attribution reads descriptions.
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleExtraction:
    quotes: tuple[ExtractedQuote, ...]
    people: tuple[Person, ...]
