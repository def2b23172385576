"""Extraction for one parsed article: find the quotes, attribute them, join
the pieces of a quotation split by its attribution, add reported claims."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from .attribution import Attribution, Attributor, Referent
from .claims import claim_terms
from .confidence import confidence
from .furniture import furniture_flags, strip_breadcrumb
from .headings import BLOCK_HEADER_LINES, BLOCK_LINES, after_bullet, capitals_name, TOPIC_OPENERS, heading_words, topic_heading
from .lexicon import Lexicon
from .marks import QuoteRegion, parse_text, scan_paragraph
from .paragraphs import Paragraph, split_paragraphs, split_pieces
from .people import PeopleIndex, is_name_word, join_hyphenated_names, name_words
from .ranker import candidates, load_ranker, rerank
from .results import ArticleExtraction, ExtractedQuote, Span
from .transcript import caption_name, transcript_turns
from .view import ArticleView

_MAX_FRAME = 600   # characters of attribution looked at on each side of a quote
_PRE_TITLE_GLUE = {"of", "the", "-", "'s", "’s"}
_POSSESSIVE_PRONOUNS = {"his", "her", "hers", "their", "its"}
# a short sentence after a quote that ends with a full stop can still be its
# attribution: “We will win.” Mr. Grand said.
_SHORT_ATTRIBUTION_WORDS = 8


@dataclass(frozen=True)
class ArticlePlan:
    """Everything decided before parsing: paragraphs, furniture, quote marks,
    and the pieces of text to parse (furniture is never parsed)."""
    text: str
    paragraphs: tuple[Paragraph, ...]
    regions: tuple[QuoteRegion, ...]
    region_para: tuple[int, ...]
    pieces: tuple[tuple[int, int], ...]
    parse_texts: tuple[str, ...]


def plan_article(text: str, lex: Lexicon) -> ArticlePlan:
    paragraphs = [strip_breadcrumb(text, p) for p in split_paragraphs(text)]
    flags = furniture_flags(text, paragraphs, lex)
    regions, region_para, pieces, parse_texts = [], [], [], []
    for i, (para, furniture) in enumerate(zip(paragraphs, flags)):
        if furniture:
            continue
        found = scan_paragraph(text, para.start, para.end)
        regions.extend(found)
        region_para.extend([i] * len(found))
        for s, e in split_pieces(text, para.start, para.end, quoted=[r.outer for r in found]):
            pieces.append((s, e))
            parse_texts.append(parse_text(text, s, e, found))
    return ArticlePlan(text, tuple(paragraphs), tuple(regions), tuple(region_para), tuple(pieces), tuple(parse_texts))


@dataclass
class _Found:
    region: QuoteRegion
    para: int
    frame: tuple[int, int]
    attribution: Attribution | None
    unattributable: bool = False          # scare quote, title, parenthetical
    spans: list[tuple[int, int]] = field(default_factory=list)
    inherited: Referent | None = None
    as_written: str | None = None
    sieve: str | None = None              # the sieve that gave `inherited`

    def speaker(self) -> tuple[Referent | None, str | None]:
        """(referent, as written): its own cue's, else the one a sieve gave it."""
        if self.attribution is not None:
            return self.attribution.referent, self.attribution.as_written
        return self.inherited, self.as_written


def analyse(plan: ArticlePlan, docs: list, lex: Lexicon, use_ranker: bool = True, observe=None) -> ArticleExtraction:
    """use_ranker=False gives the sieves alone; observe, when given, receives
    each article's sieve-made quotes and their ranker candidates (training)."""
    for doc in docs:
        join_hyphenated_names(doc, lex)
    view = ArticleView(plan.text, list(plan.paragraphs), list(plan.regions), list(plan.region_para),
                       list(zip((s for s, _ in plan.pieces), docs)), lex)
    people = _build_people(view, lex)
    attributor = Attributor(view, people)
    attributor.build_salience()
    found = [_attribute(view, attributor, r, plan.region_para[k]) for k, r in enumerate(plan.regions)]
    answers = _transcript_answers(view, attributor, people)
    answers += _block_quotes(view, attributor, answers)
    if answers:
        # quotations inside an answer stay inside it, as nested quotes do
        inside = [(q.spans[0].start, q.spans[-1].end) for q in answers]
        found = [f for f in found if not any(s <= f.region.outer[0] < e for s, e in inside)]
    groups = _join(view, found)
    _attribute_groups(view, attributor, groups)
    _echoes(view, groups)
    quotes = [_to_quote(view, g) for g in groups if not g.unattributable]
    rows = candidates(view, attributor, people, quotes)
    if observe is not None:
        observe(list(quotes), rows)
    ranker = load_ranker() if use_ranker else None
    if ranker is not None:
        quotes = rerank(quotes, rows, ranker)
    # scare quotes and titles keep their place, never a speaker
    quotes += [_to_quote(view, g) for g in groups if g.unattributable] + answers
    taken = {s.start for q in quotes for s in q.spans}   # one printing per start offset (the database's key)
    for claim in _indirect(view, attributor, [(q.spans[0].start, q.spans[-1].end) for q in answers]):
        # a claim whose own words parse as a second claim ("X said that … Y
        # noted") would give two printings at one offset: the first one stands
        starts = {s.start for s in claim.spans}
        if not taken & starts:
            quotes.append(claim)
            taken |= starts
    quotes.sort(key=lambda q: q.spans[0].start)
    return ArticleExtraction(tuple(quotes), people.to_people())


# transcripts ----------------------------------------------------------------------
def _transcript_answers(view: ArticleView, attributor: Attributor, people: PeopleIndex) -> list[ExtractedQuote]:
    """The answers of an interview or briefing transcript printed without
    quotation marks, each given to the person its label names (an "A:" or an
    unlabelled answer under "Q:" is the interviewee's: the person the article
    names most). A label that names nobody in the article is not a speaker."""
    out = []
    turns = transcript_turns(view.text, view.paragraphs)
    interviewee = _introduced_interviewee(view, people, turns)
    labels = [(view.paragraphs[t.para].start, t.start) for t in turns if t.label]
    for turn in turns:
        if turn.question or turn.quoted:
            continue
        if interviewee is not None and (turn.label is None or turn.label.lower() in ("a", "answer")):
            pid = interviewee
        else:
            pid = _label_person(turn.label, people, turn.start,
                                view.text[:view.paragraphs[0].end] if view.paragraphs else "")
        if pid is None or _only_a_label(pid, turn.label, people, labels):
            continue
        end = turn.end
        while end > turn.start and view.text[end - 1] in "”’\"'":
            end -= 1   # a stray closing mark is not part of the answer
        spans = (Span(turn.start, end, view.text[turn.start:end]),)
        out.append(ExtractedQuote(spans, "direct", people.name(pid), turn.label or None, None, False,
                                  "transcript", "name", confidence("transcript", "name")))
    return out


_FIRST_PERSON_WORD = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Ww]e|[Oo]ur|[Mm]y|[Uu]s)\b")
_DOUBLE_MARKS = "“”\"«»"


def _block_quotes(view: ArticleView, attributor: Attributor, answers: list[ExtractedQuote]) -> list[ExtractedQuote]:
    """A block quotation printed as a paragraph of its own, its indentation
    lost: "Camille Grand … has put the choice more sharply:" / "Either the
    Europeans say, ‘…’, or …". The paragraph before ends on a colon and names
    the speaker as its subject; the block has no double quotation marks (its
    own inner quotes are single) and speaks in the first person. An
    introduction that names no one gives no block."""
    taken = [(q.spans[0].start, q.spans[-1].end) for q in answers]
    out = []
    for i in range(1, len(view.paragraphs)):
        para, intro = view.paragraphs[i], view.paragraphs[i - 1]
        text = view.text[para.start:para.end]
        if not view.text[intro.start:intro.end].rstrip().endswith(":") or any(m in text for m in _DOUBLE_MARKS) \
                or any(s <= para.start < e for s, e in taken) or len(text.split()) < 8 \
                or not text.rstrip().rstrip("’'").endswith((".", "!", "?", "…")) or text[:1] in _BULLETS \
                or not _FIRST_PERSON_WORD.search(text):
            continue
        s0, _ = _sentence_around(view, i - 1, intro.end - 1)
        ref, written = _from_person(view, attributor, s0, intro.end)
        if ref is None:
            ref, written = _speaker_subject(view, attributor, s0, intro.end, groups_ok=True)
        if ref is None or not ref.speaker:
            continue
        end = para.end
        while end > para.start and view.text[end - 1].isspace():
            end -= 1
        spans = (Span(para.start, end, view.text[para.start:end]),)
        via = ref.via or "name"
        out.append(ExtractedQuote(spans, "direct", ref.speaker, written, None, ref.is_group,
                                  "colon-intro", via, confidence("colon-intro", via)))
    return out


def _only_a_label(pid: int, label: str | None, people: PeopleIndex, labels: list[tuple[int, int]]) -> bool:
    """A fact check's "Verdict: False. …" or "Update: …": one word in mixed
    case, named nowhere but at the start of labelled paragraphs, is a
    heading, not a person. (A name in capitals, "BRENNER:", is a broadcast
    transcript's speaker even when the text never names them again.)"""
    if not label or label.isupper() or " " in label.strip():
        return False
    return all(any(start <= p < end for start, end in labels) for p in people.people[pid].positions)


