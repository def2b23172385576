"""A bulk backfill's groups: how articles are grouped for the worker, and the
group task, which parses a group together and sends back to their own tasks
whatever it cannot finish."""
import pytest
from celery.exceptions import SoftTimeLimitExceeded

from articles import services as article_services
from articles.models import Article
from quotes import tasks
from quotes.models import Appearance
from quotes.services import extraction
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    "Mayor Ines Calder opened the new bridge on Monday. “This crossing will change the east side,” Calder said.\n\n"
    "Her rival, Tom Rees, was unimpressed. “It is two years late,” he told reporters.",
    "The harbour authority said it would review the fees.\n\n"
    "“We listen to every skipper,” said Ana Moss, the authority's chair. “Nothing is decided.”",
    "Coach Dara Venn praised her players. “They ran until the last whistle,” Venn said after the match.",
]


@pytest.fixture(autouse=True)
def healthy_connection(monkeypatch):
    # The test's own connection is healthy and inside the test's transaction;
    # closing it would end the test.
    monkeypatch.setattr(tasks, "_close_broken_connections", lambda: None)


def _queued(text: str) -> Article:
    return ArticleFactory(text=text, status=Article.Status.QUEUED)


def test_groups_are_bounded_by_articles_and_by_characters(settings, monkeypatch, enqueued):
    settings.EXTRACTION_GROUP_ARTICLES = 3
    settings.EXTRACTION_GROUP_CHARS = 250
    groups = []
    monkeypatch.setattr(article_services, "article_group_enqueue", lambda ids: groups.append(list(ids)) or True)
    small = [_queued(f"Short article {i}. “Yes,” she said.") for i in range(4)]
    big = _queued("x" * 240)
    last = _queued("Another short one. “No,” he said.")
    assert article_services.articles_enqueue_grouped([a.id for a in [*small, big, last]])
    # Three per group at most; the big article does not fit beside another,
    # and a group of one goes as the plain single task.
    assert groups == [[a.id for a in small[:3]]]
    assert enqueued == [small[3].id, big.id, last.id]


def test_a_broker_failure_stops_the_grouped_sends(settings, monkeypatch, enqueued):
    settings.EXTRACTION_GROUP_ARTICLES = 2
    calls = []
    monkeypatch.setattr(article_services, "article_group_enqueue", lambda ids: calls.append(ids) and False)
    ids = [_queued(t).id for t in TEXTS] + [_queued("One more. “Fine,” she said.").id]
    assert article_services.articles_enqueue_grouped(ids) is False
    assert len(calls) == 1 and enqueued == []


def test_a_group_is_extracted_as_its_articles_would_be_alone(enqueued):
    grouped = [_queued(t) for t in TEXTS]
    result = tasks.extract_group.apply(args=[[a.id for a in grouped]])
    assert result.get() == "done" and enqueued == []

    def found(article):
        return sorted(Appearance.objects.filter(article=article).values_list(
            "start", "end", "kind", "speaker_as_written", "sieve", "confidence", "quote__speaker__name"))

    alone = []
    for text in TEXTS:
        article = _queued(text + "\n\nA line of its own.")  # other text, so not the same content
        assert tasks.extract_article.apply(args=[article.id]).get() == "done"
        alone.append(article)
    for g, a in zip(grouped, alone):
        g.refresh_from_db()
        assert g.status == "done" and g.attempts == 1
        assert found(g) and found(g) == found(a)


def test_an_article_whose_write_fails_is_sent_alone_and_the_rest_finish(monkeypatch, enqueued):
    articles = [_queued(t) for t in TEXTS]
    broken = articles[1].id
    real = extraction.article_apply_extraction

    def apply(*, article_id, **kwargs):
        if article_id == broken:
            raise ValueError("disk on fire")
        return real(article_id=article_id, **kwargs)

    monkeypatch.setattr(extraction, "article_apply_extraction", apply)
    assert tasks.extract_group.apply(args=[[a.id for a in articles]]).get() == "1 of 3 sent again alone"
    statuses = dict(Article.objects.values_list("id", "status"))
    assert statuses == {articles[0].id: "done", broken: "queued", articles[2].id: "done"}
    assert "sent again on its own" in Article.objects.get(id=broken).error
    assert enqueued == [broken]


def test_past_the_time_limit_the_unfinished_articles_go_alone(monkeypatch, enqueued):
    done = ArticleFactory(text=TEXTS[0], status=Article.Status.DONE)
    waiting = [_queued(t) for t in TEXTS[1:]]

    def slow(article_ids):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "_extract_group", slow)
    ids = [done.id, *(a.id for a in waiting)]
    assert tasks.extract_group.apply(args=[ids]).get() == "2 of 3 sent again alone"
    # The finished article stays finished and is not sent again.
    assert enqueued == [a.id for a in waiting]
    assert Article.objects.get(id=done.id).status == "done"
    assert all("time limit" in a.error for a in Article.objects.filter(id__in=enqueued))


def test_the_group_task_acks_late_and_keeps_no_result():
    task = tasks.extract_group
    assert task.acks_late and task.reject_on_worker_lost and task.ignore_result
