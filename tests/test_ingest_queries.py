"""How many statements writing one article's results sends. During a
backfill each round trip costs more than the work it carries
(bench/ingest_queries.py counts them on a corpus of realistic size), so what
is done once per article is done once, and each printing costs a fixed few."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from quotes.models import Quote
from quotes.nlp.results import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services.derived import quotes_refresh_derived
from quotes.services.extraction import article_apply_extraction
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "The harbour bridge will reopen to lorries before the winter storms arrive",
    "Teachers deserve a pay rise that keeps pace with the price of bread",
    "Our hospitals cannot recruit nurses while rents in the capital keep climbing",
    "Farmers along the northern border have waited three years for the drainage grants",
    "The railway timetable was written for a country that no longer exists",
    "Nobody in this chamber voted to close the coastal radar stations",
    "We will publish every contract signed during the flood emergency",
    "Fishing quotas must be set by scientists and not by lobbyists in hotel lobbies",
]


def _statements(n: int) -> list[str]:
    """What writing an article of `n` quotations by one speaker sends."""
    text, found = "Lead paragraph.\n\n", []
    for words in STATEMENTS[:n]:
        text += "“"
        start = len(text)
        text += words
        found.append(ExtractedQuote(spans=(Span(start, len(text), words),), kind="direct", speaker="Ana Ruiz",
                                    speaker_as_written="Ana Ruiz", cue="said", confidence=0.9))
        text += ",” Ana Ruiz said.\n\n"
    article = ArticleFactory(text=text, status=Article.Status.PROCESSING)
    extraction = ArticleExtraction(quotes=tuple(found), people=(Person("Ana Ruiz", ("Ruiz", "Ms Ruiz"), ()),))
    with CaptureQueriesContext(connection) as ctx:
        assert article_apply_extraction(article_id=article.id, extraction=extraction) == "done"
    return [q["sql"] for q in ctx.captured_queries]


def test_the_article_write_lock_is_taken_once_per_article():
    assert sum("pg_advisory_xact_lock" in sql for sql in _statements(4)) == 1


def test_each_printing_costs_a_fixed_few_statements():
    _statements(1)  # the speaker exists from here on, as for most printings in a backfill
    two, six = len(_statements(2)), len(_statements(6))
    # resolve the speaker and record its aliases (2), find candidates with
    # the article's printings so far (1), lock and read the candidates or
    # create the quote (1-2), index it and store the printing (2); the
    # derived data is refreshed once per article
    assert (six - two) / 4 <= 7


def test_finding_a_printings_candidates_is_one_round_trip(monkeypatch):
    from quotes.services import linking

    _statements(1)
    sent = []
    find = linking._candidates

    def counted(**kwargs):
        with CaptureQueriesContext(connection) as ctx:
            result = find(**kwargs)
        sent.append(len(ctx.captured_queries))
        return result

    monkeypatch.setattr(linking, "_candidates", counted)
    _statements(4)
    # the postings and the article's own printings so far, together
    assert sent == [1, 1, 1, 1]


def test_refreshing_derived_data_does_not_cost_a_statement_per_quote():
    def refresh(n: int) -> int:
        speaker, outlet = SpeakerFactory(), OutletFactory()
        quotes = []
        for i in range(n):
            quote = QuoteFactory(speaker=speaker, text=f"placeholder wording {i}")
            for shortened in (STATEMENTS[i], STATEMENTS[i][: -len(STATEMENTS[i].split()[-1]) - 1]):
                AppearanceFactory(quote=quote, article=ArticleFactory(outlet=outlet), text=shortened)
            quotes.append(quote.id)
        with CaptureQueriesContext(connection) as ctx:
            quotes_refresh_derived(quote_ids=quotes)
        # every quote's wording changed (from the placeholder to its printings')
        assert all(not q.text.startswith("placeholder") for q in Quote.objects.filter(id__in=quotes))
        return len(ctx.captured_queries)

    assert refresh(2) == refresh(8)


def test_a_known_speaker_costs_one_lookup_and_a_new_alias_one_insert():
    from quotes.models import SpeakerAlias
    from quotes.services.speakers import speaker_resolve

    first = speaker_resolve(name="Ana Ruiz", aliases=("Ruiz",))
    with CaptureQueriesContext(connection) as ctx:
        assert speaker_resolve(name="Ana Ruiz", aliases=("Ruiz",), lock_held=True) == first
    assert len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        # "Ms Ruiz" is the key of "Ruiz", known; "A. Ruiz" is new
        assert speaker_resolve(name="Ana Ruiz", aliases=("Ruiz", "Ms Ruiz", "A. Ruiz"), lock_held=True) == first
    assert len(ctx.captured_queries) == 2
    assert sorted(SpeakerAlias.objects.filter(speaker=first).values_list("key", flat=True)) == [
        "a ruiz", "ana ruiz", "ruiz"
    ]