def _introduced_interviewee(view: ArticleView, people: PeopleIndex, turns) -> int | None:
    """The one person named in full after "asked", "spoke to" or "interviewed"
    in the paragraph before an interview's first question ("We asked Ann Lee,
    who directs …, what the week means."):
    the one who answers. The person the article names most is often the one
    the interview is about, not the one giving it."""
    first_q = min((t.para for t in turns if t.question), default=None)
    if not first_q:
        return None
    intro = view.paragraphs[first_q - 1]
    # only after "We asked", "spoke to", "interviewed": not "conducted by Jane Doe"
    verb = _INTERVIEWED.search(view.text, intro.start, intro.end)
    if verb is None:
        return None
    named = {pid for pid, b in enumerate(people.people) if " " in people.name(pid)
             and any(verb.end() <= p < intro.end for p in b.positions)}
    return named.pop() if len(named) == 1 else None


_INTERVIEWED = re.compile(r"\b(?:asked|spoke (?:to|with)|talked (?:to|with)|interviewed|sat down with|caught up with)\b",
                          re.IGNORECASE)


def _label_person(label: str | None, people: PeopleIndex, pos: int, headline: str = "") -> int | None:
    if label is None or label.lower() in ("a", "answer"):
        # an interview's headline names the interviewee ("Ann Lee: 'I don't …'");
        # without one, the person the article names most
        everyone = range(len(people.people))
        headline = [pid for pid in everyone if " " in people.name(pid) and people.name(pid) in headline]
        named = [pid for pid in everyone if people.mentions(pid) >= 2]
        ranked = sorted(headline or named, key=lambda pid: (-people.mentions(pid), pid))
        return ranked[0] if ranked else None
    words = tuple(w.capitalize() if w.isupper() else w for w in label.replace(".", ". ").split())
    return people.lookup(words, pos) if people.is_surname(words[-1]) else None


# people ---------------------------------------------------------------------
def _build_people(view: ArticleView, lex: Lexicon) -> PeopleIndex:
    people = PeopleIndex(lex)
    probe = Attributor(view, people)
    for off, doc in view.docs:
        candidates = []   # (first token, last token)
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                candidates.append((ent[0], ent[-1]))
        for tok in doc:
            if tok.text.lower() in lex.honorifics and tok.i + 1 < len(doc) and doc[tok.i + 1].text[:1].isupper():
                j = tok.i + 1
                while j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN" and doc[j + 1].text[:1].isupper():
                    j += 1
                candidates.append((tok, doc[j]))
            elif tok.dep_ in ("nsubj", "nsubjpass") and tok.tag_ not in ("NNS", "NNPS") and tok.text[:1].isupper() \
                    and (tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and probe.cue_text(tok.head)) \
                    and tok.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT"):
                toks = probe.mention_tokens(tok)
                candidates.append((toks[0], toks[-1]))
            elif tok.pos_ == "PROPN" and tok.dep_ != "compound" and _person_like(tok, probe, lex):
                toks = probe.mention_tokens(tok)
                candidates.append((toks[0], toks[-1]))
        seen = set()
        for first, last in sorted(candidates, key=lambda c: c[0].i):
            words = [t.text for t in doc[first.i:last.i + 1]]
            name = name_words(words, lex, [t.pos_ == "VERB" for t in doc[first.i:last.i + 1]])
            if not name or name[0].lower() in lex.event_words or lex.organisation_name(name):
                continue   # "Storm Idris", "Hollins Lane Academy": never a person
            # locate the name inside the candidate, so titles before it become descriptions
            end_i = first.i + len(words) - 1
            while end_i >= first.i and doc[end_i].text != name[-1]:
                end_i -= 1
            start_i = end_i - len(name) + 1
            if (start_i, end_i) in seen or start_i < 0:
                continue
            if lex.place_name(name):
                # "Halvard Bay got lucky": a place, never a person (the tagger calls
                # invented places people; a known given name still makes one: "Michael Bay")
                continue
            seen.add((start_i, end_i))
            honor = doc[start_i - 1].text if start_i > 0 and doc[start_i - 1].text.lower() in lex.honorifics else None
            surface = f"{honor} {' '.join(name)}" if honor else " ".join(name)
            pid = people.add_name(name, off + doc[start_i].idx, surface)
            if pid is None:
                continue
            if honor:
                people.learn_gender(pid, lex.gender.get(honor.lower()))
                # "Prof. Ann Lee" is "the professor" later on (data/role_classes.txt);
                # "Mr" stands for no role
                if honor.lower() in lex.role_class:
                    people.add_description(pid, lex.role_class[honor.lower()])
            for desc, title in _descriptions(doc, start_i, end_i, lex):
                people.add_description(pid, desc)
                people.add_title(pid, title)
                for w in _own_words(desc.lower().split()):
                    if w not in _POSSESSIVE_PRONOUNS:   # "his lawyer, Mara Quint": his is someone else
                        people.learn_gender(pid, lex.gender.get(w))
            if len(name) > 1:
                people.learn_given_gender(pid, lex.given_gender.get(name[0].lower()))
    for para in view.paragraphs:
        # "- Dr Ines Valcourt, senior fellow, transatlantic security: “…”":
        # a list item's name and role before a colon are a label
        item = _labelled_item_name(view.text, para, lex)
        if item is not None and len(item[1]) > 1 and all(is_name_word(w, lex) for w in item[1]):
            _add_label_name(people, lex, item[1], item[0].start("name"), item[0].group("name"))
        caption = caption_name(view.text, para)
        heading = capitals_name(view.text, para)
        if caption is None and heading is not None and (heading[1] or heading[0].split()[0].lower() in lex.given_gender):
            caption = heading[0]
        words = tuple(w.capitalize() for w in caption.split()) if caption else ()
        if words and all(is_name_word(w, lex) for w in words):
            _add_label_name(people, lex, words, para.start)
    return people


def _add_label_name(people: PeopleIndex, lex: Lexicon, words: tuple[str, ...], pos: int,
                    surface: str | None = None) -> None:
    """A name that a label, caption or heading gives (no parse found it)."""
    pid = people.add_name(words, pos, surface or " ".join(words))
    people.learn_given_gender(pid, lex.given_gender.get(words[0].lower()))


def _labelled_item_name(text: str, para: Paragraph, lex: Lexicon):
    """"- Dr Ines Valcourt, senior fellow, transatlantic security: “…”": the
    match of a list item's label and its name's words, honorific dropped."""
    m = _LABELLED_ITEM.match(text, after_bullet(text, para.start, para.end), para.end)
    if m is None:
        return None
    words = tuple(m.group("name").split())
    return m, (words[1:] if words[0].lower().rstrip(".") in lex.honorifics else words)


_LABELLED_ITEM = re.compile(r"(?P<name>[A-Z][\w'’.\-]*(?: [A-Z][\w'’\-]*){1,3}), [^:\n“\"]{1,80}: [“\"‘]")


def _own_words(words: list[str]) -> list[str]:
    """The words of a description that describe its person, not a possessor:
    in "Mr. Halvorsen's lawyer" the "Mr." is Halvorsen's, not the lawyer's."""
    cut = max((k + 1 for k, w in enumerate(words) if w.endswith(("'s", "’s", "s'", "s’"))), default=0)
    return words[cut:]


def _person_like(tok, probe: Attributor, lex: Lexicon) -> bool:
    """A capitalised name the tagger did not call a person (invented names
    come out as ORG): it is one if the article gives it a role by apposition
    ("Ann Lee, the bank's economist" / "its director, Ann Lee") or a
    two-word name is the subject of a reporting verb, and no word of it is an
    organisation word ("Harbourline Capital")."""
    toks = probe.mention_tokens(tok)
    if any(t.lower_ in lex.org_words for t in toks) or tok.ent_type_ == "DATE":
        return False
    if tok.dep_ == "appos" and lex.is_role(tok.head.text) and tok.head.pos_ == "NOUN" and not lex.place_name(
            [t.text for t in toks]):
        return True   # "the landlord, Des Corrigan,": a person's role, whatever the tagger called the name
    if tok.ent_type_ in ("GPE", "NORP", "LOC"):
        return False
    names = [t for t in toks if t.pos_ == "PROPN" and t.text[:1].isupper()]
    for child in tok.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and lex.is_role(child.text):
            return True
        if child.dep_ == "appos" and _an_age(child) and len(names) >= 2:
            return True   # "Bernice Watley, 71, was among …": an age is a person's
    if len(names) >= 2 and any(lex.is_role(t.text) and t.lower_ not in lex.honorifics for t in toks if t.i < names[0].i):
        return True  # "Transport spokesman Pavel Horak": a title before a two-word name
    return tok.dep_ in ("nsubj", "pobj") and len(names) >= 2 and bool(
        probe.cue_text(tok.head) or tok.head.lower_ == "to" and tok.head.i > 0
        and tok.doc[tok.head.i - 1].lower_ == "according")


def _an_age(tok) -> bool:
    """A bare number between commas that reads as an age (", 71,")."""
    doc = tok.doc
    return tok.like_num and tok.text.isdigit() and 0 < int(tok.text) < 120 and tok.i + 1 < len(doc) \
        and doc[tok.i - 1].text == "," and doc[tok.i + 1].text in (",", ".")


