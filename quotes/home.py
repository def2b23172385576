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
    return carried_quotes(most_carried_counts(w, limit))


def most_carried_counts(w: Window, limit: int = 8) -> list[tuple[int, int]]:
    """(quote id, outlets inside the window), most carried first. Reads
    every printing of the window: services/front_page.py keeps the result."""
    rows = (
        Appearance.objects.filter(article__published__gte=w.start, quote__hidden=False, quote__merged_into=None)
        .values("quote").annotate(outlets=Count("article__outlet", distinct=True)).order_by("-outlets", "-quote")[:limit]
    )
    return [(r["quote"], r["outlets"]) for r in rows]


def carried_quotes(counts: list[tuple[int, int]]):
    """[(quote, outlets)] for (quote id, outlets) pairs, in their order."""
    quotes = Quote.objects.select_related("speaker").in_bulk([q for q, _ in counts])
    return [(quotes[q], n) for q, n in counts if q in quotes]


def newest(limit: int = 8):
    return Quote.objects.visible().filter(merged_into=None).select_related("speaker").order_by("-id")[:limit]


def rising_speakers(w: Window, limit: int = 6):
    """Speakers whose printings in the window most outnumber those in the
    window before it: (speaker, now, before)."""
    return rising_list(rising_counts(w, limit))


def rising_counts(w: Window, limit: int = 6) -> list[tuple[int, int, int]]:
    """(speaker id, now, before), most risen first. Reads every printing of
    both windows: services/front_page.py keeps the result."""
    rows = (
        Appearance.objects.filter(article__published__gte=w.previous_start, quote__speaker__isnull=False)
        .values("quote__speaker")
        .annotate(now=Count("id", filter=Q(article__published__gte=w.start)),
                  before=Count("id", filter=Q(article__published__lt=w.start)))
    )
    ranked = sorted(((r["now"] - r["before"], r["quote__speaker"], r["now"], r["before"]) for r in rows if r["now"]),
                    reverse=True)[:limit]
    return [(s, now, before) for _, s, now, before in ranked]


def rising_list(counts: list[tuple[int, int, int]]):
    """[(speaker, now, before)] for (speaker id, now, before), in their order."""
    speakers = Speaker.objects.in_bulk([s for s, _, _ in counts])
    return [(speakers[s], now, before) for s, now, before in counts if s in speakers]


def latest_articles(limit: int = 8):
    return Article.objects.select_related("outlet").defer("text").order_by("-created_at", "-id")[:limit]
