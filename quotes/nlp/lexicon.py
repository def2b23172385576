"""Word lists the rules consult, loaded from ``data/*.txt``.

The lists are data, not code, so an editor can add "quipped" or a new title
without touching the rules. Loaded once per process (the result is immutable).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    out = []
    for raw in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _verb_forms(lemma: str, irregular: dict[str, tuple[str, ...]]) -> set[str]:
    """Surface forms of a verb, so a cue is found even where the tagger guessed
    wrong (headlines in Title Case: "Hegseth Says …")."""
    forms = {lemma}
    if lemma in irregular:
        forms.update(irregular[lemma])
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma in irregular:  # "say" never makes "sayed"
        forms.discard(lemma + "ed")
    return forms


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]                     # single-word reporting lemmas
    particle_verbs: frozenset[tuple[str, str]]  # ("point", "out")
    verb_forms: dict                          # surface form -> lemma
    past_forms: frozenset[str]                # forms that can only be a verb ("said", "told")
    characterization: frozenset[str]
    honorifics: frozenset[str]
    roles: frozenset[str]                     # single-token role words, lower-case
    multiword_roles: frozenset[tuple[str, ...]]
    role_class: dict                          # role word -> class name
    place: dict                               # variant -> canonical place word
    group_nouns: frozenset[str]
    title_nouns: frozenset[str]
    abbreviations: frozenset[str]
    furniture_phrases: tuple[str, ...]
    section_markers: frozenset[str]
    share_words: frozenset[str]
    rank_modifiers: frozenset[str]            # "deputy": a different office of the same role
    gender: dict                              # word -> "f" | "m" (honorifics, pronouns, gendered roles)
    reporting_nouns: frozenset[str]           # "promise": X's promise to do “…”
    scare_markers: tuple[str, ...]            # "so-called"
    refusal_verbs: frozenset[str]             # "decline": declined to say whether …
    org_words: frozenset[str]                 # "bank", "council": a name that is an organisation
    claim_verbs: frozenset[str] = frozenset()     # "find", "believe": claims only, never a quotation's cue
    document_nouns: frozenset[str] = frozenset()  # "report", "lawsuit": a source that is a document
    claim_noun_verbs: frozenset[tuple[str, str]] = frozenset()  # ("push", "back"): pushed back on concerns that …
    claim_nouns: frozenset[str] = frozenset()     # "criticism": refuted criticism that …
    relatives: frozenset[str] = frozenset()       # "mother", "widow": roles tied to another person
    countries: frozenset[str] = frozenset()       # canonical place words that are countries ("us", "uk")
    implied_places: dict = field(default_factory=dict)  # "pentagon" -> {"us"}: what else a place word says
    org_descriptions: dict = field(default_factory=dict)  # "airline" -> words of names it may stand for
    unnamed_nouns: frozenset[str] = frozenset()   # "official", "source": a source that stays unnamed
    given_gender: dict = field(default_factory=dict)  # "priya" -> "f": the weakest evidence of gender
    event_words: frozenset[str] = frozenset()     # "storm": "Storm Idris" is an event, never a person
    place_words: frozenset[str] = frozenset()     # "bay": "Halvard Bay" is a place, never a person
    excerpt_nouns: frozenset[str] = frozenset()   # "excerpts": "Some excerpts:" introduces the last subject's words
    party_nouns: frozenset[str] = frozenset()     # "republican", "ohioan": "the Wausau Republican" is the person just named

    def place_name(self, words) -> bool:
        """"Halvard Bay": a name of two or more words that ends in a place word
        (data/place_words.txt) and does not start with a known given name."""
        return len(words) > 1 and words[-1].lower() in self.place_words and words[0].lower() not in self.given_gender

    def organisation_name(self, words) -> bool:
        """"Hollins Lane Academy": a word of the name is an organisation word."""
        return any(w.lower() in self.org_words for w in words)

    def is_role(self, word: str) -> bool:
        w = word.lower()
        return w in self.roles or w in self.honorifics

    def canonical_place(self, word: str) -> str:
        w = word.lower().replace(" ", "-")
        return self.place.get(w, w)


@functools.cache
def load_lexicon() -> Lexicon:
    irregular = {}
    for line in _lines("irregular_verbs.txt"):
        lemma, *forms = line.split()
        irregular[lemma] = tuple(forms)
    verbs, particle_verbs, verb_forms, past = set(), set(), {}, set()
    cues = {}
    for line in _lines("claim_noun_cues.txt"):
        key, _, words = line.partition(":")
        cues[key.strip()] = words.split()
    for line in _lines("reporting_verbs.txt"):
        parts = line.lower().split()
        lemma = parts[0]
        if len(parts) == 2:
            particle_verbs.add((lemma, parts[1]))
        else:
            verbs.add(lemma)
        for form in _verb_forms(lemma, irregular):
            verb_forms[form] = lemma
        past.update(f for f in _verb_forms(lemma, irregular) if f.endswith("ed") or f in irregular.get(lemma, ()))
    honorifics, roles, multi = set(), set(), set()
    for line in _lines("titles.txt"):
        if line.startswith("honorific:"):
            honorifics.update(line.split(":", 1)[1].split())
            continue
        words = tuple(line.lower().split())
        if len(words) == 1:
            roles.add(words[0])
            if "-" in words[0]:
                roles.update(words[0].split("-"))
        else:
            multi.add(words)
            roles.update(words)
    relatives = {w for line in _lines("relative_nouns.txt") for w in line.split()}
    roles.update(relatives)
    parties = frozenset(_lines("party_nouns.txt")) | frozenset(_lines("resident_nouns.txt"))
    roles.update(parties)
    role_class = {}
    for line in _lines("role_classes.txt"):
        name, members = line.split(":", 1)
        for member in members.split():
            role_class.setdefault(member, name.strip())
    place = {}
    countries, implied = set(), {}
    for line in _lines("demonyms.txt"):
        canon, variants = line.split(":", 1)
        if canon == "countries":
            countries.update(variants.split())
            continue
        if canon == "implies":
            word, *also = variants.split()
            implied[word] = frozenset(also)
            continue
        for v in variants.split():
            place[v] = canon.strip()
    gender = _gendered("gender.txt")
    given_gender = _gendered("given_names.txt")
    return Lexicon(
        verbs=frozenset(verbs),
        particle_verbs=frozenset(particle_verbs),
        verb_forms=verb_forms,
        past_forms=frozenset(past),
        characterization=frozenset(_lines("characterization_verbs.txt")),
        honorifics=frozenset(honorifics),
        roles=frozenset(roles),
        relatives=frozenset(relatives),
        countries=frozenset(countries),
        implied_places=implied,
        multiword_roles=frozenset(multi),
        role_class=role_class,
        place=place,
        group_nouns=frozenset(_lines("group_nouns.txt")),
        title_nouns=frozenset(_lines("title_nouns.txt")),
        abbreviations=frozenset(w for line in _lines("abbreviations.txt") for w in line.split()),
        furniture_phrases=tuple(_lines("furniture_phrases.txt")),
        section_markers=frozenset(_lines("section_markers.txt")),
        share_words=frozenset(_lines("share_words.txt")),
        rank_modifiers=frozenset(_lines("rank_modifiers.txt")),
        gender=gender,
        reporting_nouns=frozenset(_lines("reporting_nouns.txt")),
        scare_markers=tuple(_lines("scare_markers.txt")),
        refusal_verbs=frozenset(_lines("refusal_verbs.txt")),
        org_words=frozenset(w.lower() for w in _lines("org_words.txt")),
        claim_verbs=frozenset(_lines("claim_verbs.txt")),
        document_nouns=frozenset(_lines("document_nouns.txt")),
        claim_noun_verbs=frozenset(tuple((w + "+").split("+")[:2]) for w in cues.get("verb", ())),
        claim_nouns=frozenset(cues.get("noun", ())),
        unnamed_nouns=frozenset(_lines("unnamed_nouns.txt")),
        given_gender=given_gender,
        event_words=frozenset(w.lower() for w in _lines("event_words.txt")),
        place_words=frozenset(w.lower() for w in _lines("place_words.txt")),
        excerpt_nouns=frozenset(_lines("excerpt_nouns.txt")),
        party_nouns=parties,
        org_descriptions=_org_descriptions(),
    )


def _org_descriptions() -> dict:
    """data/org_descriptions.txt: noun -> the name words it stands for (itself included)."""
    out = {}
    for line in _lines("org_descriptions.txt"):
        noun, _, words = line.partition(":")
        noun = noun.strip().lower()
        out[noun] = frozenset({noun, *words.lower().split()})
    return out


def _gendered(name: str) -> dict:
    """"f: word word" / "m: word word" lines -> {word: "f" | "m"}."""
    out = {}
    for line in _lines(name):
        g, words = line.split(":", 1)
        for w in words.split():
            out[w.lower()] = g.strip()
    return out
