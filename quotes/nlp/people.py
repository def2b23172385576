"""Who the article is about: each person's fullest name, the forms it is
written in, and what the article says they are ("Britain's defense
secretary"), so "Mr. Healey", "Healey" and "the defense chief" land on one
person. Built once per article; knows nothing about quotes."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .results import Person

_POSSESSIVE = {"'s", "’s", "'", "’"}
_AGE = re.compile(r"^\d+(-year-old|-years-old)?$|^\d+$")
_DESC_STOP = {"the", "a", "an", "of", "'s", "’s", "new", "then", "current", "top", "-", ",", "and",
              "year", "old", "his", "her", "their", "its", "for", "in", "on", "who", "to"}


def is_name_word(word: str, lex: Lexicon) -> bool:
    w = word.lower()
    if not word[:1].isupper() or not any(c.isalpha() for c in word):
        return False
    return not (lex.is_role(word) or w in lex.place or w in lex.verb_forms or w.rstrip(".") in lex.place)


def name_words(words: list[str], lex: Lexicon, verbs: list[bool] | None = None) -> tuple[str, ...]:
    """The name inside a mention: the run of name-like words after its last
    role word ("US Defense Secretary Pete Hegseth" -> Pete Hegseth). A run the
    recogniser let grow into a verb ("Hegseth Says Return") is cut there."""
    kept = []
    for k, w in enumerate(words):
        if kept and (verbs[k] if verbs is not None else w.lower() in lex.verb_forms) and not lex.is_role(w):
            break   # (a role the tagger took for a verb goes on: "Kelsford Rovers head coach Gianluca Bettany")
        kept.append(w)
    run: list[str] = []
    for w in reversed(kept):
        if w in _POSSESSIVE:
            if run:
                break
            continue
        if not is_name_word(w, lex):
            break
        run.append(w)
    run.reverse()
    return tuple(run)


def join_hyphenated_names(doc, lex: Lexicon) -> None:
    """Make "Achebe-Price" one token. spaCy splits a hyphenated surname into
    three, and a name read back from its last word would be "Price", a
    different person from "Helen Achebe-Price". Only capitalised name words
    written tight around the hyphen are joined, never roles ("Secretary-General")
    or places ("U.S.-Russia"); the joined token keeps the parse of its head."""
    spans = []
    i = 1
    while i + 1 < len(doc):
        left, dash, right = doc[i - 1], doc[i], doc[i + 1]
        if (dash.text == "-" and not left.whitespace_ and not dash.whitespace_
                and left.pos_ == "PROPN" and right.pos_ == "PROPN"
                and is_name_word(left.text, lex) and is_name_word(right.text, lex)
                and left.text.isalpha() and right.text.isalpha()):
            start = spans[-1][0] if spans and spans[-1][1] == left.i + 1 else left.i
            if spans and spans[-1][1] == left.i + 1:
                spans.pop()
            spans.append((start, right.i + 1))
            i += 2
        else:
            i += 1
    if spans:
        with doc.retokenize() as retok:
            for start, end in spans:
                retok.merge(doc[start:end])


@dataclass
class _Builder:
    variants: list[tuple[str, ...]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    bare_at: list[int] = field(default_factory=list)  # where the article called them by surname alone, unambiguously
    gender: str | None = None     # "f" / "m" once the article shows it (Ms, "she", spokeswoman)
    gender_from_name: bool = False  # only the given name said so (data/given_names.txt)

    @property
    def name(self) -> str:
        # fullest form; ties go to the first seen
        return " ".join(max(self.variants, key=len))

    @property
    def first(self) -> str | None:
        full = max(self.variants, key=len)
        return full[0] if len(full) > 1 else None


class PeopleIndex:
    """Per-article registry. Person ids are list indexes."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.people: list[_Builder] = []
        self.by_surname: dict[str, list[int]] = defaultdict(list)

    @staticmethod
    def _key(word: str) -> str:
        return word.lower().strip(".")

    def add_name(self, words: tuple[str, ...], pos: int, surface: str) -> int | None:
        if not words:
            return None
        words = _unshout(words)
        if len(words) == 1 and self._key(words[0]) not in self.by_surname:
            pid = self._by_given_name(words[0], pos)
            if pid is not None:
                # "Tomas, 9, …" after "Aurelia Quist and her son Tomas Quist":
                # from now on the given name alone is this person too
                self.by_surname[self._key(words[0])].append(pid)
        ids = self.by_surname[self._key(words[-1])]
        first = words[0] if len(words) > 1 else None
        compatible = [i for i in ids if first is None or self.people[i].first in (None, first)
                      or _initial_of(first, self.people[i].first)]
        if len(words) == 1 and len(compatible) > 1:
            pid = self._bare_surname(compatible, pos)
        elif compatible:
            pid = compatible[0]
            if len(words) == 1:
                self.people[pid].bare_at.append(pos)
        else:
            self.people.append(_Builder())
            pid = len(self.people) - 1
            ids.append(pid)
        b = self.people[pid]
        b.variants.append(words)
        b.positions.append(pos)
        for alias in (" ".join(words), surface.strip()):
            if alias and alias not in b.aliases:
                b.aliases.append(alias)
        return pid

    def add_description(self, pid: int, text: str) -> None:
        text = text.strip(" ,")
        if text and text not in self.people[pid].descriptions:
            self.people[pid].descriptions.append(text)

    def add_title(self, pid: int, text: str) -> None:
        text = text.strip(" ,")
        if text and text not in self.people[pid].titles:
            self.people[pid].titles.append(text)

    def note_mention(self, pid: int, pos: int) -> None:
        self.people[pid].positions.append(pos)

    def gender(self, pid: int) -> str | None:
        return self.people[pid].gender

    def learn_gender(self, pid: int, gender: str | None) -> None:
        """First evidence wins: an article that calls someone "Ms" and later
        "he" has a parse error, not a second gender."""
        b = self.people[pid]
        if gender and (b.gender is None or b.gender_from_name and b.gender != gender):
            b.gender, b.gender_from_name = gender, False

    def learn_given_gender(self, pid: int, gender: str | None) -> None:
        """A given name is the weakest evidence: it is only a default, so
        the article's own "Ms", "he" or "spokeswoman" overrides it later."""
        if gender and self.people[pid].gender is None:
            self.people[pid].gender = gender
            self.people[pid].gender_from_name = True

    def mentions(self, pid: int) -> int:
        return len(self.people[pid].positions)

    def introduced_between(self, lo: int, hi: int) -> list[int]:
        """People first named in [lo, hi), in order of first mention."""
        firsts = [(min(b.positions), pid) for pid, b in enumerate(self.people) if b.positions]
        return [pid for first, pid in sorted(firsts) if lo <= first < hi]

    def first_position(self, pid: int) -> int:
        return min(self.people[pid].positions)

    def has_role_description(self, pid: int) -> bool:
        return any(self.features(d.split())[0] for d in self.people[pid].descriptions)

    def _most_recent(self, ids: list[int], pos: int) -> int:
        def last_before(i: int) -> int:
            before = [p for p in self.people[i].positions if p < pos]
            return max(before) if before else -1
        return max(ids, key=lambda i: (last_before(i), -i))

    def _bare_surname(self, ids: list[int], pos: int) -> int:
        """A surname alone, shared by several people: the one the article
        already called by it alone ("Kasabian … his mother, Araksi Kasabian,
        said … Kasabian has two convictions": the son); else the one
        mentioned last."""
        owners = [i for i in ids if any(p < pos for p in self.people[i].bare_at)]
        return owners[0] if len(owners) == 1 else self._most_recent(ids, pos)

    def _by_given_name(self, word: str, pos: int) -> int | None:
        """The one person named in full before pos whose given name this is,
        and whom the article shows to be a person by a gender (a pronoun,
        an honorific, a known given name): "Corrivan Cloud says" names a
        company, and "says Corrivan" is not a first name."""
        key = self._key(word)
        ids = [i for i, b in enumerate(self.people)
               if b.first and self._key(b.first) == key and len(b.name.split()) > 1 and b.gender is not None
               and b.positions and min(b.positions) < pos]
        return ids[0] if len(ids) == 1 else None

    def lookup(self, words: tuple[str, ...], pos: int) -> int | None:
        """The person a written name refers to; a bare surname shared by two
        people goes to the one the article called by it alone before, or
        else to the one mentioned last."""
        if not words:
            return None
        words = _unshout(words)
        ids = self.by_surname.get(self._key(words[-1]), [])
        if len(words) > 1:
            exact = [i for i in ids if self.people[i].first in (None, words[0]) or _initial_of(words[0], self.people[i].first)]
            ids = exact or ids
        if not ids:
            return None
        if len(words) == 1:
            known = [i for i in ids if self.people[i].positions and min(self.people[i].positions) < pos]
            if len(known) == 1:
                self.people[known[0]].bare_at.append(pos)   # unambiguous when written
        if len(ids) == 1:
            return ids[0]
        return self._bare_surname(ids, pos) if len(words) == 1 else self._most_recent(ids, pos)

    def is_surname(self, word: str) -> bool:
        return self._key(word) in self.by_surname

    def name(self, pid: int) -> str:
        return self.people[pid].name

    # descriptions -------------------------------------------------------
    def features(self, words: list[str]) -> tuple[set[str], set[str]]:
        """(head role, modifiers): the last role word is the head ("chief
        economist" is an economist); other role words and places modify it."""
        roles, mods = self._features(words)
        return roles, mods

    def _features(self, words: list[str]) -> tuple[set[str], set[str]]:
        lex = self.lex
        lowered = [w.lower() for w in words]
        joined = " ".join(lowered).replace(" - ", "-")
        for multi in lex.multiword_roles:
            joined = joined.replace(" ".join(multi), "-".join(multi))
        roles, mods = [], set()
        after_of = False
        for w in joined.split():
            if w == "of":
                after_of = True
            if after_of and w in lex.roles:
                mods.add(w)
            elif w in lex.roles and w not in lex.honorifics:
                roles.append(w)
            elif "-" in w and all(part in lex.roles for part in w.split("-")):
                roles.append(w)
            elif w in lex.rank_modifiers:
                mods.add(w)
            elif w in _DESC_STOP or _AGE.match(w) or w.endswith("-year-old") or not any(c.isalpha() for c in w):
                continue
            elif self.is_surname(w) or w in lex.honorifics:
                continue  # "Trump's defense secretary": Trump is not the one described
            else:
                mods.add(lex.canonical_place(w.strip(".")))
                mods.update(lex.implied_places.get(w.strip("."), ()))
        if not roles:
            return set(), mods
        # "the governor of the bank": the head is the last role word before "of"
        return {roles[-1]}, mods | set(roles[:-1])

    def _role_score(self, mention_roles: set[str], desc_roles: set[str]) -> int:
        if mention_roles & desc_roles:
            return 2
        cls = self.lex.role_class
        # only a generic mention ("the defense chief", "the Ukrainian leader")
        # reaches a title of its class; "the director" is not "the minister"
        if mention_roles & set(cls.values()) and \
                {cls.get(r, r) for r in mention_roles} & {cls.get(r, r) for r in desc_roles}:
            return 1
        return 0

    def match_description(self, words: list[str], pos: int) -> int | None:
        """The person an article's description ("the defense chief", "the
        47-year-old Ukrainian leader") refers to, by role and modifiers."""
        m_roles, m_mods = self.features(words)
        if not m_roles:
            return None
        best: list[tuple[int, int]] = []
        for pid, b in enumerate(self.people):
            score = 0
            for d in b.descriptions:
                d_roles, d_mods = self.features(d.split())
                if any(m in self.lex.rank_modifiers and m not in m_mods for m in d_mods):
                    continue  # "the governor" is not "a former deputy governor"
                m_nations, d_nations = m_mods & self.lex.countries, d_mods & self.lex.countries
                if m_nations and d_nations and not m_nations & d_nations:
                    continue  # "the Pentagon chief" is not "UK Defence Secretary John Healey"
                role = self._role_score(m_roles, d_roles)
                if role:
                    shared = sum(any(_same_word(a, b) for b in d_mods) for a in m_mods)
                    if role == 1 and m_mods and not shared:
                        # only the role's class in common, and the mention says what
                        # of: "its finance chief" is not "Haldane's chief executive"
                        continue
                    score = max(score, role + 2 * shared)
            if score:
                best.append((score, pid))
        if not best:
            return None
        top = max(s for s, _ in best)
        capitalised = {self.lex.canonical_place(w.lower().strip(".")) for w in words[1:] if w[:1].isupper()}
        placed = m_mods & capitalised   # a proper modifier: a place, a nation, a company
        if placed and top < 3:
            return None  # "the Russian leader" must not land on a leader of somewhere else
        if m_mods and top < 3 and len({pid for _, pid in best}) > 1:
            return None  # "the defence lawyer" is the one lawyer, not one of several
        return self._most_recent([pid for s, pid in best if s == top], pos)

    def only_one_with_role(self, words: list[str]) -> int | None:
        """The one person the article gives the description's role (by role
        class, modifiers ignored), or None if nobody or several have it. For
        a headline's "Acme chief", where the body says "chief executive Ann Lee"
        without naming the company in the same phrase."""
        m_roles, _ = self.features(words)
        if not m_roles:
            return None
        found = {
            pid for pid, b in enumerate(self.people)
            if any(self._role_score(m_roles, self.features(d.split())[0]) for d in b.descriptions)
        }
        return found.pop() if len(found) == 1 else None

    def to_people(self) -> tuple[Person, ...]:
        return tuple(
            Person(name=b.name, aliases=tuple(a for a in b.aliases if a != b.name), descriptions=tuple(b.descriptions),
                   titles=tuple(b.titles))
            for b in self.people
        )


def _unshout(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name printed in capitals (a transcript label, a newsletter's
    heading) is the same name: "MARGARET OKONJO" is Margaret Okonjo,
    "O'BRIEN-HALE" O'Brien-Hale (not "Mcdonald" for MCDONALD: unknowable)."""
    if not all(w.isupper() and len(w.strip(".")) > 1 for w in words):
        return words
    # (two letters are initials: "JD", "AJ")
    return tuple(w if len(w) <= 2 else re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), w) for w in words)


def _initial_of(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return (len(a) <= 2 and a.endswith(".") and b.startswith(a[0])) or (len(b) <= 2 and b.endswith(".") and a.startswith(b[0]))


def _same_word(a: str, b: str) -> bool:
    """Place words and their demonyms (Kenya/Kenyan, Ukraine/Ukrainian) match;
    pairs that look nothing alike (France/French) are listed in demonyms.txt."""
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= max(4, min(len(a), len(b)) - 2)