def _descriptions(doc, start_i: int, end_i: int, lex: Lexicon) -> list[tuple[str, str]]:
    """(description, title) pairs: the title also holds what an
    appositive's office is of ("the governor" / "the governor of Massachusetts")."""
    out = []
    # a title before the name: "US Secretary of Defense Pete Hegseth"
    i = start_i - 1
    while i >= 0 and (doc[i].text[:1].isupper() or lex.is_role(doc[i].text) or doc[i].lower_ in _PRE_TITLE_GLUE
                      or doc[i].lower_ in lex.place):
        i -= 1
    pre = list(doc[i + 1:start_i])
    while pre and not (lex.is_role(pre[0].text) or pre[0].lower_.strip(".") in lex.place or pre[0].pos_ == "PROPN"
                       or pre[0].ent_type_ in ("NORP", "GPE", "ORG")
                       or pre[0].pos_ == "NOUN" and pre[0].dep_ == "compound"):  # "Transport spokesman X"
        pre.pop(0)
    while pre and pre[0].lower_ in _PRE_TITLE_GLUE:
        pre.pop(0)
    while pre and pre[-1].text.lower() in lex.honorifics:
        pre.pop()
    if pre and pre[-1].lower_ == "of":
        pre = []  # "the mayor of Eastwick": a place after its office, not a title before a name
    after = ""
    if end_i + 2 < len(doc) and doc[end_i + 1].lower_ == "of" and doc[end_i + 2].text[:1].isupper():
        after = f" of {doc[end_i + 2].text}"  # "President Volodymyr Zelensky of Ukraine"
    if any(lex.is_role(t.text) and t.text.lower() not in lex.honorifics for t in pre):
        text = doc[pre[0].i:pre[-1].i + 1].text + after
        out.append((text, text))
    head = doc[end_i]
    for child in head.children:
        if child.dep_ == "appos":
            toks = [t for t in doc[child.left_edge.i:child.i + 1]]
            if any(lex.is_role(t.text) for t in toks):
                out.append((doc[toks[0].i:toks[-1].i + 1].text, doc[toks[0].i:_of_end(child) + 1].text))
    if head.dep_ == "appos" and lex.is_role(head.head.text):
        text = doc[head.head.left_edge.i:head.head.i + 1].text
        out.append((text, text))
    elif head.dep_ == "appos" and head.head.dep_ == "pobj" and head.head.head.dep_ == "prep" \
            and lex.is_role(head.head.head.head.text):
        # "a spokesman for the airline, Tom Reyes": the name hangs on "airline"
        role = head.head.head.head
        text = doc[role.left_edge.i:head.head.i + 1].text
        out.append((text, text))
    return out


def _of_end(role) -> int:
    """The last token of what an office is of or at: "governor of
    Massachusetts", "chief executive of Nordlys Energy"."""
    end = role.i
    for prep in role.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at") and prep.i == end + 1:
            end = max(end, prep.right_edge.i)
    return end


# one quote --------------------------------------------------------------------
def _frame(region: QuoteRegion, para: Paragraph, starts: list[int]) -> tuple[int, int]:
    fs = starts[bisect.bisect_right(starts, region.open_mark[0]) - 1]
    k = bisect.bisect_left(starts, region.outer[1])
    fe = starts[k] if k < len(starts) else para.end
    # a run-on "sentence" (no full stops) must not make every quote scan it all
    return max(fs, region.open_mark[0] - _MAX_FRAME), min(fe, region.outer[1] + _MAX_FRAME)


def _attribute(view: ArticleView, attributor: Attributor, region: QuoteRegion, para_i: int) -> _Found:
    para = view.paragraphs[para_i]
    starts = _bounds(view, para_i)
    fs, fe = _frame(region, para, starts)
    item = _Found(region, para_i, (fs, fe), None, spans=[(region.start, region.end)])
    text = view.text
    before = text[fs:region.open_mark[0]].rstrip()
    after = text[region.outer[1]:fe].lstrip()
    if before.endswith("(") and after.startswith(")"):
        item.unattributable = True  # a text cited in brackets: (“an armed attack against one…”)
        return item
    attribution = _choose_cue(view, attributor, region, fs, fe)
    if attribution is None and fe < para.end and fe <= region.outer[1] + 2:
        k = bisect.bisect_right(starts, fe)
        f2 = starts[k] if k < len(starts) else para.end
        if len(text[fe:f2].split()) <= _SHORT_ATTRIBUTION_WORDS and not any(view.quoted(p) for p in range(fe, f2)):
            attribution = _choose_cue(view, attributor, region, fe, f2)
            if attribution is not None:
                attribution = replace(attribution, sieve="cue-next-sentence")
                item.frame = (fs, f2)
    item.attribution = attribution
    if _scare_or_title(view, region, attribution, para):
        item.unattributable = True
    return item


def _choose_cue(view: ArticleView, attributor: Attributor, region: QuoteRegion, fs: int, fe: int) -> Attribution | None:
    cands = {}
    for tok in view.tokens(fs, fe):
        if view.quoted(view.pos(tok)):
            continue
        cue = attributor.cue_text(tok)
        if not cue:
            continue
        spk = attributor.speaker_token(tok, cue)
        if spk is None or view.quoted(view.pos(spk)):
            continue
        cands[tok.i, id(tok.doc)] = (tok, cue, spk)
    if not cands:
        return None
    inside = [t for t in view.tokens(region.start, region.end)]
    best = _governing_cue(inside, cands)
    # the quote's closing stop hangs on the sentence's root, not on the verb
    # its words are under ("warned that …, after Ann Dale called the plans “predatory.”")
    words = _governing_cue([t for t in inside if not t.is_punct], cands)
    if words is not None and words is not best and words[0].lemma_.lower() in view.lex.characterization:
        best = words
    introducing = _colon_cue(view, region, cands)
    if best is not None and introducing is not None and view.pos(best[0]) < view.pos(introducing[0]):
        # "she recalled Mr Kell telling her: “…”": the parse may hang the quote
        # on the outer verb, but the cue right before the colon introduces it
        best = introducing
    sieve = "cue-syntax"   # the cue governs the quote in the parse
    if best is None:
        def distance(c):
            p = view.pos(c[0])
            return p - region.outer[1] if p >= region.outer[1] else (region.open_mark[0] - p) + 1
        best = min(cands.values(), key=distance)
        sieve = "cue-nearest"   # only the nearest cue in the quote's sentence
    tok, cue, spk = best
    ref = attributor.resolve(spk, view.pos(spk))
    return Attribution(tok, cue, spk, attributor.mention_text(spk), ref, sieve)


def _colon_cue(view: ArticleView, region: QuoteRegion, cands: dict):
    """The candidate cue that a colon right before the quote closes, with at
    most a few words between ("telling her:", "told the court on Monday:")."""
    open_at = region.open_mark[0]
    best = None
    for c in cands.values():
        p = view.end(c[0])
        if p > open_at:
            continue
        gap = view.text[p:open_at].rstrip()
        if gap.endswith(":") and len(gap[:-1].split()) <= 4 and not any(m in gap for m in "“”\"‘’.;!?") \
                and (best is None or p > view.end(best[0])):
            best = c
    return best


def _governing_cue(tokens, cands: dict):
    """The candidate cue fewest steps up the parse from any of `tokens`, or None."""
    best, best_depth = None, 99
    for t in tokens:
        depth, cur = 0, t
        while cur.head is not cur and depth < 12:
            cur, depth = cur.head, depth + 1
            key = (cur.i, id(cur.doc))
            if key in cands and depth < best_depth:
                best, best_depth = cands[key], depth
                break
    return best


def _scare_or_title(
    view: ArticleView, region: QuoteRegion, attribution: Attribution | None, para: Paragraph
) -> bool:
    lex = view.lex
    words = [t for t in view.tokens(region.start, region.end) if not t.is_punct]
    prev = None
    for t in view.tokens(max(0, region.open_mark[0] - 40), region.open_mark[0]):
        prev = t
    if prev is None:
        return False
    lead = view.text[max(0, region.open_mark[0] - 30):region.open_mark[0]].rstrip().lower()
    if any(lead.endswith(m) and (len(lead) == len(m) or not lead[-len(m) - 1].isalnum()) for m in lex.scare_markers):
        return True  # the so-called “managed retreat”
    if attribution is not None and len(words) <= 3 and _unsaid(attribution.cue_token, lex):
        return True  # declined to say whether April was “live”
    if prev.lower_ in ("so-called", "dubbed", "titled", "entitled", "headlined") or (
            prev.lower_ in lex.title_nouns and prev.pos_ == "NOUN"):
        return True
    if _title_cased(view, region, para):
        return True  # a report called “Counting the Cost”: a title, whoever is nearby
    if len(words) == 1 and words[0].pos_ in ("NOUN", "PROPN") and (
            prev.pos_ == "DET" or prev.tag_ in ("PRP$", "POS")):
        lemma = attribution.cue_token.lemma_.lower() if attribution else ""
        return lemma not in lex.characterization
    return False


# Words a title leaves in lower case ("The Art of War").
_TITLE_SMALL = frozenset("a an and as at but by for from in into nor of on or the to vs with".split())


def _title_cased(view: ArticleView, region: QuoteRegion, para: Paragraph) -> bool:
    """Every word of the quote capitalised, as in the title of a book, film or
    report, in running text written in sentence case (a title-case headline
    capitalises its quotes too, so it does not count)."""
    words = [w.strip(".,;:!?()[]") for w in view.text[region.start:region.end].split()]
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    if len(alpha) < 2 or any(not w[:1].isupper() for w in alpha if w.lower() not in _TITLE_SMALL):
        return False
    if not any(w[:1].isupper() for w in alpha[1:] if w.lower() not in _TITLE_SMALL):
        return False
    text = view.text
    return _lower_word(text, para.start, region.open_mark[0]) or _lower_word(text, region.outer[1], para.end)


def _unsaid(cue, lex: Lexicon) -> bool:
    """The cue is a speech act that did not happen: negated ("would not
    say") or under a refusal ("declined to say")."""
    if any(c.dep_ == "neg" for c in cue.children):
        return True
    head = cue.head
    return cue.dep_ == "xcomp" and head is not cue and head.lemma_.lower() in lex.refusal_verbs




