"""Reads for the front page: what is being carried, what is new, who is
suddenly quoted, and what just came in. Windows end at the newest
publication date in the archive (not the clock), so a backfilled archive
still shows its latest week."""
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Q

from articles.models import Article
from quotes.models import Appearance, Quote, Speaker

WINDOWS = {"24h": 1, "7d": 7, "30d": 30}
DEFAULT_WINDOW = "7d"


@dataclass(frozen=True)
class Window:
    key: str
    start: date          # first day inside the window
    end: date            # the newest publication date
    previous_start: date  # the window before it, for "rising"


def window(key: str) -> Window | None:
    days = WINDOWS.get(key, WINDOWS[DEFAULT_WINDOW])
    end = Article.objects.aggregate(newest=Max("published"))["newest"]
    if end is None:
        return None
    start = end - timedelta(days=days - 1)
    return Window(key if key in WINDOWS else DEFAULT_WINDOW, start, end, start - timedelta(days=days))


def most_carried(w: Window, limit: int = 8):
    """Statements printed by the most outlets inside the window."""
    rows = (
        Appearance.objects.filter(article__published__gte=w.start, quote__hidden=False, quote__merged_into=None)
        .values("quote").annotate(outlets=Count("article__outlet", distinct=True)).order_by("-outlets", "-quote")[:limit]
    )
    counts = {r["quote"]: r["outlets"] for r in rows}
    quotes = Quote.objects.select_related("speaker").in_bulk(counts)
    return [(quotes[q], n) for q, n in counts.items() if q in quotes]


def newest(limit: int = 8):
    return Quote.objects.visible().filter(merged_into=None).select_related("speaker").order_by("-id")[:limit]


def rising_speakers(w: Window, limit: int = 6):
    """Speakers whose printings in the window most outnumber those in the
    window before it: (speaker, now, before)."""
    rows = (
        Appearance.objects.filter(article__published__gte=w.previous_start, quote__speaker__isnull=False)
        .values("quote__speaker")
        .annotate(now=Count("id", filter=Q(article__published__gte=w.start)),
                  before=Count("id", filter=Q(article__published__lt=w.start)))
    )
    ranked = sorted(((r["now"] - r["before"], r["quote__speaker"], r["now"], r["before"]) for r in rows if r["now"]),
                    reverse=True)[:limit]
    speakers = Speaker.objects.in_bulk([s for _, s, _, _ in ranked])
    return [(speakers[s], now, before) for _, s, now, before in ranked if s in speakers]


def latest_articles(limit: int = 8):
    return Article.objects.select_related("outlet").defer("text").order_by("-created_at", "-id")[:limit]
