"""A stateful property test over the real database (issue 14): random
sequences of ingests, re-ingests with changed text, editors' edits and
undos, with the invariants checked after every step:

- every stored count (quotes' reach and dates, speakers' directory counts)
  equals a fresh recount, and so do the stored fragment pairs;
- the printings are exactly what extraction found in the articles, less what
  editors marked "not a quote": none lost, none doubled;
- every visible quote has at least one printing;
- every edit that is allowed to be undone can be, and undoing every edit
  since the last ingest, newest first, gives back the state after that
  ingest, row for row (checked in a savepoint that is rolled back).

The normal suite runs a short profile (about a minute); `make soak` runs the
same machine for thousands of sequences (HYPOTHESIS_PROFILE=soak).
Articles are small synthetic texts run through the real spaCy extraction,
each distinct text parsed once per session.
"""
import os
from datetime import date

import pytest
from django.db import transaction
from django.db.models import Count, Max, Min
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from articles.models import Article
from articles.services import article_claim, article_ingest
from quotes.editing import services
from quotes.editing.errors import EditConflict, EditInvalid
from quotes.models import Appearance, Edit, Quote, Speaker, SpeakerAlias, SuppressedSpan
from quotes.services.extraction import _is_suppressed, article_apply_extraction
from tests.factories import UserFactory
from tests.fragment_pairs import pair_problems

