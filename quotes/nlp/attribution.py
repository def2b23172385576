"""Who said it: reporting cues, their subjects, and what a subject refers to.

A cue is a reporting verb from the lexicon (data/reporting_verbs.txt). Its
speaker is the syntactic subject (or the inverted subject of "said X"),
"according to X", or, where the parse gives none, the noun phrase next to it.
Pronouns go to the most salient compatible person before them; descriptions
("the defense chief") go through what the article says about its people.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .headings import topic_heading
from .people import PeopleIndex, name_words
from .view import ArticleView

SINGULAR_PRONOUNS = {"he", "she", "him", "her"}
PLURAL_PRONOUNS = {"they", "them"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_MENTION_LEFT = {"compound", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "punct", "prep", "pobj"}
_SKIP_BEFORE_CUE = {"ADV", "AUX", "PART", "PUNCT"}
# How many sentences back "she" may reach for the one woman named, when every
# person in the nearer sentences is a man (and "he" likewise)
_FAR_LOOKBACK = 15
_NEVER_SPEAKERS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}


@dataclass(frozen=True)
class Referent:
    speaker: str | None
    is_group: bool
    person: int | None = None
    # How stage 2 tied the mention to the speaker: "name", "pronoun",
    # "description", "role" (a role nobody in the article holds), "group",
    # "name-unknown". Attribution confidence is calibrated per (sieve, via).
    via: str = "name"


@dataclass(frozen=True)
class Attribution:
    cue_token: object              # spaCy Token of the cue
    cue: str                       # as written: "said", "pointed out", "according to"
    mention: object | None         # head token of the speaker mention
    as_written: str | None
    referent: Referent
    sieve: str = "cue"             # the stage-1 sieve that tied the quote to the mention


class Attributor:
    def __init__(self, view: ArticleView, people: PeopleIndex):
        self.view, self.people, self.lex = view, people, view.lex
        self._salience: list[tuple[int, int, int, Referent]] = []   # (pos, sentence id, rank, referent)
        self._resolved: dict[int, Referent] = {}                   # mention head pos -> referent
        self._starts: list[int] | None = None
        self._salience_pos: list[int] = []
        self._orgs: list[tuple[int, str]] | None = None               # (pos, name) of the ORG entities

    # cues ---------------------------------------------------------------
    def cue_text(self, tok) -> str | None:
        """The cue a token starts, as written, or None."""
        lex, low = self.lex, tok.text.lower()
        if low == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            return "according to"
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.reporting_nouns and _possessor(tok) is not None:
            return tok.text  # "Draghi's promise to do “…”"
        lemma = tok.lemma_.lower() if tok.pos_ in ("VERB", "AUX") else lex.verb_forms.get(low)
        if lemma is None or tok.pos_ in ("AUX",) and lemma not in lex.verbs:
            return None
        if tok.text.isupper() and len(tok.text) > 1 and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ":":
            return None   # a fact check's "CLAIM:" label, not a verb
        if tok.pos_ != "VERB":
            # a title-case headline ("Hegseth Says …") confuses the tagger, but
            # "claims"/"reports" after a determiner are nouns
            if low not in lex.past_forms and not low.endswith("s") or low not in lex.verb_forms:
                return None
            # (but a past form after a description is its verb: "the 34-year-old shouted")
            prev = tok.doc[tok.i - 1] if tok.i > 0 else None
            if prev is not None and prev.pos_ in ("DET", "ADJ", "NOUN", "PROPN") and prev.dep_ != "nsubj" \
                    and not prev.text[:1].isupper() and not (low in lex.past_forms and prev.pos_ != "DET"):
                return None
        # a particle ("pointed out") or a fixed object ("as she put it")
        particles = [c for c in tok.children if c.dep_ in ("prt", "dobj", "advmod")]   # "shot back": advmod
        for prt in particles:
            if (lemma, prt.lower_) in lex.particle_verbs:
                return f"{tok.text} {prt.text}"
        if lemma in lex.verbs:
            return tok.text
        return None

    @staticmethod
    def is_passive(tok) -> bool:
        if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            return True
        # "Asked if …, he said": a bare participle opening a clause
        return tok.tag_ == "VBN" and tok.dep_ in ("advcl", "acl") and not any(c.dep_ == "aux" for c in tok.children)

    def speaker_token(self, cue_tok, cue: str):
        """The head token of the speaker mention for a cue, or None."""
        doc = cue_tok.doc
        if cue == "according to":
            to = doc[cue_tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"] or [c for c in cue_tok.children if c.dep_ == "pobj"]
            if objs:
                return _named_appos(objs[0])   # "according to the city's budget director, Ann Lee"
            return self._np_after(to)
        if cue_tok.pos_ == "NOUN" and cue_tok.lower_ not in self.lex.past_forms:
            return _possessor(cue_tok)   # "Draghi's promise" (a past form the tagger called a noun is a verb)
        if self.is_passive(cue_tok):
            for c in cue_tok.children:
                if c.dep_ == "agent":
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs:
                        return objs[0]
            return None
        tok = cue_tok
        if cue_tok.dep_ == "conj" and not any(c.dep_ in _SUBJECT_DEPS for c in cue_tok.children):
            # "X is “…”, Pete Hegseth, the defense secretary, said": the parser
            # hangs "said" on "is" as a conjunct; the speaker is right before it
            before = self._np_before(cue_tok)
            if before is not None and (before.pos_ in ("PROPN", "PRON") or self.lex.is_role(before.text)):
                return before
            # "Eckhart-Vail vetoes GOP budget, says it …": the conjunct's
            # subject is the first verb's, not the object before it
        if cue_tok.dep_ == "pcomp" and cue_tok.head.lower_ == "as" and cue_tok.head.i > cue_tok.head.head.i:
            # "the paper quoted Ana Ruiz as saying …": the one quoted speaks
            objs = [c for c in cue_tok.head.head.children if c.dep_ == "dobj" and c.i < cue_tok.head.i]
            if objs:
                return objs[0]
        if cue_tok.tag_ in ("VBG", "VB") and cue_tok.dep_ in ("advcl", "xcomp", "ccomp") and cue_tok.i > cue_tok.head.i \
                and not any(c.dep_ in _SUBJECT_DEPS for c in cue_tok.children):
            # "she recalled Mr Kell telling her", "they heard the mayor say":
            # the object right before the cue speaks, not the subject of the
            # verb of memory or perception above it
            obj = next((c for c in cue_tok.head.children if c.dep_ == "dobj" and c.i < cue_tok.i
                        and c.right_edge.i == cue_tok.i - 1 and c.pos_ in ("PROPN", "NOUN")), None)
            if obj is not None:
                return obj
        adverbial = False   # walked up from "after telling …": the clause's subject speaks
        for _ in range(6):
            subs = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
            if len(subs) > 1:
                # "LAGOS — “…,” said Chidi Okoro": a dateline is never the speaker
                subs = [c for c in subs if not _dateline(c)] or subs
                # "Q: Your captain has called this …": a transcript label is never the speaker
                subs = [c for c in subs if not _label(c)] or subs
            if subs:
                sub = subs[0]
                if sub.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return tok.head  # "Grand, who said …"
                return _named_appos(sub)
            if tok.dep_ == "acl" and tok.tag_ == "VB" and tok.head.pos_ == "NOUN" and tok.head.dep_ in ("pobj", "attr"):
                # "was at pains to say", "was the first to say": the noun of an
                # infinitive's phrase does not speak; the clause's subject does
                # (but "prompted the chair to ask": the object asks)
                up = tok.head
                while up.dep_ in ("pobj", "attr", "prep") and up.head is not up:
                    up = up.head
                if up.pos_ in ("VERB", "AUX"):
                    tok = up
                    continue
                break
            if tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and tok.head.dep_ == "pobj" \
                    and not self.lex.is_role(tok.head.text) and tok.head.head.dep_ == "prep" \
                    and tok.head.head.head.pos_ in ("VERB", "AUX"):
                tok = tok.head.head.head   # "endorsed her in a post saying that …": who posted it
                continue
            if tok.dep_ == "acl" and tok.head.pos_ in ("PROPN", "NOUN", "PRON"):
                return tok.head  # "Hegseth, speaking in Brussels, …"
            if tok.dep_ in ("conj", "advcl", "xcomp", "pcomp") and tok.head is not tok:
                adverbial = adverbial or tok.dep_ == "pcomp"
                tok = tok.head
                continue
            if adverbial and tok.dep_ in ("prep", "npadvmod") and tok.head is not tok:
                # "…, a day after telling NATO partners that …": through the
                # preposition (and "a day") to the verb whose subject tells
                tok = tok.head
                continue
            break
        return self._np_after(cue_tok) or self._np_before(cue_tok)

    def _np_after(self, cue_tok):
        doc = cue_tok.doc
        for t in doc[cue_tok.i + 1: cue_tok.i + 4]:
            if self.view.quoted(self.view.pos(t)):
                return None
            if t.pos_ in ("PROPN", "PRON") or (t.pos_ == "NOUN" and t.dep_ in _SUBJECT_DEPS):
                return _head_of_np(t)
            if t.pos_ not in ("ADV", "DET", "ADJ", "PUNCT") and not t.text[:1].isupper():
                return None
        return None

    def _np_before(self, cue_tok):
        doc = cue_tok.doc
        i = cue_tok.i - 1
        while i >= 0 and doc[i].pos_ in _SKIP_BEFORE_CUE and not doc[i].text in ("”", "“", '"'):
            i -= 1
        if i >= 0 and _age_description(doc[i]) and not self.view.quoted(self.view.pos(doc[i])):
            return doc[i]   # "‘…,’ the 27-year-old said": the parser may hang "old" on "said" as a modifier
        if i < 0 or self.view.quoted(self.view.pos(doc[i])) or doc[i].pos_ not in ("PROPN", "NOUN", "PRON"):
            return None
        tok = _head_of_np(doc[i])
        if tok.dep_ == "appos" and tok.pos_ != "PROPN" and tok.head.pos_ == "PROPN":
            tok = tok.head  # "Pete Hegseth, the U.S. defense secretary, said"
        return tok

    # mentions -----------------------------------------------------------
    def mention_tokens(self, head) -> list:
        if head.pos_ == "PRON":
            return [head]
        start = head.i
        for child in reversed(list(head.lefts)):
            if child.dep_ not in _MENTION_LEFT or child.i != start - 1 and child.right_edge.i != start - 1:
                break
            start = child.left_edge.i
        end = head.i
        for child in head.rights:  # "Volodymyr V. Putin" split by the parser, "of Ukraine"
            if child.dep_ in ("compound", "flat") and child.i == end + 1:
                end = child.i
            else:
                break
        toks = list(head.doc[start:end + 1])
        colons = [k for k, t in enumerate(toks) if t.text == ":" and t.i < head.i]
        if colons:
            toks = toks[colons[-1] + 1:]   # "Q: Corvane's spokeswoman": a transcript label is not the mention
        while toks and toks[0].pos_ in ("PUNCT", "ADP", "CCONJ"):
            toks.pop(0)
        while len(toks) > 1 and toks[0].i < head.i and self.view.quoted(self.view.pos(toks[0])):
            toks.pop(0)   # "‘DAYLIGHT ROBBERY’ Fuming boss Steve Calloway blasts": the quote is not the name
        return toks or [head]

    def _titled_name(self, head):
        """"Founder and CEO Rohan Iyengar", "Minister for IT and BT Suresh
        Gowda": the parser makes the name a conjunct of the title (or of
        the title's object). The name ending the phrase is the subject when
        the article knows it as a person's."""
        if not self.lex.is_role(head.text):
            return None
        last = head.right_edge
        if last.dep_ != "conj" or last.pos_ != "PROPN" or last.i - head.i > 8 or last.sent != head.sent:
            return None
        words, i = [], last.i
        while i > head.i and head.doc[i].pos_ == "PROPN" and head.doc[i].text[:1].isupper() \
                and not head.doc[i].text.isupper() and not self.lex.is_role(head.doc[i].text):
            words.insert(0, head.doc[i].text)
            i -= 1
        if len(words) < 2 or not self.people.is_surname(words[-1]):
            return None
        return last if self.people.lookup(tuple(words), self.view.pos(last)) is not None else None

    def mention_text(self, head) -> str:
        toks = self.mention_tokens(head)
        doc = head.doc
        return doc[toks[0].i:toks[-1].i + 1].text

    def resolve(self, head, pos: int, sent_id: int | None = None) -> Referent:
        key = self.view.pos(head)
        if key in self._resolved:
            return self._resolved[key]
        ref = self._resolve(head, pos, sent_id)
        self._resolved[key] = ref
        return ref

    def _resolve(self, head, pos: int, sent_id: int | None) -> Referent:
        low = head.lower_
        if _age_description(head):
            # "The 47-year-old told …": the person the story is about, like "he"
            return _via(self._antecedent(pos, False, sent_id), "description")
        if _dateline(head) or head.ent_type_ in _NEVER_SPEAKERS or len(head.text) == 1:   # "Q:" is no one
            return Referent(None, False)   # a speaker is never a date, a time, a number or a dateline
        if head.pos_ == "PRON" or low in SINGULAR_PRONOUNS | PLURAL_PRONOUNS:
            if low in SINGULAR_PRONOUNS:
                ahead = self._cataphor(head) or self._relative_owner(head) or self._main_subject(head)
                if ahead is not None:
                    return ahead
                return _via(self._antecedent(pos, False, sent_id, gender=self.lex.gender.get(low),
                                             host=self._clause_host(head)), "pronoun")
            if low in PLURAL_PRONOUNS:
                return _via(self._antecedent(pos, True, sent_id), "pronoun")
            return Referent(None, False)
        if head.dep_ == "appos" and head.pos_ == "NOUN" and head.head.pos_ == "PROPN":
            # "Ann Lee, the bank's economist": the description is Ann Lee
            return self.resolve(head.head, self.view.pos(head.head), sent_id)
        titled = self._titled_name(head)
        if titled is not None:
            return self.resolve(titled, self.view.pos(titled), sent_id)
        toks = self.mention_tokens(head)
        words = [t.text for t in toks]
        name = name_words(words, self.lex, [t.pos_ == "VERB" for t in toks])
        if name and self.people.is_surname(name[-1]):
            pid = self.people.lookup(name, pos)
            if pid is not None:
                self.people.note_mention(pid, pos)
                for t in toks:
                    self.people.learn_gender(pid, self.lex.gender.get(t.lower_))
                return Referent(self.people.name(pid), False, pid, "name")
        plural = head.tag_ in ("NNS", "NNPS")
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN" and lemma in self.lex.document_nouns:
            author = _author(head)
            if author is not None:
                # "The dissent, written by Justice Conrad Ashworth, called …": the author's words
                ref = self.resolve(author, self.view.pos(author), sent_id)
                if ref.person is not None:
                    return ref
            return Referent(_strip_det(_with_modifier(head, self.role_tokens(head, toks))), True, None, "document")
        if head.pos_ == "NOUN" and lemma in self.lex.unnamed_nouns and not self.lex.is_role(head.text) and not any(
                c.dep_ == "appos" and c.pos_ == "PROPN" for c in head.children):
            # "a source familiar with the talks", "officials": never a nearby person
            return Referent(_strip_det(_with_modifier(head, self.role_tokens(head, toks))), True, None, "unnamed")
        if low in self.lex.party_nouns and head.dep_ in ("nsubj", "nsubjpass") and not plural \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            # "the Wausau Republican said": AP style's second name for the
            # person just written about, never someone named later
            pid = self.people.match_description(words, pos)
            if pid is not None:
                self.people.note_mention(pid, pos)
                return Referent(self.people.name(pid), False, pid, "description")
            return _via(self._antecedent(pos, False, sent_id), "description")
        if self.lex.is_role(head.text) or self.lex.is_role(head.text.split("-")[-1]) \
                or self.lex.is_role(_hyphenated(head).split("-")[-1]):
            det = [c.lower_ for c in head.children if c.dep_ == "det"]
            # "a spokesperson" introduces someone new; it never means a known person
            indefinite = bool(det) and det[0] in ("a", "an")
            pid = self._introduced_later(words, pos) if indefinite else self.people.match_description(words, pos)
            via = "description-next" if indefinite else "description"
            if pid is None and head.lower_ in self.lex.relatives:
                pid = self._relative_by_surname(head, pos)
            definite = det and det[0] == "the" or any(c.dep_ == "poss" for c in head.children)
            if pid is None and not plural and definite:
                pid, via = self._named_next(pos), "description-next"
            # "the minister", "Britain's defence secretary": definite, and not
            # someone's ("his lawyer" is a third person)
            owned_by_place = any(c.dep_ == "poss" and c.ent_type_ in ("GPE", "NORP", "ORG") for c in head.children)
            if pid is None and not plural and (det and det[0] == "the" or owned_by_place) and self._named_before(pos) \
                    and head.lower_ not in self.lex.relatives:
                # "Pete Hegseth walked into NATO … / …, the new defense secretary
                # said, …": a role the article gives nobody, right after a
                # person it has not given a role either, is that person, as
                # "he" would be. Unambiguous only: a rival, or a role of their
                # own, and the description stays a role.
                # "the former Fox News host": a past role never contradicts
                # the person's present one, and it is said of the one person
                # the sentence before is about, whatever that sentence's shape
                former = any(w.lower() in ("former", "ex") for w in words)
                prev = self._previous_subject(pos, sent_id, any_rank=former)
                if prev is not None and (former or not self.people.has_role_description(prev)):
                    pid, via = prev, "description"
            if pid is not None:
                self.people.note_mention(pid, pos)
                return Referent(self.people.name(pid), False, pid, via)
            if not plural:
                return Referent(_strip_det(self.role_tokens(head, toks)), False, None, "role")
        named = self._named_organisation(head, pos) if not plural else None
        if named is not None:
            return Referent(named, True, None, "organisation")
        if low in self.lex.group_nouns or head.ent_type_ in ("ORG", "GPE", "NORP", "LOC"):
            return Referent(_strip_det(self.role_tokens(head, toks)), True, None, "organisation")
        if plural:
            return Referent(_strip_det(self.role_tokens(head, toks)), True, None, "group")
        if name and self.lex.organisation_name(name):
            # "Hollins Lane Academy said": an organisation the tagger did not
            # call one; never "she"
            return Referent(" ".join(name), True, None, "organisation")
        if name and not self.lex.place_name(name):
            return Referent(" ".join(name), False, None, "name-unknown")
        return Referent(None, False)

    def _named_organisation(self, head, pos: int) -> str | None:
        """"Brightwell Bank reported a loss. … The lender said …": "the" and
        a noun of data/org_descriptions.txt stand for the organisation the
        article named last, before this mention, whose name has one of the
        noun's words in it. A bare "the bank" otherwise names no one."""
        words = self.lex.org_descriptions.get(head.lemma_.lower()) if head.pos_ == "NOUN" else None
        if not words or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) \
                or any(c.dep_ == "poss" for c in head.children):
            return None
        found = None
        for start, name in self._organisations():
            if start >= pos:
                break
            if words & {w.lower() for w in name.split()}:
                found = name
        return found

    def _organisations(self) -> list[tuple[int, str]]:
        """The organisations the article names (spaCy's ORG entities), in order."""
        if self._orgs is None:
            self._orgs = []
            for off, doc in self.view.docs:
                for ent in doc.ents:
                    toks = [t for t in ent if t.lower_ not in ("the", "'s", "’s")]
                    if ent.label_ == "ORG" and toks and all(t.pos_ == "PROPN" or t.is_punct or t.lower_ in ("of", "and", "&")
                                                            for t in toks):
                        self._orgs.append((off + toks[0].idx, " ".join(t.text for t in toks)))
            self._orgs.sort()
        return self._orgs

    def resolve_possessive(self, tok) -> Referent:
        """"his"/"her" as a possessor ("Among his lines:", "Her reply was
        short:"): the salient person of that gender before it."""
        gender = {"his": "m", "her": "f"}.get(tok.lower_)
        if gender is None:
            return self.resolve(tok, self.view.pos(tok))
        return _via(self._antecedent(self.view.pos(tok), False, None, gender=gender), "pronoun")

    def _main_subject(self, pron):
        """A pronoun subject of a clause that follows its main clause is that
        clause's subject: "Rep. Victor Almquist drew laughter when he said …"."""
        return self._advcl_subject(pron, main_first=True, via="pronoun")

    def _cataphor(self, pron):
        """A pronoun in a subordinate clause that opens its sentence points
        forward to the main clause's subject: "Though she called the plan
        “reckless,” Governor Ames signed it"."""
        return self._advcl_subject(pron, main_first=False, via="cataphora")

    def _advcl_subject(self, pron, main_first: bool, via: str):
        """The named subject of the main clause a pronoun's adverbial clause
        hangs on (after it, or before it), if the genders agree."""
        verb = pron.head
        if pron.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "advcl" or (verb.i > verb.head.i) != main_first:
            return None
        subs = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and (c.i < verb.i) == main_first]
        if not subs or subs[0].pos_ == "PRON" or self.view.quoted(self.view.pos(subs[0])):
            return None
        ref = self.resolve(subs[0], self.view.pos(subs[0]))
        if ref.person is None:
            return None
        gender = self.lex.gender.get(pron.lower_)
        if gender and self.people.gender(ref.person) not in (None, gender):
            return None
        return Referent(ref.speaker, False, ref.person, via)

    def _clause_host(self, pron) -> tuple[int, int | None] | None:
        """(position, person) of the mention a pronoun can never be, from the
        shape of its clause:
        - the noun a relative clause hangs on, when the pronoun is that
          clause's own subject: in "Alma Ruiz, the Democrat he is trying to
          unseat" he is never Alma Ruiz (she would be "who");
        - the subject of the clause a parenthetical cue interrupts: in "The
          widow, she said, “can call us”" the one who said it is not the widow."""
        verb = pron.head
        if pron.dep_ not in ("nsubj", "nsubjpass"):
            return None
        if verb.dep_ == "relcl":
            host = verb.head
        elif verb.dep_ == "parataxis":
            host = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pron.i), None)
            if host is None or host.pos_ == "PRON":
                return None
        else:
            return None
        p = self.view.pos(host)
        k = bisect.bisect_left(self._salience_pos, p)
        if k < len(self._salience) and self._salience[k][0] == p:
            return p, self._salience[k][3].person
        return None

    def _relative_owner(self, pron):
        """A pronoun inside a relative clause on a named person is that
        person: "the MP, Helen Ames, who repeated what she had said"."""
        cur, steps = pron, 0
        while cur.head is not cur and steps < 8:
            if cur.dep_ == "relcl" and cur.head.pos_ == "PROPN":
                if cur.i == pron.head.i and pron.dep_ in ("nsubj", "nsubjpass"):
                    return None   # "the first-term Democrat he is trying to unseat": the clause's own subject
                ref = self.resolve(cur.head, self.view.pos(cur.head))
                gender = self.lex.gender.get(pron.lower_)
                if ref.person is None or gender and self.people.gender(ref.person) not in (None, gender):
                    return None
                return Referent(ref.speaker, False, ref.person, "pronoun")
            cur, steps = cur.head, steps + 1
        return None

    @staticmethod
    def role_tokens(head, toks: list) -> list:
        """A role mention with what it is of: "a spokesman for the airline",
        not a bare "spokesman" (the organisation is what tells a reader, and an
        evaluation, whose spokesman it was)."""
        end = toks[-1].i
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with") and child.i == end + 1:
                last = child.right_edge.i
                # stop before an appositive name or a comma: "for the airline, Tom Reyes"
                for t in head.doc[child.i:last + 1]:
                    if t.is_punct:
                        last = t.i - 1
                        break
                if last - child.i <= 5:
                    end = last
            break
        return list(head.doc[toks[0].i:end + 1])

    def _introduced_later(self, words: list[str], pos: int):
        """"A judge told him …" in a lede, "Judge Eleanor Rusk said" further
        down: an indefinite description before the story names anyone is the
        one person the article later gives that role. Elsewhere "a
        spokesperson" introduces someone new and never means a known person."""
        if self._named_before(pos):
            return None
        pid = self.people.only_one_with_role(words)
        return pid if pid is not None and self.people.first_position(pid) > pos else None

    def _named_before(self, pos: int) -> bool:
        """The story has named someone (by full name, in a sentence) before pos."""
        # (any mention before pos counts: a person first named in the
        # headline is named again in the lede)
        return any(len(self.people.name(pid).split()) >= 2
                   and any(p < pos and self._in_narrative(p) for p in self.people.people[pid].positions)
                   for pid in self.people.introduced_between(0, pos))

    def _named_next(self, pos: int):
        """A news lede often gives the role first and the name a paragraph
        later ("The environment minister has defended …" / "Ann Lee, who …"):
        an unmatched definite description goes to the first person named in
        the rest of its paragraph or the next one, if the article gives that
        person no role of their own."""
        paras = self.view.paragraphs
        k = self.view.para_index(pos)
        if k < 0 or self._named_before(pos):
            # only before the story names anyone (a byline does not count):
            # later, an unmatched "the minister" is someone named without that
            # role, not whoever comes next
            return None
        hi = paras[k + 1].end if k + 1 < len(paras) else paras[k].end
        for pid in self.people.introduced_between(pos, hi):
            if len(self.people.name(pid).split()) < 2:
                continue  # a person is introduced by full name; a lone word may be a place
            first = self.people.first_position(pid)
            if topic_heading(self.view.text, paras[self.view.para_index(first)]):
                continue  # "On Dario Venn": who the quotes below are about (headings.py)
            if not self.people.has_role_description(pid):
                return pid
            return None
        return None

    def _in_narrative(self, pos: int) -> bool:
        """The paragraph at pos is a sentence, not a headline, byline or
        dateline line (those end without a full stop)."""
        paras = self.view.paragraphs
        k = self.view.para_index(pos)
        if k < 0:
            return False
        # its last character that is not a space, read from the end: a slice of
        # the paragraph would copy a one-line story whole, once per call
        text, end = self.view.text, paras[k].end
        while end > paras[k].start and text[end - 1].isspace():
            end -= 1
        last = text[end - 1:end] if end > paras[k].start else ""
        return last in ".!?”’\"'"

    def _sentence_of(self, pos: int) -> int:
        if self._starts is None:
            self._starts = _sentence_starts(self.view)
        return bisect.bisect_right(self._starts, pos)

    # salience -----------------------------------------------------------
    def build_salience(self) -> None:
        """Walk the article's sentences in order, resolving each subject as it
        comes, so "he" finds the speaker before it (and chains of "he" hold)."""
        sent_id = 0
        for off, doc in self.view.docs:
            for sent in doc.sents:
                sent_id += 1
                for tok in sent:
                    p = off + tok.idx
                    if self.view.quoted(p):
                        continue
                    if tok.dep_ in _SUBJECT_DEPS or (tok.dep_ == "pobj" and tok.head.lower_ == "to"
                                                     and tok.head.i > 0 and tok.doc[tok.head.i - 1].lower_ == "according"):
                        verb = tok.head
                        # "Clinton did not mention the Republicans." says nothing: not a speaker's turn
                        spoke = self.cue_text(verb) and not any(c.dep_ == "neg" for c in verb.children) \
                            and not self._embedded(verb)
                        rank = 0 if spoke or tok.dep_ == "pobj" else 1 if verb.dep_ == "ROOT" else 2
                    elif tok.dep_ == "poss" and (tok.pos_ == "PROPN" or tok.lower_ in ("his", "her")) \
                            and tok.head.dep_ in _SUBJECT_DEPS \
                            and tok.head.pos_ == "NOUN" and not self.lex.is_role(tok.head.text):
                        rank = 2   # "Everhart's answer was a video. In it he says …": whose answer it was
                    elif tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B" or tok.dep_ == "appos":
                        rank = 3
                        j = tok.i
                        while tok.ent_iob_ == "B" and j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
                            j += 1
                        tok = doc[j]  # a name is resolved by its last word, not "Daniel" of "Daniel Frost"
                    else:
                        continue
                    if tok.dep_ in _SUBJECT_DEPS or tok.dep_ == "pobj":
                        tok = _named_appos(tok)   # "A spokesman for the airline, Tom Reyes, said"
                        p = self.view.pos(tok)
                    ref = self.resolve_possessive(tok) if tok.dep_ == "poss" and tok.pos_ == "PRON" \
                        else self.resolve(tok, p, sent_id)
                    if ref.speaker:
                        self._salience.append((p, sent_id, rank, ref))
                        self._salience_pos.append(p)

    def _embedded(self, verb) -> bool:
        """A cue inside another speaker's clause ("Tillotson said that the
        governor had told …", "When the moderator asked …, Colvard recast …"):
        what is reported or the background, not the sentence's speaker. (A
        quotation's own verb heading the cue, "“We will win,” he said", has its
        subject inside the marks, and does not count.)"""
        if verb.dep_ not in ("ccomp", "advcl"):
            return False
        # ("When the secretary announced …, he called it …": a pronoun as the
        # main subject may be that clause's subject, who stays salient)
        return any(c.dep_ in _SUBJECT_DEPS and c.pos_ != "PRON" and not self.view.quoted(self.view.pos(c))
                   for c in verb.head.children)

    def _previous_subject(self, pos: int, sent_id: int | None, any_rank: bool = False) -> int | None:
        """The person the sentence before pos is about: its main clause's
        subject, given by name ("JD Vance had set a very different tone.")."""
        current = sent_id if sent_id is not None else self._sentence_of(pos)
        k = bisect.bisect_left(self._salience_pos, pos)
        before = [e for e in self._salience[max(0, k - 40):k] if e[1] < current]
        if not before or before[-1][1] < current - 4:
            return None
        # the last sentence with someone in it: the sentences of a quotation
        # before the cue ("… The schools decided. I counted," the professor
        # says) have no one
        last = [e for e in before if e[1] == before[-1][1]]
        # A main clause's subject that does not speak there: after "“…,”
        # Brannigan says." a new "the professor adds" is someone else. A
        # paragraph that opens on a role, after one where a person spoke,
        # goes on with that person ("… he told reporters." / "“…,” the
        # Pentagon chief said"), as "he" would.
        spoke = any(e[2] == 0 for e in last)
        if spoke and (self.view.para_index(last[0][0]) == self.view.para_index(pos)
                      or self._opens_on_quote(last[0][0])):
            return None   # (not in a dialogue, though: "‘When?’ said Mr Ellery." / "‘This week,’ said the First Minister")
        subjects = {e[3].person for e in last if e[2] <= (0 if spoke else 1) and not e[3].is_group}
        # (or "she", a named person the sentence before that was about)
        named = {e[3].person for e in last if e[3].via in ("name", "pronoun")}
        if any_rank and not subjects:
            subjects = {e[3].person for e in last if not e[3].is_group}
            named |= {e[3].person for e in last if e[3].via == "pronoun-ambiguous"}
        return subjects.pop() if len(subjects) == 1 and subjects <= named and None not in subjects else None

    def _relative_by_surname(self, head, pos: int) -> int | None:
        """"his sister said", after "Councilwoman Dana Pask and her younger
        brother, Councilman Reid Pask": the one other person named before,
        who has the owner's surname and the relative's gender."""
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is None:
            return None
        ref = self.resolve_possessive(owner)
        gender = self.lex.gender.get(head.lower_)
        if ref.person is None or gender is None:
            return None
        surname = self.people.name(ref.person).split()[-1]
        kin = [pid for pid in range(len(self.people.people))
               if pid != ref.person and self.people.name(pid).split()[-1] == surname
               and len(self.people.name(pid).split()) > 1 and self.people.gender(pid) == gender
               and self.people.first_position(pid) < pos]
        return kin[0] if len(kin) == 1 else None

    def _gender_of(self, ref: Referent) -> str | None:
        """A person's gender as the article shows it; a role's by its word
        ("his sister" is never "he")."""
        if ref.person is not None:
            return self.people.gender(ref.person)
        return self.lex.gender.get(ref.speaker.split()[-1].lower()) if ref.speaker else None

    def _opens_on_quote(self, pos: int) -> bool:
        """The paragraph at pos opens with a quotation mark."""
        k = self.view.para_index(pos)
        return k >= 0 and self.view.text[self.view.paragraphs[k].start:].lstrip()[:1] in "“‘\"'"

    def _antecedent(self, pos: int, group: bool, sent_id: int | None, lookback: int = 6,
                    gender: str | None = None, host: tuple[int, int | None] | None = None) -> Referent:
        current = sent_id if sent_id is not None else self._sentence_of(pos)
        k = bisect.bisect_left(self._salience_pos, pos)
        if k == 0:
            return Referent(None, group)
        last_sent = self._salience[k - 1][1]
        window = []
        while k > 0 and self._salience[k - 1][1] > last_sent - lookback:
            e = self._salience[k - 1]
            if host is None or e[0] != host[0] and (host[1] is None or e[3].person != host[1]):
                window.append(e)
            k -= 1
        for sid in range(last_sent, last_sent - lookback, -1):
            cands = [e for e in window if e[1] == sid and e[3].is_group == group]
            if sid == current:
                # in its own sentence a pronoun only follows an earlier speaker:
                # in "Mr. Trump, he added, does not …" Trump is what is reported
                # A colon or semicolon ends the clause, though: in "The mayor
                # deserves the credit: nobody drowned, she said" the mayor is
                # said before it, and "she" starts a clause of its own.
                cands = [e for e in cands if e[2] == 0 or self._clause_break(e[0], pos)]
            if not group:
                cands = [e for e in cands if not e[3].is_group]
                if gender:
                    # never "she" for someone the article calls "he" (or Mr)
                    cands = [e for e in cands if self._gender_of(e[3]) in (None, gender)]
            if cands:
                best = min(cands, key=lambda e: (e[2], -e[0]))
                ambiguous = not group and (self._has_rival(best, window, gender)
                                           or best[3].via == "pronoun-ambiguous")
                if gender and best[3].person is not None and sid != current:
                    # (not from a pronoun in the speaker's own sentence: in "Her
                    # husband, Jonas Lind, said she had been ill" she is not Lind)
                    self.people.learn_gender(best[3].person, gender)
                ref = best[3]
                return Referent(ref.speaker, ref.is_group, ref.person, _AMBIGUOUS) if ambiguous else ref
        if gender and not group:
            # "Ivo Sand lost the vote. “…,” he said": the tagger took an unusual
            # name for an organisation, and nobody else is there for "he" to
            # mean. A subject that reads as a personal name will do, marked weak.
            for e in window:
                if e[1] != current and e[2] <= 1 and e[3].via == "organisation" and self._personal_name(e[3].speaker):
                    return Referent(e[3].speaker, False, None, _AMBIGUOUS)
            # "she" after paragraphs about men only: the one woman the article
            # named in the sentences before those (by a known gender, never a
            # guess), only when everyone nearer is known to be of the other
            # gender (checked first: the nearer window is short, the reach long)
            unsure = any(e[3].person is not None and self.people.gender(e[3].person) in (None, gender) for e in window)
            if not unsure:
                k_all = bisect.bisect_left(self._salience_pos, pos)
                far = {e[3].person: e for e in self._salience[max(0, k_all - 150):k_all]
                       if last_sent - _FAR_LOOKBACK < e[1] < current and e[3].person is not None and not e[3].is_group
                       and self.people.gender(e[3].person) == gender and (host is None or e[3].person != host[1])
                       and self._in_narrative(e[0])}   # (not a byline's name)
                if len(far) == 1:
                    (e,) = far.values()
                    return Referent(e[3].speaker, False, e[3].person, "pronoun")
        return Referent(None, group)

    def _clause_break(self, start: int, end: int) -> bool:
        """A colon or semicolon outside quotation marks between the two positions."""
        text = self.view.text
        for mark in ":;":   # str.find, not a loop over characters: a sentence may be long
            i = text.find(mark, start, end)
            while i != -1:
                if not self.view.quoted(i):
                    return True
                i = text.find(mark, i + 1, end)
        return False

    def _personal_name(self, text: str | None) -> bool:
        """Two or three capitalised words, none of them an organisation
        word, a place or a group noun: "Ivo Sand", not "Harbor Rail Group"."""
        words = (text or "").split()
        lex = self.lex
        return 2 <= len(words) <= 3 and all(
            w[:1].isupper() and w.replace("-", "").replace("'", "").replace("’", "").isalpha()
            and w[1:] != w[1:].upper() and w.lower() not in lex.org_words and w.lower() not in lex.place
            and w.lower() not in lex.group_nouns and w.lower() not in lex.event_words for w in words)

    def _has_rival(self, best, window, gender: str | None) -> bool:
        """Salience chose `best`, but the evidence is thin: another person the
        pronoun could mean is the subject of the same sentence, the one before
        or a later one, or a person whose gender the article gives as the
        pronoun's lost to one whose gender it never gives ("The critic Ann
        Lee praised it. Decades later, she …" after a singer called "she").
        The choice stands; it is marked so its confidence can be lower."""
        people = self.people
        best_gender = people.gender(best[3].person) if best[3].person is not None else None
        for e in window:
            ref = e[3]
            if ref.is_group or ref.person is None or ref.person == best[3].person:
                continue
            g = people.gender(ref.person)
            if gender and g not in (None, gender):
                continue
            if e[2] <= 1 and e[1] >= best[1] - 1:
                return True
            if gender and best_gender is None and g == gender:
                return True
        return False