def _heading_speaker(view: ArticleView, attributor: Attributor, item: _Found) -> Referent | None:
    """A live-blog entry that is only a quote under a short heading naming a
    person ("Lee on timing") is that person's: the heading is its attribution.
    So is each excerpt listed under a speaker's heading ("PETE HEGSETH, US
    Secretary of Defense" / "Brussels, 12 February" / "- “…”" / "- “…”"):
    above the heading there may be a venue or date line and the speaker's
    earlier excerpts, but no prose."""
    para = view.paragraphs[item.para]
    if item.para == 0 or item.region.open_mark[0] != after_bullet(view.text, para.start, para.end):
        return None
    people = attributor.people
    lines = 0
    for i in range(item.para - 1, max(-1, item.para - 1 - BLOCK_LINES), -1):
        head = view.paragraphs[i]
        if i in _quoted_paragraphs(view) and _excerpt_line(view, i) \
                or after_bullet(view.text, head.start, head.end) > head.start:
            continue   # an earlier excerpt, or item of the list, under the same heading
        lines += 1
        if lines > BLOCK_HEADER_LINES:
            return None
        words = heading_words(view.text, head)
        if words is None or any(view.quoted(p) for p in (head.start, head.end - 1)):
            return None
        if words[0].lower() in TOPIC_OPENERS:
            return None   # "On Tobiah Anyanwu": who the words are about, not who spoke them
        for tok in view.tokens(head.start, head.end):
            if i < item.para - 1 and view.text.find(",", head.start, view.pos(tok)) >= 0:
                break   # further up, only a heading that opens with the name: "Brussels, with Rutte" is a venue
            if tok.text[:1].isupper() and people.is_surname(tok.text):
                pid = people.lookup((tok.text,), view.pos(tok))
                # a one-word "person" in a heading is more often a place the
                # tagger misread ("Munich Security Conference, 15 February")
                if pid is not None and " " in people.name(pid):
                    return Referent(people.name(pid), False, pid)
        if view.text[head.start:head.end].isupper():
            return None   # another heading in capitals ("WHAT OUR FELLOWS SAY") ends the block
    return None


def _excerpt_line(view: ArticleView, para_i: int) -> bool:
    """A paragraph that is one quotation and nothing else, list marker aside
    (not "“…,” Ann Lee replied.")."""
    para = view.paragraphs[para_i]
    start = after_bullet(view.text, para.start, para.end)
    regions = _regions_in(view, para_i)
    if len(regions) != 1:
        return False
    outer = regions[0].outer
    return outer[0] == start and _only(view.text, outer[1], para.end, _MARKS + ".,;!?")


def _regions_in(view: ArticleView, para_i: int) -> list:
    """The quotation regions of a paragraph (indexed once per article)."""
    index = view.__dict__.get("_regions_by_para")
    if index is None:
        index = {}
        for region, k in zip(view.regions, view.region_para):
            index.setdefault(k, []).append(region)
        view.__dict__["_regions_by_para"] = index
    return index.get(para_i, [])


def _quote_under_topic_heading(view: ArticleView, g: _Found) -> bool:
    """A paragraph that is only a quote, right under a topic heading."""
    return g.para > 0 and _whole_paragraph(view, g) and topic_heading(view.text, view.paragraphs[g.para - 1])


def _under_topic_heading(view: ArticleView, attributor: Attributor, groups: list[_Found], k: int):
    """Remarks grouped by subject ("Here is what he said, grouped by subject.
    / On the second half / “…” / On the penalty / “…”"): a paragraph that is
    only a quote, under a topic heading, is the speaker's whom the paragraph
    before the first heading introduced, and carries on across later headings
    the speaker of the quote right before the heading, when that one was
    given the same way or carried on from it."""
    g = groups[k]
    if g.para < 2 or not _quote_under_topic_heading(view, g):
        return None, None
    prev = groups[k - 1] if k else None
    if prev is not None and prev.para == g.para - 2 and _whole_paragraph(view, prev) \
            and prev.sieve in ("topic-heading", "continuation") and prev.inherited is not None:
        return prev.inherited, prev.as_written
    if prev is not None and prev.para >= g.para - 2:
        return None, None
    return _said_intro(view, attributor, g.para - 2)


def _said_intro(view: ArticleView, attributor: Attributor, para_i: int):
    """"Here is what he said", "This is what the minister told reporters":
    the last sentence of the paragraph introduces someone's words by a
    free relative "what" and a reporting verb; its subject speaks."""
    para = view.paragraphs[para_i]
    if para_i in _quoted_paragraphs(view) or para.end - para.start < 2:
        return None, None
    s0, _ = _sentence_around(view, para_i, para.end - 1)
    for tok in view.tokens(s0, para.end):
        if tok.lower_ != "what" or tok.dep_ not in ("dobj", "nsubj", "attr") or not attributor.cue_text(tok.head):
            continue
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass") and c is not tok), None)
        if subj is None:
            continue
        ref = attributor.resolve(subj, view.pos(subj))
        if ref.speaker and (ref.person is not None or ref.is_group):
            return ref, attributor.mention_text(subj)
    return None, None


# "Corvane chief on job cuts: “…”": a headline naming who speaks, then the topic.
_HEADLINE_ON = re.compile(r"^(?P<who>[^:“”\"‘’]{2,80}?)\s+on\s+[^:]{2,120}:\s*$")
_HEADLINE_ON_AFTER = re.compile(r"^\s*:\s*(?P<who>[^:“”\"‘’]{2,80}?)\s+on\s+\S")
# an interview's headline: "Ann Lee: ‘I don't do fairy tales’" (a name only)
_HEADLINE_NAME = re.compile(r"^(?P<who>[^:“”\"‘’]{2,60}?):\s*$")
_HEADLINE_CHARS = 1_000   # longer than any of the three shapes above, spaces included


def _headline_speaker(view: ArticleView, attributor: Attributor, item: _Found) -> tuple[Referent | None, str | None]:
    """A headline's quote after "<who> on <topic>:" is <who>'s; the mention
    resolves through the people the article names (a description such as
    "the bank's chief" lands on the person the body gives that role)."""
    if item.para != 0:
        return None, None
    para = view.paragraphs[0]
    # a headline is short: past _HEADLINE_CHARS it is a story pasted as one
    # line, and slicing it up to every quote would cost its length squared
    open_at = item.region.open_mark[0]
    lead = view.text[para.start:open_at] if open_at - para.start <= _HEADLINE_CHARS else ""
    m = _HEADLINE_ON.match(lead)
    base = para.start
    if m is None and _only(view.text, para.start, item.region.open_mark[0], _MARKS):
        # "“I don't coach for the table”: Coach Brenner on relegation": the quote first
        base = item.region.outer[1]
        m = _HEADLINE_ON_AFTER.match(view.text[base:min(para.end, base + _HEADLINE_CHARS)])
    name_only = False
    if m is None:
        m, base, name_only = _HEADLINE_NAME.match(lead), para.start, True
    if m is None:
        return None, None
    who = [t for t in view.tokens(base + m.start("who"), base + m.end("who")) if not t.is_punct]
    if not who or any(t.pos_ in ("VERB", "AUX") or t.tag_ == "TO" for t in who):
        return None, None   # "…: Brackwater workers to vote on strike": news, not who spoke
    head = next((t for t in reversed(who) if t.pos_ in ("NOUN", "PROPN")), who[-1])
    as_written = view.text[view.pos(who[0]):view.end(who[-1])]
    people = attributor.people
    name = name_words([t.text for t in who], view.lex)
    if name and people.is_surname(name[-1]) and (pid := people.lookup(name, view.pos(head))) is not None:
        return Referent(people.name(pid), False, pid), as_written   # "Coach Brenner on …"
    if name_only:
        return None, None   # "Breaking: “…”" names nobody
    ref = attributor.resolve(head, view.pos(head))
    if ref.person is None and not ref.is_group:
        # A headline compresses ("Acme chief"): a role only one person has will do.
        pid = attributor.people.only_one_with_role([t.text for t in who])
        if pid is not None:
            return Referent(attributor.people.name(pid), False, pid), as_written
    if not ref.speaker:
        return None, None
    return ref, as_written


_ECHO_WORD = re.compile(r"\w+")


def _headline_echo(view: ArticleView, groups: list[_Found], item: _Found) -> tuple[Referent | None, str | None]:
    """A headline that quotes a few words ("Poland “a model ally”") and does
    not say who: the one person the body quotes saying those words, by a cue
    of their own."""
    if item.para != 0:
        return None, None
    head = view.paragraphs[0]
    if head.end - head.start > _HEADLINE_CHARS:
        return None, None   # a story pasted as one line has no headline to echo
    words = _echo_words(view, item)
    if len(words) < 2:
        return None, None
    found = {}
    # (a headline holds a few quotes: one pass over the body for each is linear)
    for g in groups:
        ref = _cued_person(g)
        if ref is not None and _has_run(_echo_words(view, g), words):
            found[ref.person] = (ref, g.attribution.as_written)
    return next(iter(found.values())) if len(found) == 1 else (None, None)


def _echoes(view: ArticleView, groups: list[_Found]) -> None:
    """A lede's "Canada's defence minister says Ottawa “got the message”" and
    the body's "“We got the message, …” Bill Blair told reporters": a quote
    given only a role (or nobody) whose words the article quotes again from
    exactly one named person, by a cue of that person's, is that person's."""
    wanting = []
    for g in groups:
        ref, _ = g.speaker()
        if g.para == 0 or g.unattributable or ref is not None and (ref.person is not None or ref.via != "role"):
            continue
        words = _echo_words(view, g)
        if len(words) >= _ECHO_MIN:   # two words ("not over") are anyone's
            wanting.append((g, words))
    if not wanting:
        return
    index = _echo_index(view, groups)
    for g, words in wanting:
        found = {}
        for h, body in index.get(tuple(words[:_ECHO_MIN]), ()):
            if h is not g and len(body) > len(words) and _has_run(body, words):
                found[h.attribution.referent.person] = (h.attribution.referent, h.attribution.as_written)
        if len(found) == 1:
            g.attribution = None
            g.inherited, g.as_written = next(iter(found.values()))
            g.sieve = "echo"


