"""Writing an article's results: the article write lock (services/locks.py)
covers speakers and linking only. The refresh of what follows from the
printings runs after it, so a second worker links meanwhile (issue 18: two
workers were no faster than one while the whole write held the lock)."""
import threading

import pytest
from django.db import connections

from articles.models import Article
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services import extraction
from quotes.services.locks import ARTICLE_WRITE_LOCK
from tests.factories import ArticleFactory

NAME = "Ilse Brandt"
TEXT = "Our plan for the coast has always been about jobs and nothing else"


def _extraction(article: Article) -> ArticleExtraction:
    start = article.text.index(TEXT)
    quote = ExtractedQuote(spans=(Span(start, start + len(TEXT), TEXT),), kind="direct", speaker=NAME,
                           speaker_as_written=NAME, cue="said")
    return ArticleExtraction((quote,), (Person(NAME, (), ()),))


def _article() -> Article:
    return ArticleFactory(text=f"The minister spoke. “{TEXT},” {NAME} said.", status="processing")


@pytest.mark.django_db(transaction=True)
def test_the_write_lock_is_free_while_the_printings_derived_data_is_refreshed(monkeypatch):
    article = _article()
    refreshing, resume = threading.Event(), threading.Event()
    refresh = extraction.quotes_refresh_derived

    def refresh_then_pause(**kwargs):
        refresh(**kwargs)
        refreshing.set()
        resume.wait(10)

    monkeypatch.setattr(extraction, "quotes_refresh_derived", refresh_then_pause)
    results = {}

    def work():
        try:
            results["worker"] = extraction.article_apply_extraction(article_id=article.id, extraction=_extraction(article))
        finally:
            connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert refreshing.wait(30), "the refresh never ran"
        # Another worker's connection: the lock is free, and the printing is
        # already committed while its article is still processing.
        with connections["default"].cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", [ARTICLE_WRITE_LOCK])
            assert cur.fetchone()[0] is True
            cur.execute("SELECT pg_advisory_unlock(%s)", [ARTICLE_WRITE_LOCK])
        assert article.appearances.count() == 1
        assert Article.objects.get(id=article.id).status == "processing"
    finally:
        resume.set()
        worker.join(30)
    assert results["worker"] == "done"
    assert Article.objects.get(id=article.id).status == "done"
    assert article.appearances.get().quote.appearance_count == 1


@pytest.mark.django_db
def test_a_text_replaced_between_linking_and_refresh_is_left_for_its_own_task(monkeypatch):
    article = _article()
    refresh = extraction.quotes_refresh_derived

    def reupload_meanwhile(**kwargs):
        refresh(**kwargs)
        # what article_ingest does when the same URL comes back with new text
        Article.objects.filter(id=article.id).update(text="New text.", content_hash="new", status="queued")

    monkeypatch.setattr(extraction, "quotes_refresh_derived", reupload_meanwhile)
    assert extraction.article_apply_extraction(article_id=article.id, extraction=_extraction(article)) == "stale"
    # still queued, so the re-upload's task claims it and extracts the new text
    assert Article.objects.get(id=article.id).status == "queued"