def _with_modifier(head, toks: list) -> list:
    """An unnamed source keeps what identifies it: "a source familiar with the
    talks", "people close to the minister"."""
    for child in head.rights:
        if child.dep_ in ("amod", "acl") and child.i == toks[-1].i + 1 and child.right_edge.i - child.i <= 6 \
                and not any(t.is_punct for t in head.doc[child.i:child.right_edge.i + 1]):
            return list(head.doc[toks[0].i:child.right_edge.i + 1])
    return toks


_DASHES = ("—", "–", "-", "--", "(")


def _dateline(tok) -> bool:
    """A place in capitals opening a story, before a dash: "LAGOS —", and in
    the American wires' form with its state, "COPPER FLATS, Ariz. —"."""
    doc = tok.doc
    if tok.ent_type_ in ("DATE", "TIME"):
        return True
    if not (tok.text.isupper() and len(tok.text) > 1) or tok.i + 1 >= len(doc):
        return False
    if doc[tok.i + 1].text in _DASHES:
        return True
    # ", Ariz. —" / ", N.M. —" / ", New Mexico —": a comma, a few capitalised words, then the dash
    if doc[tok.i + 1].text != ",":
        return False
    for j in range(tok.i + 2, min(tok.i + 6, len(doc))):
        if doc[j].text in _DASHES:
            return j > tok.i + 2
        if not doc[j].text[:1].isupper():
            return False
    return False


