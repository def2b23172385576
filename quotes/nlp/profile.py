"""A speaker's role, organisation and country, read from the titles an
article gives them ("NATO Secretary-General", "Britain's defense secretary",
"the governor of Massachusetts"). Plain Python over the lexicon: the
countries and organisations a place word stands for are data
(data/profile_places.txt), and a title counts only if it holds a role word.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import Lexicon, _lines

_ARTICLES = {"the", "a", "an"}
# Not the speaker's office now: "a former NATO official".
_PAST = {"former", "ex", "then", "onetime", "erstwhile"}
_POSSESSIVE = re.compile(r"^(.+?)['’]s?$")


@dataclass(frozen=True)
class Profile:
    role: str = ""
    organisation: str = ""
    country: str = ""

    def merged(self, other: Profile) -> Profile:
        """This profile's fields, with blanks filled from `other`."""
        return Profile(self.role or other.role, self.organisation or other.organisation, self.country or other.country)


@functools.cache
def _places() -> dict[str, tuple[str, str]]:
    out = {}
    for line in _lines("profile_places.txt"):
        canon, rest = line.split(":", 1)
        kind, name = rest.split(None, 1)
        out[canon.strip()] = (kind, name.strip())
    return out


def profile_from_titles(titles: Iterable[str], lex: Lexicon) -> Profile:
    """The first title's fields, blanks filled from the later ones."""
    profile = Profile()
    for title in titles:
        profile = profile.merged(read_title(title, lex))
    return profile


def read_title(title: str, lex: Lexicon) -> Profile:
    words = title.replace(",", " ").split()
    while words and words[0].lower() in _ARTICLES:
        words.pop(0)
    if not words or any(w.lower().strip("-") in _PAST or w.lower().startswith("ex-") for w in words):
        return Profile()
    of = ""
    for k, w in enumerate(words):
        if w.lower() in ("of", "at") and k > 0:
            words, of = words[:k], " ".join(words[k + 1 :])
            break
    found = {"organisation": "", "country": ""}
    role = []
    skip = False
    for k, w in enumerate(words):
        if skip:
            skip = False
            continue
        owner = _POSSESSIVE.match(w) if w[-2:] in ("'s", "’s") or w[-1:] in "'’" else None
        if owner and _place(owner.group(1), lex, found):
            continue  # "Britain's defense secretary"
        if owner and not owner.group(1)[:1].isupper():
            continue  # "the club's chairman": no one in particular
        if k + 1 < len(words) and _place(f"{w}-{words[k + 1]}", lex, found):
            skip = True  # "United States"
            continue
        if _place(w, lex, found):
            continue
        if len(w) > 1 and w.isupper() and w.isalpha() and not lex.is_role(w):
            _set(found, "organisation", w)  # an acronym: "FBI Director"
            continue
        role.append(w)
    if of and not _place(of, lex, found):
        if any(part.lower() in lex.org_words for part in of.split()) or of.isupper():
            _set(found, "organisation", of)
        else:
            role += ["of", of]  # "governor of Massachusetts": a place the data does not know
    if not any(lex.is_role(part) and part.lower().rstrip(".") not in lex.honorifics | {"mr", "ms", "mrs"}
               for w in role for part in w.split("-")):
        return Profile()
    text = " ".join(role)
    return Profile(role=text[:1].upper() + text[1:], **found)


def _place(text: str, lex: Lexicon, found: dict) -> bool:
    known = _places().get(lex.canonical_place(text.strip(".") if text.lower() not in lex.place else text))
    if known is None:
        return False
    _set(found, known[0], known[1])
    return True


def _set(found: dict, field: str, value: str) -> bool:
    if not found[field]:
        found[field] = value
    return True
