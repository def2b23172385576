"""Kept for callers written before quotes/services/derived.py (tests,
scripts): the one service that keeps derived data current is
`quotes_refresh_derived`."""
from quotes.services.derived import quotes_refresh_derived


def quotes_refresh_stats(*, quote_ids: set[int]) -> None:
    """Reach, dates, postings and directory counts; the wording stays."""
    quotes_refresh_derived(quote_ids=quote_ids, wording=False)