# An antecedent chosen over a rival (Attributor._has_rival); a pronoun that
# follows it, or a chain of pronouns after it, is "pronoun-ambiguous".
_AMBIGUOUS = "ambiguous"


def _via(ref: Referent, via: str) -> Referent:
    if via == "pronoun" and ref.via in (_AMBIGUOUS, "pronoun-ambiguous"):
        via = "pronoun-ambiguous"
    return Referent(ref.speaker, ref.is_group, ref.person, via) if ref.speaker else ref


def _sentence_starts(view) -> list[int]:
    return [off + sent[0].idx for off, doc in view.docs for sent in doc.sents]


def _head_of_np(tok):
    while tok.dep_ in ("compound", "amod", "det", "poss", "case", "flat") and tok.head is not tok and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _age_description(tok) -> bool:
    """"the 27-year-old", read on the words, not the tree: the parser hangs
    "the" on "old" or, before a cue, on the verb."""
    doc, i = tok.doc, tok.i
    return tok.lower_ == "old" and i >= 5 and doc[i - 2].lower_ in ("year", "years") \
        and doc[i - 4].like_num and doc[i - 5].lower_ == "the"


def _hyphenated(tok) -> str:
    """The whole of a hyphenated word the tokenizer split ("vice", "-",
    "president" -> "vice-president")."""
    doc, i, text = tok.doc, tok.i, tok.text
    while i + 2 < len(doc) and not doc[i].whitespace_ and doc[i + 1].text == "-" and not doc[i + 1].whitespace_:
        text += "-" + doc[i + 2].text
        i += 2
    return text