_ECHO_MIN = 3


def _echo_words(view: ArticleView, g: _Found) -> list[str]:
    return [w.lower() for s, e in g.spans for w in _ECHO_WORD.findall(view.text, s, e)]


def _has_run(body: list[str], words: list[str]) -> bool:
    """`words` stand in `body` one after another."""
    n = len(words)
    return any(body[i:i + n] == words for i in range(len(body) - n + 1))


def _cued_person(g: _Found) -> Referent | None:
    """The named person a body quote's own cue gives it, if any: who an
    echo of its words may be traced to."""
    ref = g.attribution.referent if g.attribution is not None else None
    return ref if g.para and ref is not None and ref.person is not None else None


def _echo_index(view: ArticleView, groups: list[_Found]) -> dict[tuple, list]:
    """The quotes a named person says under a cue of their own, by each run of
    _ECHO_MIN words they contain: one pass over the article's quotes, so that
    finding where a few words were quoted again costs a lookup, not a scan."""
    index: dict[tuple, list] = {}
    for h in groups:
        if _cued_person(h) is None:
            continue
        body = _echo_words(view, h)
        for key in {tuple(body[i:i + _ECHO_MIN]) for i in range(len(body) - _ECHO_MIN + 1)}:
            index.setdefault(key, []).append((h, body))
    return index


# joining ----------------------------------------------------------------------
def _join(view: ArticleView, found: list[_Found]) -> list[_Found]:
    groups: list[_Found] = []
    for item in found:
        prev = groups[-1] if groups else None
        if prev is not None and not item.unattributable and not prev.unattributable:
            last = prev.spans[-1]
            prev_para = view.paragraphs[prev.para]
            para = view.paragraphs[item.para]
            runs_on = (prev.region.close_mark is None and last[1] == prev_para.end and item.para == prev.para + 1
                       and item.region.open_mark[0] == para.start)
            same_cue = (item.attribution is not None and prev.attribution is not None
                        and item.attribution.cue_token is prev.attribution.cue_token)
            follows = (item.attribution is None and prev.attribution is not None and item.para == prev.para
                       and not view.text[prev.frame[1]:item.region.open_mark[0]].strip()
                       and _cue_between(view, prev))
            if runs_on or same_cue or follows:
                prev.spans.append((item.region.start, item.region.end))
                if prev.attribution is None:
                    prev.attribution = item.attribution
                prev.frame = (prev.frame[0], item.frame[1])
                prev.region = item.region
                continue
        groups.append(item)
    return groups


# stage 1 without a cue beside the quote ------------------------------------------
def _attribute_groups(view: ArticleView, attributor: Attributor, groups: list[_Found]) -> None:
    """Sieves for quotes whose own sentence has no cue, most precise first
    (Muzny et al. 2017): a headline's "X on Y:", a live-blog heading, the
    previous paragraph's speaker carrying on, a colon introduction, a
    speaker named in the sentence before, then a cue in the sentence after.
    They run in document order, so a quote attributed here can be carried on
    by the paragraph after it."""
    sieves = (
        ("headline", lambda g, k: _headline_speaker(view, attributor, g)),
        ("headline", lambda g, k: _headline_echo(view, groups, g)),
        ("heading", lambda g, k: _named(_heading_speaker(view, attributor, g))),
        ("topic-heading", lambda g, k: _under_topic_heading(view, attributor, groups, k)),
        # an explicit cue right after a quote that stands alone beats carrying on
        ("adjacent-after", lambda g, k: _sentence_after(view, attributor, g)),
        ("dash-credit", lambda g, k: _dash_credit(view, attributor, g)),
        ("conversation", lambda g, k: _conversation(view, attributor, groups, k)),
        ("conversation", lambda g, k: _exchange(view, groups, k)),
        ("continuation", lambda g, k: _continuation(view, groups[k - 1], g) if k else (None, None)),
        ("colon-intro", lambda g, k: _colon_intro(view, attributor, g)),
        ("colon-continuation", lambda g, k: _subjectless_colon(view, groups, k)),
        ("adjacent-sentence", lambda g, k: _sentence_before(view, attributor, g)),
        ("adjacent-mention", lambda g, k: _sentence_before(view, attributor, g, only_mention=True)),
    )
    for k, g in enumerate(groups):
        if g.attribution is not None and g.attribution.sieve == "cue-nearest" and not g.unattributable:
            # a cue that does not govern the quote loses to the main clause of a
            # colon introduction ("Vantreese ended her opinion with a line the
            # plaintiffs posted: “…”")
            ref, as_written = _colon_intro(view, attributor, g)
            if ref is not None and ref.person is not None:
                g.attribution, g.inherited, g.as_written, g.sieve = None, ref, as_written, "colon-intro"
            continue
        if g.attribution is not None or g.unattributable:
            continue
        for name, sieve in sieves:
            ref, as_written = sieve(g, k)
            if ref is not None and ref.speaker:
                g.inherited, g.as_written, g.sieve = ref, as_written, name
                break
            if name == "topic-heading" and _quote_under_topic_heading(view, g):
                break   # the heading is what the quote is about; the sieves below would read it as its speaker


def _named(ref: Referent | None) -> tuple[Referent | None, str | None]:
    return ref, (ref.speaker if ref is not None else None)


def _exchange(view: ArticleView, groups: list[_Found], k: int) -> tuple[Referent | None, str | None]:
    """A question and its answer, each its own paragraph with its speaker
    ("“…?” she said." / "“…,” Ms. Fontenot replied."), then a quote alone in
    the next paragraph: the exchange goes on, so the turn is the one before
    the last ("“A different judgment about what?”" is the judge's)."""
    item = groups[k]
    if k < 2 or not _whole_paragraph(view, item):
        return None, None
    a, b = groups[k - 2], groups[k - 1]
    if b.para != item.para - 1 or a.para != b.para - 1:
        return None, None
    turns = []
    for g in (a, b):
        para = view.paragraphs[g.para]
        ref, as_written = g.speaker()
        if g.unattributable or ref is None or ref.person is None \
                or not view.text[para.start:para.end].lstrip().startswith(tuple("“‘\"'")):
            return None, None
        turns.append((ref, as_written))
    (first, as_written), (second, _) = turns
    asked = any(view.text[g.spans[-1][0]:g.spans[-1][1]].rstrip(_MARKS).endswith("?") for g in (a, b)) \
        or b.attribution is None and b.sieve == "conversation"   # the exchange goes on
    if first.person == second.person or not asked:
        return None, None   # one speaker's paragraphs, or statements one after another (a vox pop)
    return Referent(first.speaker, False, first.person, "name"), as_written


def _continuation(view: ArticleView, prev: _Found, item: _Found) -> tuple[Referent | None, str | None]:
    """A paragraph that is only a quote carries on the last speaker."""
    para, prev_para = view.paragraphs[item.para], view.paragraphs[prev.para]
    # (the group's first span: a quotation that runs on over paragraphs keeps its last region)
    if (not _only(view.text, para.start, item.spans[0][0], _MARKS) or item.para != prev.para + 1
            or prev.unattributable
            or not _only(view.text, prev.frame[1], prev_para.end)):
        return None, None
    if view.text[prev.spans[-1][0]:prev.spans[-1][1]].rstrip(_MARKS).endswith("?"):
        return None, None   # a quote after a question is the answer: someone else's turn
    return prev.speaker()


def _whole_paragraph(view: ArticleView, item: _Found) -> bool:
    para = view.paragraphs[item.para]
    return _only(view.text, para.start, item.spans[0][0], _MARKS) and \
        _only(view.text, item.region.outer[1], para.end, _MARKS + ".,;!?")


# A story pasted as one line is one paragraph a megabyte long: the tests below
# of "nothing but marks between here and the paragraph's edge" read forward and
# stop at the first other character, where a slice and strip() copied the
# paragraph's whole length once per quote.
def _only(text: str, start: int, end: int, chars: str | None = None) -> bool:
    """text[start:end] holds only ``chars`` (whitespace if None): the same as
    ``not text[start:end].strip(chars)``, without copying the range."""
    i = start
    while i < end and (text[i].isspace() if chars is None else text[i] in chars):
        i += 1
    return i >= end


_TOKEN = re.compile(r"\S+")


def _lower_word(text: str, start: int, end: int) -> bool:
    """A word of four or more lower-case letters in text[start:end] (split
    on whitespace), reading only as far as the first one."""
    words = (m.group() for m in _TOKEN.finditer(text, start, end))
    return any(len(w) >= 4 and w.isalpha() and w.islower() for w in words)


def _conversation(view: ArticleView, attributor: Attributor, groups: list[_Found], k: int):
    """Two people introduced together, then quotes alone in their paragraphs:
    an exchange, so the turns alternate ("Edna Marlow and Bill Achebe …
    Mrs. Marlow usually goes first." “…” / “…” / “…”)."""
    if k == 0 or not _whole_paragraph(view, groups[k]):
        return None, None
    r = k
    while r > 0 and groups[r - 1].para == groups[r].para - 1 and _whole_paragraph(view, groups[r - 1]) \
            and groups[r].attribution is None:
        r -= 1
    first = groups[r]
    if r == k or first.para == 0 or (first.para - 1) in _quoted_paragraphs(view):
        return None, None
    ref, _ = first.speaker()
    intro = view.paragraphs[first.para - 1]
    people = _people_named(view, attributor, intro.start, intro.end)
    if ref is not None and ref.person not in people and len(people) == 1 \
            and ref.person in _pronoun_subjects(view, attributor, intro.start, intro.end):
        # "Then he asked a question Featherstone could not answer.": the one
        # asking is "he", the first turn's speaker
        people[ref.person] = None
    if ref is None or ref.person not in people or len(people) != 2:
        return None, None
    other = next(pid for pid in people if pid != ref.person)
    pid = ref.person if (k - r) % 2 == 0 else other
    return Referent(attributor.people.name(pid), False, pid, "name"), attributor.people.name(pid)