settings.register_profile(
    "ci", max_examples=12, stateful_step_count=14, deadline=None, database=None,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "soak", max_examples=int(os.environ.get("SOAK_EXAMPLES", "2000")), stateful_step_count=10, deadline=None,
    database=None, suppress_health_check=list(HealthCheck),
)
settings.register_profile(  # finds bugs fast, reports them unshrunk
    "debug", parent=settings.get_profile("ci"), max_examples=200, phases=[Phase.generate],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
COUNT_FILE = os.environ.get("STATEFUL_COUNT_FILE")

PEOPLE = [("Ana Ruiz", "Ruiz"), ("Tom Becker", "Becker"), ("Lena Ortiz", "Ortiz")]
STATEMENTS = [
    "We will build the new bridge before the winter comes",
    "The budget is balanced and fair to every family in the city",
    "Nobody is going to scare this department off its plans",
    "Our schools need more teachers and smaller classes",
]
PARTIALS = ["balanced and fair", "scare this department", "more teachers"]
OUTLETS = ["Daily Ledger", "Harbor Times", "Valley Post"]
DAYS = [date(2025, 3, d) for d in (1, 4, 9)]

# (form, person, statement or partial): one paragraph of an article.
paragraph = st.tuples(st.sampled_from(["direct", "partial", "nested"]), st.integers(0, 2), st.integers(0, 3))
article_spec = st.tuples(st.integers(0, 2), st.integers(0, 2), st.lists(paragraph, min_size=1, max_size=3))


def article_text(paragraphs) -> str:
    out = ["City hall news"]
    for form, person, which in paragraphs:
        name, surname = PEOPLE[person]
        if form == "direct":
            out.append(f"“{STATEMENTS[which]},” {name} said on Monday.")
        elif form == "partial":
            out.append(f"{name} called the plan “{PARTIALS[which % len(PARTIALS)]}” in a speech.")
        else:  # a one-word quote inside a longer, reported one
            out.append(f"{name} said that the council would claim a “victory” in the vote on the plan.")
    return "\n\n".join(out) + "\n"


_PARSED: dict[str, object] = {}


@pytest.fixture(scope="module")
def nlp():
    from quotes.nlp import load_pipeline

    return load_pipeline()


def extraction_of(nlp, text):
    from quotes.nlp import extract_article

    if text not in _PARSED:
        _PARSED[text] = extract_article(nlp, text)
    return _PARSED[text]


# --- state, as rows --------------------------------------------------------------


def rows() -> dict:
    """Everything edits and undos may change, comparable row for row."""
    return {
        "quotes": {
            q["id"]: q
            for q in Quote.objects.values(
                "id", "speaker_id", "text", "kind", "hidden", "editor_locked", "merged_into_id",
                "outlet_count", "appearance_count", "first_published", "last_published",
            )
        },
        "appearances": {
            (a["article_id"], a["start"]): a
            for a in Appearance.objects.values("article_id", "start", "end", "quote_id", "spans", "text", "kind")
        },
        "speakers": {
            s["id"]: s
            for s in Speaker.objects.values("id", "name", "slug", "quote_count", "outlet_count", "last_quoted")
        },
        "aliases": set(SpeakerAlias.objects.values_list("speaker_id", "key", "alias", "added_by_editor")),
        "suppressed": set(SuppressedSpan.objects.values_list("article_id", "start", "end")),
    }


def same_rows(now: dict, then: dict) -> list[str]:
    """How `now` differs from `then`; quotes an edit created are kept by its
    undo, hidden and empty, for the audit, and may be extra."""
    problems = []
    for key in ("appearances", "speakers", "aliases", "suppressed"):
        if now[key] != then[key]:
            problems.append(f"{key}: {_diff(now[key], then[key])}")
    for qid, row in then["quotes"].items():
        if now["quotes"].get(qid) != row:
            problems.append(f"quote {qid}: now {now['quotes'].get(qid)} was {row}")
    for qid in set(now["quotes"]) - set(then["quotes"]):
        row = now["quotes"][qid]
        if not row["hidden"] or row["appearance_count"]:
            problems.append(f"quote {qid} is new and not an empty hidden one: {row}")
    return problems


def _diff(a, b):
    if isinstance(a, dict):
        return {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}
    return {"extra": a - b, "missing": b - a}


def count_problems() -> list[str]:
    """Stored counts against a fresh recount, in three queries."""
    problems = []
    fresh = {
        r["quote_id"]: r
        for r in Appearance.objects.values("quote_id").annotate(
            n=Count("id"), outlets=Count("article__outlet", distinct=True),
            first=Min("article__published"), last=Max("article__published"),
        )
    }
    quotes = list(Quote.objects.values(
        "id", "speaker_id", "hidden", "merged_into_id", "appearance_count", "outlet_count",
        "first_published", "last_published",
    ))
    for q in quotes:
        r = fresh.get(q["id"], {"n": 0, "outlets": 0, "first": None, "last": None})
        stored = (q["appearance_count"], q["outlet_count"], q["first_published"], q["last_published"])
        if stored != (r["n"], r["outlets"], r["first"], r["last"]):
            problems.append(f"quote {q['id']} stores {stored}, fresh {r}")
        if not q["hidden"] and q["id"] not in fresh:
            problems.append(f"visible quote {q['id']} has no printing")
        if not q["hidden"] and q["merged_into_id"]:
            problems.append(f"visible quote {q['id']} is merged into {q['merged_into_id']}")
    outlets: dict[int, set] = {}
    for speaker_id, outlet_id in Appearance.objects.filter(quote__hidden=False).values_list(
        "quote__speaker_id", "article__outlet_id"
    ):
        outlets.setdefault(speaker_id, set()).add(outlet_id)
    for s in Speaker.objects.values("id", "name", "quote_count", "outlet_count", "last_quoted"):
        visible = [q for q in quotes if q["speaker_id"] == s["id"] and not q["hidden"]]
        last = max((q["last_published"] for q in visible if q["last_published"]), default=None)
        want = (len(visible), len(outlets.get(s["id"], ())), last)
        if (s["quote_count"], s["outlet_count"], s["last_quoted"]) != want:
            stored = (s["quote_count"], s["outlet_count"], s["last_quoted"])
            problems.append(f"speaker {s['name']} stores {stored}, fresh {want}")
    # And which quote lies inside which, for the speaker page.
    return problems + pair_problems()


# --- the machine --------------------------------------------------------------------


class EditingMachine(RuleBasedStateMachine):
    nlp = None  # set by the test, once per session

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint_create()
        self.user = UserFactory(username="machine")
        self.urls: list[str] = []
        self.baseline = rows()
        self.baseline_edit = 0

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)
        if COUNT_FILE:  # progress of a long soak, one line per sequence
            with open(COUNT_FILE, "a") as f:
                f.write(".")

    # helpers
    def _ingest(self, url: str, spec) -> None:
        outlet, day, paragraphs = spec
        text = article_text(paragraphs)
        result = article_ingest(
            text=text, source_name=url.rsplit("/", 1)[-1], outlet_name=OUTLETS[outlet], url=url,
            title="City hall news", published=DAYS[day], enqueue=False,
        )
        article = result.article
        if article_claim(article_id=article.id):
            article_apply_extraction(
                article_id=article.id, extraction=extraction_of(self.nlp, article.text),
                content_hash=article.content_hash,
            )
        # Ingests are not edits and are not undone: the undo check starts here.
        self.baseline = rows()
        self.baseline_edit = Edit.objects.aggregate(m=Max("id"))["m"] or 0

    def _visible(self):
        return list(Quote.objects.filter(hidden=False).order_by("id"))

    def _edit(self, service, **kwargs):
        try:
            return service(by=self.user, **kwargs)
        except EditInvalid:
            return None  # a refused request changes nothing (checked by the invariants)

    # ingest
    @rule(spec=article_spec)
    def ingest_article(self, spec):
        url = f"https://news.example/{len(self.urls)}"
        self.urls.append(url)
        self._ingest(url, spec)

    @precondition(lambda self: self.urls)
    @rule(data=st.data(), spec=article_spec)
    def reingest_changed(self, data, spec):
        self._ingest(data.draw(st.sampled_from(self.urls)), spec)

    # quote edits
    @precondition(lambda self: Quote.objects.filter(hidden=False).count() >= 2)
    @rule(data=st.data())
    def merge(self, data):
        quotes = self._visible()
        chosen = data.draw(st.lists(st.sampled_from(quotes), min_size=2, max_size=3, unique_by=lambda q: q.id))
        text = data.draw(st.sampled_from([None, chosen[-1].text]))
        self._edit(services.quote_merge, target=chosen[0], sources=chosen[1:], canonical_text=text)

    @precondition(lambda self: Quote.objects.filter(hidden=False, appearance_count__gte=2).exists())
    @rule(data=st.data())
    def split(self, data):
        quotes = Quote.objects.filter(hidden=False, appearance_count__gte=2).order_by("id")
        quote = data.draw(st.sampled_from(list(quotes)))
        printings = list(quote.appearances.order_by("id"))
        moving = data.draw(
            st.lists(st.sampled_from(printings), min_size=1, max_size=len(printings) - 1, unique_by=lambda a: a.id)
        )
        self._edit(services.quote_split, quote=quote, appearances=moving)

    @precondition(lambda self: Quote.objects.filter(hidden=False).exists())
    @rule(data=st.data(), new=st.booleans(), one=st.booleans(), alias=st.sampled_from(["", "the mayor"]))
    def reattribute(self, data, new, one, alias):
        quote = data.draw(st.sampled_from(self._visible()))
        if new:
            target = {"new_speaker": f"New Person {Speaker.objects.count()}"}
        else:
            target = {"speaker": data.draw(st.sampled_from(list(Speaker.objects.order_by("id")) or [None]))}
            if target["speaker"] is None:
                return
        if one:
            appearance = data.draw(st.sampled_from(list(quote.appearances.order_by("id"))))
            self._edit(services.appearance_reattribute, appearance=appearance, alias=alias, **target)
        else:
            self._edit(services.quote_reattribute, quote=quote, alias=alias, **target)

    @precondition(lambda self: Quote.objects.filter(hidden=False).exists())
    @rule(data=st.data(), one=st.booleans())
    def not_a_quote(self, data, one):
        quote = data.draw(st.sampled_from(self._visible()))
        if one:
            appearance = data.draw(st.sampled_from(list(quote.appearances.order_by("id"))))
            self._edit(services.span_suppress, appearance=appearance)
        else:
            self._edit(services.quote_hide, quote=quote)

    # speakers and aliases
    @precondition(lambda self: Speaker.objects.count() >= 2)
    @rule(data=st.data())
    def merge_speakers(self, data):
        speakers = list(Speaker.objects.order_by("id"))
        pair = st.lists(st.sampled_from(speakers), min_size=2, max_size=2, unique_by=lambda s: s.id)
        target, source = data.draw(pair)
        self._edit(services.speaker_merge, target=target, sources=[source])

    @precondition(lambda self: Speaker.objects.exists())
    @rule(data=st.data(), alias=st.sampled_from(["the mayor", "the minister", "Ms. Ruiz"]))
    def add_alias(self, data, alias):
        speaker = data.draw(st.sampled_from(list(Speaker.objects.order_by("id"))))
        self._edit(services.alias_add, speaker=speaker, alias=alias)

    @precondition(lambda self: SpeakerAlias.objects.exists())
    @rule(data=st.data())
    def remove_alias(self, data):
        alias = data.draw(st.sampled_from(list(SpeakerAlias.objects.order_by("id"))))
        self._edit(services.alias_remove, alias=alias)

    # undo
    @precondition(lambda self: Edit.objects.filter(undone_at=None).exists())
    @rule(data=st.data())
    def undo(self, data):
        edit = data.draw(st.sampled_from(list(Edit.objects.filter(undone_at=None).order_by("id"))))
        blocked = services._later_edits(edit)
        try:
            services.edit_undo(edit=edit, by=self.user)
        except EditConflict as exc:
            assert blocked is not None, f"an undo that nothing blocks was refused: {exc}"
            return
        assert blocked is None, "an undo went ahead of a later edit on the same rows"
        if edit.id <= self.baseline_edit:
            # An edit from before the last ingest: the state it left is the new start.
            self.baseline = rows()
            self.baseline_edit = Edit.objects.aggregate(m=Max("id"))["m"] or 0

    # invariants
    @invariant()
    def counts_are_fresh(self):
        assert not (problems := count_problems()), problems

    @invariant()
    def printings_are_what_extraction_found(self):
        for article in Article.objects.all():
            suppressed = list(article.suppressed_spans.values_list("start", "end"))
            wanted = {
                (f.spans[0].start, f.spans[-1].end)
                for f in extraction_of(self.nlp, article.text).quotes
                if not _is_suppressed(f, suppressed)
            }
            have = list(article.appearances.values_list("start", "end"))
            assert len(have) == len(set(have)), f"a printing is doubled in article {article.id}: {have}"
            assert set(have) == wanted, f"article {article.id}: lost {wanted - set(have)}, extra {set(have) - wanted}"

    @invariant()
    def undoing_everything_gives_back_the_start(self):
        sid = transaction.savepoint_create()
        try:
            for edit in Edit.objects.filter(undone_at=None, id__gt=self.baseline_edit).order_by("-id"):
                services.edit_undo(edit=edit, by=self.user)
            assert not (problems := same_rows(rows(), self.baseline)), problems
            # Older edits too, newest first: each one is allowed, and each leaves true counts.
            for edit in Edit.objects.filter(undone_at=None).order_by("-id"):
                services.edit_undo(edit=edit, by=self.user)
                assert not (problems := count_problems()), (edit.summary, problems)
        finally:
            transaction.savepoint_rollback(sid)


@pytest.mark.django_db
def test_editing_machine(nlp):
    EditingMachine.nlp = nlp
    run_state_machine_as_test(EditingMachine, settings=settings.get_profile(PROFILE))
