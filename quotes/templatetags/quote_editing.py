"""Data for the editor panel on the quote page (templates/quotes/_quote_editor_panel.html),
which is included into a page whose view belongs to the browsing side."""
from django import template

from quotes import selectors

register = template.Library()


@register.simple_tag
def quote_history(quote):
    return selectors.edits_readable(selectors.edits_for_quote(quote=quote))


@register.simple_tag
def quote_duplicates(quote):
    if quote.hidden:
        return []
    return selectors.quotes_similar(quote=quote, limit=10)


@register.simple_tag
def quote_fragment_statements(quote):
    return selectors.fragment_statements(quote=quote, limit=10)


@register.simple_tag
def speaker_choices(exclude: str = ""):
    # The first suggestions, before anything is typed: the most quoted speakers.
    return selectors.speaker_choices(exclude=exclude)
