"""An editor merges a quote away while a worker is linking a new printing of
it, on two real database connections. The printing must end up on the quote
the editor kept, never on the merged-away (hidden) one, where nobody would
ever see it."""
import threading

import pytest
from django.db import OperationalError, connections
from django.urls import reverse

from articles.models import Article
from quotes.editing import services
from quotes.models import Appearance, Quote
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services import linking
from quotes.services.extraction import article_apply_extraction
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Ilse Brandt"
KEPT = "Our plan for the coast has always been about jobs and nothing else"
AWAY = "We will rebuild every bridge on the river before the winter comes"


def printing(text: str, lead: str = "The minister spoke on Monday.") -> Article:
    """An article printing `text` as NAME's, linked by the real extraction service."""
    article = ArticleFactory(text=f"{lead} “{text},” {NAME} said.", status="processing")
    start = article.text.index(text)
    quote = ExtractedQuote(spans=(Span(start, start + len(text), text),), kind="direct", speaker=NAME,
                           speaker_as_written=NAME, cue="said")
    article_apply_extraction(article_id=article.id, extraction=ArticleExtraction((quote,), (Person(NAME, (), ()),)))
    return article


def test_a_printing_linked_during_an_editors_merge_lands_on_the_kept_quote(monkeypatch):
    kept = printing(KEPT).appearances.get().quote
    away = printing(AWAY).appearances.get().quote
    assert kept.id != away.id and kept.speaker_id == away.speaker_id

    # Pause the worker between finding its candidates (the quote about to be
    # merged away) and deciding, and let the editor's merge commit meanwhile.
    found, resume = threading.Event(), threading.Event()
    find = linking._candidates

    def candidates_then_pause(**kwargs):
        result = find(**kwargs)
        if threading.current_thread().name == "worker":
            found.set()
            resume.wait(10)
        return result

    monkeypatch.setattr(linking, "_candidates", candidates_then_pause)
    results = {}

    def work():
        try:
            results["worker"] = printing(AWAY, lead="Another outlet carried it.").id
        except Exception as exc:  # reported below
            results["worker"] = exc
        finally:
            connections.close_all()

    worker = threading.Thread(target=work, name="worker")
    worker.start()
    assert found.wait(10), results
    services.quote_merge(target=kept, sources=[away], by=UserFactory(username="ed"))
    resume.set()
    worker.join(20)

    assert isinstance(results.get("worker"), int), results
    new = Appearance.objects.get(article_id=results["worker"])
    assert not Appearance.objects.filter(quote__hidden=True).exists(), "a printing went to the merged-away quote"
    assert new.quote_id == kept.id
    assert Quote.objects.get(id=kept.id).appearance_count == 3


def test_an_edit_that_loses_a_deadlock_is_refused_cleanly(client, editor, monkeypatch):
    """PostgreSQL breaks a deadlock between an edit and a worker's linking by
    ending one transaction; for the editor that is a "try again", not a 500."""
    from django.db import OperationalError
    from django.urls import reverse

    class Deadlock(Exception):
        sqlstate = "40P01"

    def deadlocked(**kwargs):
        try:
            raise Deadlock("deadlock detected")
        except Deadlock as cause:
            raise OperationalError("deadlock detected") from cause

    quote = printing(KEPT).appearances.get().quote
    monkeypatch.setattr(services, "quote_hide", deadlocked)
    client.force_login(editor)
    response = client.post(reverse("quotes:quote_hide", args=[quote.id]), follow=True)
    assert response.status_code == 200 and "Try again" in response.text
