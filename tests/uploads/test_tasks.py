"""The extraction task's retries, the stale sweep and `manage.py requeue_stale`."""
import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from articles import tasks as article_tasks
from articles.models import Article
from claimtrack.celery import app as celery_app
from quotes import tasks
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempts(monkeypatch):
    """Replace the extraction with a script of outcomes; record the status
    the article had at each attempt."""
    seen = []

    def script(*outcomes):
        outcomes = list(outcomes)

        def fake(article_id):
            seen.append(Article.objects.get(id=article_id).status)
            outcome = outcomes.pop(0) if outcomes else outcomes_default
            if isinstance(outcome, Exception):
                raise outcome
            Article.objects.filter(id=article_id).update(status="done")
            return outcome

        outcomes_default = ValueError("still broken")
        monkeypatch.setattr(tasks, "_extract", fake)
        # apply() runs each retry in this process at once; with propagation
        # on, the second retry would escape apply() instead of running.
        monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
        # The test's own connection is healthy; closing it would end the test.
        monkeypatch.setattr(tasks, "_close_broken_connections", lambda: None)
        return seen

    return script


def test_task_is_acked_late_and_keeps_no_result():
    task = tasks.extract_article
    assert task.acks_late and task.reject_on_worker_lost and task.ignore_result and task.max_retries == 5


def test_backoff_doubles_up_to_a_minute():
    assert [tasks.retry_countdown(n) for n in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_failure_retries_with_backoff_then_marks_failed(attempts, monkeypatch):
    article = ArticleFactory(status="queued")
    seen = attempts(*[ValueError("model exploded")] * 6)
    countdowns = []
    real_retry = tasks.extract_article.retry

    def spy_retry(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(tasks.extract_article, "retry", spy_retry)
    # apply() runs the retries in this process, one after the other.
    result = tasks.extract_article.apply(args=[article.id], throw=False)
    assert isinstance(result.result, ValueError)
    article.refresh_from_db()
    assert len(seen) == 6  # the first try and five retries
    assert countdowns == [1, 2, 4, 8, 16]
    # Between tries it waits as queued (so the status list keeps polling),
    # and only the last failure is final.
    assert seen == ["queued"] * 6
    assert article.status == "failed"
    assert article.error == "failed after 6 attempts: ValueError: model exploded"


def test_a_retry_that_succeeds_ends_done(attempts):
    article = ArticleFactory(status="queued")
    attempts(ValueError("flaky"), "done")
    assert tasks.extract_article.apply(args=[article.id], throw=False).get() == "done"
    article.refresh_from_db()
    assert article.status == "done"


def test_database_errors_are_retried_then_marked_failed(attempts):
    article = ArticleFactory(status="queued")
    seen = attempts(*[OperationalError("connection refused")] * 6)
    result = tasks.extract_article.apply(args=[article.id], throw=False)
    assert isinstance(result.result, OperationalError)
    article.refresh_from_db()
    assert len(seen) == 6
    assert (article.status, article.error) == ("failed", "database unavailable: connection refused")


def test_an_article_past_the_time_limit_fails_once_with_a_clear_reason(attempts, settings):
    from celery.exceptions import SoftTimeLimitExceeded

    article = ArticleFactory(status="processing")
    seen = attempts(SoftTimeLimitExceeded())
    assert tasks.extract_article.apply(args=[article.id], throw=False).get() == "too long"
    article.refresh_from_db()
    assert len(seen) == 1, "not retried: the same text would take as long again"
    assert article.status == "failed" and article.error.startswith("too long: extraction took more than")
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0


def test_beat_schedule_runs_the_sweep_task():
    entry = celery_app.conf.beat_schedule["requeue-stale-articles"]
    assert entry["task"] == article_tasks.requeue_stale_articles.name


def _age(article, seconds):
    Article.objects.filter(id=article.id).update(updated_at=timezone.now() - timezone.timedelta(seconds=seconds))


def test_requeue_stale_sends_only_articles_queued_too_long(enqueued, settings, capsys):
    settings.ARTICLE_STALE_SECONDS = 600
    stale, fresh = ArticleFactory(status="queued"), ArticleFactory(status="queued")
    done = ArticleFactory(status="done")
    _age(stale, 601), _age(fresh, 10), _age(done, 5000)
    call_command("requeue_stale")
    assert enqueued == [stale.id]
    assert "1 stale article(s), 1 re-sent" in capsys.readouterr().out
    # Touched when sent, so the next sweep does not send it again at once.
    call_command("requeue_stale")
    assert enqueued == [stale.id]
    call_command("requeue_stale", older_than=0)
    assert sorted(enqueued[1:]) == sorted([stale.id, fresh.id])


def test_requeue_stale_fails_loudly_and_fast_when_the_broker_is_down(monkeypatch):
    calls = []
    monkeypatch.setattr("articles.services.article_enqueue", lambda article_id: calls.append(article_id) or False)
    for _ in range(3):
        ArticleFactory(status="queued")
    with pytest.raises(CommandError, match="the broker is unreachable: 3 article"):
        call_command("requeue_stale", older_than=0)
    assert len(calls) == 1  # stopped at the first failure
    assert Article.objects.filter(status="queued").count() == 3


def test_periodic_task_uses_the_same_sweep(enqueued, settings):
    settings.ARTICLE_STALE_SECONDS = 0
    article = ArticleFactory(status="queued")
    _age(article, 5)
    assert article_tasks.requeue_stale_articles.apply().get() == 1
    assert enqueued == [article.id]