def _pronoun_subjects(view: ArticleView, attributor: Attributor, start: int, end: int) -> set:
    """The people the subject pronouns in the range, outside quotation marks, stand for."""
    return {attributor.resolve(tok, view.pos(tok)).person for tok in view.tokens(start, end)
            if tok.pos_ == "PRON" and tok.dep_ in ("nsubj", "nsubjpass") and not view.quoted(view.pos(tok))} - {None}


def _people_named(view: ArticleView, attributor: Attributor, start: int, end: int) -> dict:
    """{person id: (referent, as written)} for every person named by name in
    the range, outside quotation marks; a possessor ("Dray's wife") is not."""
    found = {}
    for tok in view.tokens(start, end):
        if tok.pos_ != "PROPN" or view.quoted(view.pos(tok)) or not attributor.people.is_surname(tok.text):
            continue
        if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("'s", "’s"):
            continue
        ref = attributor.resolve(tok, view.pos(tok))
        if ref.person is not None:
            found.setdefault(ref.person, (ref, attributor.mention_text(tok)))
    return found


def _quoted_paragraphs(view: ArticleView) -> set[int]:
    """Indices of the paragraphs holding a quotation (built once per article)."""
    return view.__dict__.setdefault("_quoted_paras", set(view.region_para))


def _bounds(view: ArticleView, para_i: int) -> list[int]:
    """Sentence starts of a paragraph, computed once per article and paragraph."""
    cache = view.__dict__.setdefault("_bounds_cache", {})
    para = view.paragraphs[para_i]
    if para.start not in cache:
        cache[para.start] = view.sentence_bounds(para)
    return cache[para.start]


def _sentence_around(view: ArticleView, para_i: int, pos: int) -> tuple[int, int]:
    starts = _bounds(view, para_i)
    k = bisect.bisect_right(starts, pos) - 1
    return starts[max(k, 0)], starts[k + 1] if k + 1 < len(starts) else view.paragraphs[para_i].end


_MARKS = "“”‘’\"' \t\n•·▪●◦*–—-"   # quotation marks, space, and the bullets of a list


def _quote_only(view: ArticleView, item: _Found) -> tuple[int, int] | None:
    """The sentence(s) of a quote that stands alone, with nothing but the
    quotation in them: (start of its first sentence, end of its last)."""
    first = item.spans[0][0]
    s0, _ = _sentence_around(view, item.para, first)
    _, e1 = _sentence_around(view, item.para, max(item.region.outer[1] - 1, first))
    if view.text[s0:first].strip(_MARKS) or view.text[item.region.outer[1]:e1].strip(_MARKS + ".,;!?—–-"):
        return None
    return s0, e1


def _speaker_subject(view: ArticleView, attributor: Attributor, start: int, end: int, groups_ok: bool):
    """The subject of a sentence outside quotation marks that names a speaker:
    the main clause's subject first."""
    def main_clause(verb) -> bool:   # the range's own top verb (the parse may hang it on the quote)
        return verb.dep_ == "ROOT" or not start <= view.pos(verb.head) < end

    subs = [t for t in view.tokens(start, end) if t.dep_ in ("nsubj", "nsubjpass") and not view.quoted(view.pos(t))
            and (main_clause(t.head) or attributor.cue_text(t.head))]   # not "the passages the delegates applauded"
    # "The donation, she said, had been made at a benefit dinner.": a
    # parenthetical cue's subject is the one whose words the sentence reports
    subs.sort(key=lambda t: (not (t.head.dep_ == "parataxis" and attributor.cue_text(t.head)), not main_clause(t.head)))
    for tok in subs:
        if tok.lower_ in ("it", "this", "that", "there", "which", "who", "what"):
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in view.lex.reporting_nouns and owner is not None:
            tok = owner   # "His last words to the delegates were a warning": his
        ref = attributor.resolve_possessive(tok) if tok.dep_ == "poss" else attributor.resolve(tok, view.pos(tok))
        if ref.speaker and (ref.person is not None or ref.via == "role" or groups_ok and ref.is_group):
            return ref, attributor.mention_text(tok)
        return None, None   # the main subject is someone or something else
    return None, None


def _colon_intro(view: ArticleView, attributor: Attributor, item: _Found):
    """“…” introduced by a sentence ending in a colon ("Ames had a message for
    the council:"), in the same paragraph or as the paragraph before."""
    open_at = item.spans[0][0]
    s0, _ = _sentence_around(view, item.para, open_at)
    lead = view.text[s0:open_at].rstrip(_MARKS)
    if lead.endswith(":"):
        ref, written = _from_person(view, attributor, s0, open_at)
        if ref is not None:
            return ref, written
        ref, written = _speaker_subject(view, attributor, s0, open_at, groups_ok=True)
        if ref is None:
            ref, written = _labelled_item(view, attributor, item.para, open_at)
        if ref is None:
            ref, written = _verbless_label(view, attributor, s0, open_at)
        if ref is None:
            return _excerpts_of(view, attributor, item.para, s0, open_at)
        return ref, written
    para = view.paragraphs[item.para]
    if item.para and not lead and s0 == para.start:
        prev = view.paragraphs[item.para - 1]
        if view.text[prev.start:prev.end].rstrip().endswith(":"):
            ps, _ = _sentence_around(view, item.para - 1, prev.end - 1)
            ref, written = _speaker_subject(view, attributor, ps, prev.end, groups_ok=True)
            if ref is None:  # "Among her lines:" — a possessive pronoun names the speaker
                for t in view.tokens(ps, prev.end):
                    if t.dep_ == "poss" and t.lower_ in ("his", "her"):
                        return attributor.resolve_possessive(t), t.text
                return _excerpts_of(view, attributor, item.para - 1, ps, prev.end)
            return ref, written
    return None, None


def _verbless_label(view: ArticleView, attributor: Attributor, start: int, end: int):
    """"CEO Thandiwe Mahlangu at the results presentation: “…”", "- Unions:
    Nupw general secretary Mandla Ntuli: “…”": an introduction with no verb
    that names one person labels the words as theirs."""
    if any(t.pos_ in ("VERB", "AUX") and not view.quoted(view.pos(t)) for t in view.tokens(start, end)):
        return None, None
    found = _people_named(view, attributor, start, end)
    return next(iter(found.values())) if len(found) == 1 else (None, None)


def _labelled_item(view: ArticleView, attributor: Attributor, para_i: int, open_at: int):
    """"Ines Valcourt, senior fellow: “…”": a name and its role before a
    colon, with no verb (the parser finds no subject), label the words."""
    item = _labelled_item_name(view.text, view.paragraphs[para_i], view.lex)
    if item is None or not item[0].end() - 1 <= open_at <= item[0].end():
        return None, None
    m, words = item
    people = attributor.people
    pid = people.lookup(words, m.start("name")) if len(words) > 1 else None
    if pid is None:
        return None, None
    return Referent(people.name(pid), False, pid), m.group("name")


def _subjectless_colon(view: ArticleView, groups: list[_Found], k: int):
    """“When the list is empty,” she says. Then, after a moment: “So, no.”
    An introduction ending in a colon that has no subject of its own, right
    after a quote of the same paragraph, carries that quote's speaker on; so
    does a short one opening the next paragraph, after a paragraph that ends
    on the quote ("“…,” said Rudd." / "And on the league table: “…”")."""
    if not k:
        return None, None
    g, prev = groups[k], groups[k - 1]
    if prev.unattributable:
        return None, None
    open_at = g.spans[0][0]
    if prev.para == g.para:
        lead_start = prev.frame[1]
    elif prev.para == g.para - 1 and _only(view.text, prev.frame[1], view.paragraphs[prev.para].end, _MARKS + " .") \
            and not view.text[prev.spans[-1][0]:prev.spans[-1][1]].rstrip(_MARKS).endswith("?"):
        lead_start = view.paragraphs[g.para].start
        if len(view.text[lead_start:open_at].split()) > 8 or any(
                t.pos_ == "PROPN" for t in view.tokens(lead_start, open_at)):
            return None, None   # ("9:14 a.m. — Whitlock:" names its own speaker)
    else:
        return None, None
    lead = view.text[lead_start:open_at].rstrip(_MARKS)
    if not lead.endswith(":") or "\n" in lead:
        return None, None
    if any(t.dep_ in ("nsubj", "nsubjpass", "csubj") and not view.quoted(view.pos(t))
           for t in view.tokens(lead_start, open_at)):
        return None, None   # "Ames had a message for the council:" has its own subject
    return prev.speaker()


def _from_person(view: ArticleView, attributor: Attributor, start: int, end: int):
    """A colon introduction that carries someone's words: "Reyes read out a
    letter from Ana Ruiz:", "the company released a statement from its
    founder, Ivo Sand:". The person the words are from speaks."""
    colon = view.text.rindex(":", start, end)
    for tok in view.tokens(start, end):
        if tok.lower_ != "from" or tok.head.pos_ != "NOUN" or view.quoted(view.pos(tok)):
            continue
        for obj in tok.children:
            # the words' source closes the introduction: not "a call from Ann
            # Lee on Friday and told staff:"
            if obj.dep_ != "pobj" or view.text[view.end(obj.doc[obj.right_edge.i]):colon].strip(" ,"):
                continue
            obj = next((c for c in obj.children if c.dep_ == "appos" and c.pos_ == "PROPN"), obj)
            ref = attributor.resolve(obj, view.pos(obj))
            if ref.person is not None or ref.via == "name-unknown" and len(ref.speaker.split()) >= 2:
                return ref, attributor.mention_text(obj)
    return None, None


