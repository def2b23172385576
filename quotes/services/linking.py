"""Linking: find the Quote a new printing belongs to, or start a new one.

Initial version: exact match on normalised words within one speaker. The
shingle-based phrase-graph linker (issue 4) replaces the body of
`quote_for_printing` and keeps its signature.
"""
import re

from quotes.models import Quote, Speaker


def normalise_words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[\w']+", text)


def quote_for_printing(*, speaker: Speaker | None, text: str, kind: str) -> Quote:
    words = normalise_words(text)
    for candidate in Quote.objects.filter(speaker=speaker, hidden=False).only("id", "text", "kind"):
        if normalise_words(candidate.text) == words:
            return candidate
    return Quote.objects.create(speaker=speaker, text=text, kind=kind)


def quotes_after_change(*, quote_ids: set[int]) -> None:
    """Called after the printings of these quotes changed: refresh derived
    fields and drop quotes left with no printing."""
    from quotes.services.stats import quotes_refresh_stats

    quotes_refresh_stats(quote_ids=quote_ids)