def _strip_det(toks) -> str | None:
    while toks and (toks[0].pos_ == "DET" or toks[0].tag_ == "PRP$"):
        toks = toks[1:]
    return toks[0].doc[toks[0].i:toks[-1].i + 1].text if toks else None


def _author(doc_noun):
    """The person a document is "written/signed/issued by", named right there, or None."""
    for acl in doc_noun.children:
        if acl.dep_ == "acl" and acl.tag_ == "VBN":
            for agent in acl.children:
                if agent.dep_ == "agent":
                    objs = [g for g in agent.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
                    if objs:
                        return objs[0]
    return None


def _possessor(tok):
    """The possessive speaker of a speech-act noun ("Draghi's promise")."""
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ in ("PROPN", "PRON", "NOUN"):
            return c
    return None


def _label(tok) -> bool:
    """A short subject ending in a colon: a transcript label ("Q:", "BRENNER:")."""
    end = tok.right_edge.i
    if tok.doc[end].text != ":" and (end + 1 >= len(tok.doc) or tok.doc[end + 1].text != ":"):
        return False
    return end - tok.left_edge.i <= 2


def _named_appos(tok):
    """A role subject with a name in apposition ("Its director, Ann Lee,
    said"; "a spokesman for the airline, Tom Reyes, said") is spoken for by
    the name."""
    if tok.pos_ == "PROPN" and tok.ent_type_ != "PERSON":
        # "Tarrowby's MP, Helen Ames, has arrived": a capitalised title
        for c in tok.children:
            if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                return c
    if tok.pos_ == "NOUN" or tok.lower_ == "one":   # "said one, Ruth Gale, 64", "One of them, Ruth Gale, said"
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return c
            if c.dep_ == "appos" and c.pos_ == "NOUN":
                # "The governor's lawyer, a former prosecutor named Alan Birnbaum, says"
                for acl in c.children:
                    if acl.dep_ == "acl" and acl.lower_ in ("named", "called"):
                        name = next((o for o in acl.children if o.dep_ in ("oprd", "dobj", "attr") and o.pos_ == "PROPN"), None)
                        if name is not None:
                            return name
        named = _person_after_comma(tok)
        if named is not None:
            return named
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at"):
                for obj in prep.children:
                    for c in obj.children:
                        if c.dep_ == "appos" and c.pos_ == "PROPN" and any(t.is_punct for t in obj.doc[obj.i + 1:c.i]):
                            return c
    return tok


def _person_after_comma(tok):
    """"the city's budget director, Everett Morrow-Bassey, said": a person's
    name set off by commas right after the phrase, when the parser did not
    hang it on the phrase as an apposition. Its last word, as names are
    resolved by."""
    # the phrase's own end: the parser may hang the name on it as a conjunct
    end = max([tok.i] + [c.right_edge.i for c in tok.children if c.dep_ not in ("conj", "appos", "punct", "cc")])
    doc, j = tok.doc, end + 1
    if j + 1 >= len(doc) or doc[j].text != ",":
        return None
    first = j + 1
    while first < min(j + 3, len(doc) - 1) and doc[first].ent_type_ != "PERSON" and doc[first].pos_ == "PROPN" \
            and doc[first].text[:1].isupper():
        first += 1   # a title before the name: ", Rep. Cody Strand,"
    if doc[first].ent_type_ != "PERSON" or doc[first].ent_iob_ != "B":
        return None
    k = first
    while k + 1 < len(doc) and (doc[k + 1].ent_iob_ == "I" or doc[k + 1].pos_ == "PROPN" and doc[k + 1].text[:1].isupper()
                                or doc[k + 1].text == "-" and not doc[k].whitespace_):
        k += 1   # (the tagger may stop the name short: "Cody Strand" of "Cody Strand-Vail")
    if k + 1 < len(doc) and doc[k + 1].text not in (",", ".", ";"):
        return None   # "the director, Ann Lee's deputy": not set off
    return doc[k]