def _excerpts_of(view: ArticleView, attributor: Attributor, para_i: int, start: int, end: int):
    """An introduction that names no one ("Some excerpts:", "Among the
    passages the delegates applauded:") hands the list to the person the
    sentence before it is about: "Sen. Ames is on her feet. Some lines:".
    That sentence is in the introduction's paragraph or closes the one
    before, if that one quotes no one."""
    if not any(t.pos_ == "NOUN" and t.lemma_.lower() in view.lex.excerpt_nouns and not view.quoted(view.pos(t))
               for t in view.tokens(start, end)):
        return None, None
    para = view.paragraphs[para_i]
    if start > para.start:
        ps, _ = _sentence_around(view, para_i, start - 1)
        return _speaker_subject(view, attributor, ps, start, groups_ok=False)
    if para_i == 0 or (para_i - 1) in _quoted_paragraphs(view):
        return None, None
    prev = view.paragraphs[para_i - 1]
    if view.text[prev.end - 1:prev.end] not in ".!?":
        return None, None   # a timestamp or a heading, not a sentence
    ps, _ = _sentence_around(view, para_i - 1, prev.end - 1)
    return _speaker_subject(view, attributor, ps, prev.end, groups_ok=False)


def _sentence_before(view: ArticleView, attributor: Attributor, item: _Found, only_mention: bool = False):
    """A quote that is a sentence of its own, after a sentence whose subject is
    a person: "Lindqvist was blunt. “We are not selling.”" The sentence may
    close the paragraph before, if that paragraph quotes no one. With
    `only_mention`, the weaker form: the one person that sentence names at
    all ("The sharpest questions came from Magda Lorne. “…”")."""
    span = _quote_only(view, item)
    if span is None:
        return None, None
    def find(start: int, end: int):
        if only_mention:
            return _only_person(view, attributor, start, end)
        return _speaker_subject(view, attributor, start, end, groups_ok=False)

    para = view.paragraphs[item.para]
    if span[0] > para.start:
        ps, _ = _sentence_around(view, item.para, span[0] - 1)
        return find(ps, span[0])
    if item.para == 0 or (item.para - 1) in _quoted_paragraphs(view):
        return None, None
    prev = view.paragraphs[item.para - 1]
    if view.text[prev.end - 1:prev.end] not in ".!?:":
        return None, None   # a heading or a byline, not a sentence
    ps, _ = _sentence_around(view, item.para - 1, prev.end - 1)
    return find(ps, prev.end)


def _only_person(view: ArticleView, attributor: Attributor, start: int, end: int):
    """The one person a sentence names (by name, outside quotation marks), or
    nothing if it names none or several."""
    found = _people_named(view, attributor, start, end)
    return next(iter(found.values())) if len(found) == 1 else (None, None)


def _sentence_after(view: ArticleView, attributor: Attributor, item: _Found):
    """A quote that is a sentence of its own, followed in its paragraph by a
    sentence with a cue ("… Keller said later.") or "the verdict of X"."""
    span = _quote_only(view, item)
    para = view.paragraphs[item.para]
    if span is None or span[1] >= para.end:
        return None, None
    s1, e1 = _sentence_around(view, item.para, span[1])
    if any(view.quoted(p) for p in range(s1, e1)):
        return None, None
    attribution = _choose_cue(view, attributor, item.region, s1, e1)
    if attribution is not None:
        return attribution.referent, attribution.as_written
    for tok in view.tokens(s1, e1):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in view.lex.reporting_nouns:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            ref = attributor.resolve(obj, view.pos(obj))
                            if ref.person is not None:
                                return ref, attributor.mention_text(obj)
    return None, None


_DASH = re.compile(r"[ \t]*(?:—|–|--)[ \t]*")
_BULLETS = " \t•·*▪►-–—"


def _dash_credit(view: ArticleView, attributor: Attributor, item: _Found):
    """A pull quote or a newsletter's bullet, credited after a dash: "• “…”
    — Lithuanian MP Darius Kalvaitis, to the Amber Coast Times." The quote
    opens its paragraph, and the credit's first name is a person's."""
    para = view.paragraphs[item.para]
    start, end = item.region.outer
    if item.region.close_mark is None or view.text[para.start:start].strip(_BULLETS):
        return None, None
    m = _DASH.match(view.text, end)
    if m is None or m.end() >= para.end:
        return None, None
    for tok in view.tokens(m.end(), para.end):
        if tok.text in (",", "(", ";"):
            break   # the name comes first: "— a former planner, Thomas Ferrante" is not read
        if tok.pos_ == "PROPN" and tok.dep_ not in ("compound", "flat"):
            ref = attributor.resolve(tok, view.pos(tok))
            return (ref, attributor.mention_text(tok)) if ref.person is not None else (None, None)
    return None, None


def _cue_between(view: ArticleView, prev: _Found) -> bool:
    """The attribution of the previous piece sits between the two pieces."""
    return view.pos(prev.attribution.cue_token) >= prev.region.outer[1]


def _kind(text: str) -> str:
    words = text.split()
    first = next((c for c in text if c.isalpha()), "")
    return "direct" if (first.isupper() and len(words) >= 3) or len(words) >= 12 else "partial"


def _to_quote(view: ArticleView, item: _Found) -> ExtractedQuote:
    spans = tuple(Span(s, e, view.text[s:e]) for s, e in item.spans)
    text = " ".join(s.text for s in spans)
    if item.unattributable:
        return ExtractedQuote(spans, "partial", None, None, None, False)
    if item.attribution is not None:
        ref, as_written, cue = item.attribution.referent, item.attribution.as_written, item.attribution.cue
        sieve = item.attribution.sieve
    elif item.inherited is not None:
        ref, as_written, cue, sieve = item.inherited, item.as_written, None, item.sieve
    else:
        return ExtractedQuote(spans, _kind(text), None, None, None, False)
    if not ref.speaker:
        return ExtractedQuote(spans, _kind(text), None, as_written, cue, False)
    return ExtractedQuote(spans, _kind(text), ref.speaker, as_written, cue, ref.is_group, sieve, ref.via,
                          confidence(sieve, ref.via))


# reported claims --------------------------------------------------------------
def _overlaps_any(s: int, e: int, blocked: list[tuple[int, int]], starts: list[int]) -> bool:
    k = bisect.bisect_left(starts, e)   # regions starting before e; they do not overlap each other
    return k > 0 and blocked[k - 1][1] > s


def _indirect(view: ArticleView, attributor: Attributor, answers: list[tuple[int, int]]) -> list[ExtractedQuote]:
    """Reported claims (kind "indirect"): what a source said, found or
    believes, outside quotation marks, with its content span, cue and speaker.
    Forms: "X said (that) …" and "…, X said"; "according to X, …"; verbs of
    assertion, warning, belief and denial (data files); "X called Y Z", "X
    described Y as Z"; documents as sources ("a report found …"); "X's
    statement said …"; "X asked whether …"; a noun's clause ("refuted
    criticism that …", data/claim_noun_cues.txt); "denies paying …"."""
    out = []
    lex = view.lex
    answers = sorted(answers)
    answer_starts = [a for a, _ in answers]
    for off, doc in view.docs:
        for tok in doc:
            if view.quoted(off + tok.idx) or attributor.is_passive(tok):
                continue
            if tok.lemma_.lower() == "ask" and (tok.tag_ == "VBN" or tok.dep_ == "advcl") \
                    and not any(c.dep_.startswith("nsubj") for c in tok.children):
                continue   # "Asked what the council would cut, Holt said …": a question put to the speaker, not theirs
            noun_claim = (_noun_claim(tok, lex) or _made_clear(tok)) if tok.pos_ == "VERB" else None
            cue = noun_claim[0] if noun_claim else attributor.cue_text(tok)
            if not cue and tok.pos_ == "VERB" and tok.lemma_.lower() in lex.claim_verbs:
                cue = tok.text
            if not cue:
                continue
            idx = noun_claim[1] if noun_claim else _claim_content(tok, cue, lex)
            if not idx:
                idx = _claim_before_conjoined_cue(tok, cue, attributor)
            idx = _without_nested_reports(doc, idx, tok, attributor)
            if not idx:
                continue
            spk = attributor.speaker_token(tok, cue)
            if spk is None:
                continue
            if spk.i in idx:
                # "A is “…”, Lena Ortiz, the mayor, said": the speaker is never part of the claim
                named = {t.i for t in spk.subtree}
                idx = [i for i in idx if i not in named]
            spans = _runs(doc, sorted(idx))
            if not spans or sum(e - s for s, e in spans) < 3:
                continue
            spans = [(off + doc[s].idx, off + doc[e - 1].idx + len(doc[e - 1].text)) for s, e in spans]
            if _mostly_quoted(view, doc, idx) or any(_overlaps_any(s, e, answers, answer_starts) for s, e in spans):
                continue   # a quotation (or a transcript answer) is a quote, not a reported claim
            owner = next((c for c in spk.children if c.dep_ == "poss"), None)
            if owner is not None and spk.lemma_.lower() in lex.document_nouns | lex.reporting_nouns:
                spk = owner   # "the ministry's statement said": the ministry's claim
            ref = attributor.resolve(spk, view.pos(spk))
            if not ref.speaker:
                continue
            # The claim's terms are read off this parse, so linking it across
            # outlets never needs the article parsed again.
            terms = claim_terms((t for s, e in spans for t in view.tokens(s, e)), lex)
            out.append(ExtractedQuote(tuple(Span(s, e, view.text[s:e]) for s, e in spans), "indirect",
                                      ref.speaker, attributor.mention_text(spk), cue, ref.is_group,
                                      "claim-cue", ref.via, confidence("claim-cue", ref.via), terms))
    return out


def _claim_before_conjoined_cue(tok, cue: str, attributor: Attributor) -> list[int]:
    """"A is “unrealistic” and an “illusionary goal”, Pete Hegseth, the
    defense secretary, said": the parser hangs "said" on "is" as a conjunct
    and the speaker on A; the claim is everything from A's start up to the
    speaker."""
    if tok.dep_ != "conj" or tok.head.i > tok.i or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return []
    spk = attributor.speaker_token(tok, cue)
    if spk is None or not tok.head.i < spk.i < tok.i:
        return []
    start = max(tok.head.left_edge.i, tok.sent.start)
    return list(range(start, attributor.mention_tokens(spk)[0].i))


def _without_nested_reports(doc, idx: list[int], cue_tok, attributor: Attributor) -> list[int]:
    """A clause hung on the claim that reports a named source's words ("experts
    warned that X, especially after Hegseth called Y Z") is that source's
    claim, found from its own cue, not part of this one. One whose subject is
    a pronoun ("X, as it insists it must, will fail") is left in: it is
    mostly the claim's own aside, and the gold keeps it."""
    drop = set()
    for i in idx:
        t = doc[i]
        if (t.dep_ == "advcl" and t is not cue_tok and attributor.cue_text(t)
                and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN" for c in t.children)):
            drop |= {d.i for d in t.subtree}
            drop |= {c.i for c in t.children if c.dep_ == "advmod"}
    return [i for i in idx if i not in drop] if drop else idx


def _split_conjoined(clause) -> list[int]:
    """"said that A and that B" reports two claims: leave out the joining
    "and that" so each becomes its own span."""
    idx = {t.i for t in clause.subtree}
    for conj in clause.children:
        if conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            joint = [t for t in clause.doc[clause.i:conj.left_edge.i] if t.dep_ == "cc" and t.head is clause]
            for t in joint:
                idx.discard(t.i)
                if t.i > 0 and clause.doc[t.i - 1].is_punct:
                    idx.discard(t.i - 1)
            for c in conj.children:
                if c.dep_ == "mark":
                    idx.discard(c.i)
    return sorted(idx)


def _conjoined_claims(tok, clause, lex: Lexicon) -> list[int]:
    """A second claim the parser hangs on the cue rather than on the first:
    "said A, but that B", and "A, he said, and B" (the cue between them).
    A conjunct that reports again ("…, he said, and added that …") is its
    own cue's."""
    out = []
    for conj in tok.children:
        if conj.dep_ != "conj" or conj.i < tok.i or conj.pos_ not in ("VERB", "AUX") or conj.lemma_.lower() in lex.verbs:
            continue
        marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in conj.children)
        # "and", not "but": "…,” he said, but the airline repaid its loans" is the writer's contrast
        between = (clause.i < tok.i and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
                   and any(c.dep_ == "cc" and c.lower_ == "and" and tok.i < c.i < conj.i for c in tok.children))
        if marked or between:
            out += [t.i for t in conj.subtree]
    return out


def _mandative(clause) -> bool:
    """"demanded that Russia keep the land, that its army be limited": a
    bare verb with its own subject and no auxiliary states a demand, not a claim."""
    if any(c.dep_ == "aux" for c in clause.children) or not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return False
    verb = next((c for c in clause.children if c.dep_ == "auxpass"), clause)
    return verb.tag_ == "VB"


def _unjoined(doc, idx: list[int]) -> list[int]:
    """Leave out a ", but" / ", and" right before a "that" opening the next
    claim, wherever the parser hung it, so each claim is its own span."""
    taken, drop = set(idx), set()
    for i in idx:
        if doc[i].dep_ == "mark" and doc[i].lower_ == "that" and i - 1 in taken and doc[i - 1].dep_ == "cc":
            drop |= {i - 1} | ({i - 2} if i >= 2 and doc[i - 2].is_punct else set())
    return [i for i in idx if i not in drop] if drop else idx


def _mostly_quoted(view: ArticleView, doc, idx: list[int]) -> bool:
    """A claim may carry a partial quotation (Hegseth called NATO membership
    “unrealistic”); one whose words are nearly all quoted is a quotation."""
    words = [doc[i] for i in idx if not doc[i].is_punct]
    quoted = sum(view.quoted(view.pos(t)) for t in words)
    return not words or len(words) - quoted < 2


def _noun_claim(tok, lex: Lexicon) -> tuple[str, list[int]] | None:
    """"refuted criticism that A", "pushed back on concerns that A", "made
    comments that A": (the cue as written, A's token indices) when the verb
    and its object noun are listed in data/claim_noun_cues.txt, else None."""
    particles = [c.lower_ for c in tok.children if c.dep_ in ("prt", "advmod")]
    if not any((tok.lemma_.lower(), p) in lex.claim_noun_verbs for p in ["", *particles]):
        return None
    nouns = [c for c in tok.children if c.dep_ == "dobj"]
    nouns += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for noun in nouns:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in lex.claim_nouns:
            continue
        # the clause hangs on the noun, or on the verb after it ("made comments on Feb. 12 that …")
        clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp")]
        clauses += [c for c in tok.children if c.dep_ == "ccomp" and c.i > noun.i]
        for clause in clauses:
            if any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                return tok.doc[tok.i:noun.i + 1].text, _split_conjoined(clause)
    return None


def _made_clear(tok) -> tuple[str, list[int]] | None:
    """"X made (it) clear that A": the parser hangs A on "clear", which it
    makes the verb's clause; (the cue as written, A's token indices)."""
    if tok.lemma_.lower() != "make":
        return None
    for clear in tok.children:
        if clear.lower_ == "clear" and clear.i > tok.i:
            for clause in clear.children:
                if clause.i > clear.i and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                    return tok.doc[tok.i:clear.i + 1].text, _split_conjoined(clause)
    return None


# Verbs whose object is what they report: "denied the allegations", "rejected
# suggestions of concessions", "dismissed them as ahistorical".
_OBJECT_CLAIMS = {"deny", "reject", "dismiss", "refute", "acknowledge", "admit", "criticize", "criticise",
                  "dispute", "confirm"}
_AS_CLAIMS = {"describe", "characterise", "characterize", "portray", "dismiss", "reject", "brand", "cast", "frame"}


def _claim_content(tok, cue: str, lex: Lexicon) -> list[int]:
    """Token indices of what a cue reports, or [] if it reports no clause."""
    if cue == "according to":
        # "According to X, the plan failed" / "The plan failed, according to X":
        # by the comma, not the parse, which often makes X the clause's subject
        sent = tok.sent
        if tok.i == sent.start:
            comma = next((t.i for t in sent if t.i > tok.i + 1 and t.text == ","), None)
            return list(range(comma + 1, sent.end)) if comma is not None else []
        if tok.i > sent.start and tok.doc[tok.i - 1].text == ",":
            return list(range(sent.start, tok.i - 1))
        return []
    lemma = tok.lemma_.lower()
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if lemma in ("call", "label", "brand", "dub", "term", "deem") and obj is not None:
        pred = [c for c in tok.children if c.dep_ in ("oprd", "xcomp", "ccomp") and c.i > obj.i]
        if pred:   # "X called the plan unrealistic": "the plan unrealistic"
            return list(range(obj.left_edge.i, pred[-1].right_edge.i + 1))
    if lemma in _AS_CLAIMS | {"call", "label"} and obj is None:
        # "X called Y as Z": the parse may make Y the verb's predicate
        obj = next((c for c in tok.children if c.dep_ == "oprd"), None)
    if lemma in _AS_CLAIMS | {"call", "label"} and obj is not None:
        as_ = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i]
        if as_:    # "X described the deal as a mistake": "the deal as a mistake"
            return list(range(obj.left_edge.i, as_[0].right_edge.i + 1))
    content = [c for c in tok.children if c.dep_ == "ccomp" and not _mandative(c)]
    if content:
        idx = _split_conjoined(content[0]) + _conjoined_claims(tok, content[0], lex)
        for more in content[1:]:
            # "said A, but that B": the parser may make B a second clause of the cue
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in more.children):
                idx += [t.i for t in more.subtree]
        return _unjoined(tok.doc, sorted(set(idx)))
    if lemma in _OBJECT_CLAIMS and obj is not None and obj.pos_ != "PRON":
        return [t.i for t in obj.subtree]   # "denied the allegations"
    doing = [c for c in tok.children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > tok.i]
    if lemma in _OBJECT_CLAIMS and obj is None and doing:
        return [t.i for t in doing[0].subtree]   # "denies paying the engineer"
    if tok.dep_ == "parataxis" and tok.head.pos_ in ("VERB", "AUX"):
        skip = {t.i for t in tok.subtree}
        return [t.i for t in tok.head.subtree if t.i not in skip]
    return []


def _runs(doc, idx: list[int]) -> list[tuple[int, int]]:
    """Contiguous token runs, trimmed of the complementiser and edge punctuation."""
    runs, cur = [], []
    for i in idx:
        if cur and i != cur[-1] + 1:
            runs.append(cur)
            cur = []
        cur.append(i)
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and (doc[run[0]].is_punct or doc[run[0]].dep_ == "mark" and doc[run[0]].lower_ in ("that", "whether", "if") or doc[run[0]].dep_ == "cc"
                       or doc[run[0]].is_space):
            run = run[1:]
        while run and (doc[run[-1]].is_punct or doc[run[-1]].is_space or doc[run[-1]].dep_ == "cc"):
            run = run[:-1]
        if run:
            out.append((run[0], run[-1] + 1))
    return out
