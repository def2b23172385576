"""Misquote watch, stored: the flag follows ingest, merges, splits, hiding a
printing and undo (all through quotes_refresh_derived); editors list the
flagged printings, journalists see the flag on the quote page."""
import pytest

from articles.services import article_ingest
from quotes.editing import services
from quotes.models import Appearance, Quote
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services.extraction import article_apply_extraction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAID = "The harbour will not be rebuilt in a year, and anyone who promises that is selling something."
CHANGED = SAID.replace("rebuilt", "repaired")
OTHER = "We have asked the ministry for the money three times and we will ask a fourth time."
SPEAKER = "Ada Quill"


def printed(outlet: str, *quotations: str):
    """An article from `outlet` quoting each of `quotations`, as extraction would find them."""
    # The outlet's own first line: ingest takes identical texts as one article.
    text = f"From the {outlet} desk.\n\n" + "".join(f"“{q}” {SPEAKER} said.\n\n" for q in quotations)
    article = article_ingest(text=text, source_name=f"{outlet}.txt", outlet_name=outlet,
                             url=f"https://example.org/{outlet}", enqueue=False).article
    found, pos = [], 0
    for q in quotations:
        start = text.index(q, pos)
        pos = start + len(q)
        found.append(ExtractedQuote(spans=(Span(start, pos, q),), kind="direct", speaker=SPEAKER,
                                    speaker_as_written=SPEAKER, cue="said"))
    extraction = ArticleExtraction(quotes=tuple(found), people=(Person(name=SPEAKER, aliases=(), descriptions=()),))
    assert article_apply_extraction(article_id=article.id, extraction=extraction) == "done"
    return article


def printing(outlet: str, text: str) -> Appearance:
    return Appearance.objects.get(article__outlet__name=outlet, text=text)


@pytest.fixture
def three_outlets():
    printed("wire", SAID)
    printed("daily", SAID)
    printed("herald", CHANGED)
    return Appearance.objects.get(text=CHANGED)


def test_ingest_flags_the_printing_that_changed_a_word(three_outlets):
    changed = three_outlets
    assert Quote.objects.count() == 1
    assert changed.misquoted
    assert changed.misquote == [{"old": "rebuilt", "new": "repaired", "agree_old": 2, "agree_new": 1}]
    assert not printing("wire", SAID).misquoted and printing("wire", SAID).misquote == []
    assert not printing("daily", SAID).misquoted


def test_a_trimmed_printing_is_not_flagged():
    printed("wire", SAID)
    printed("daily", "will not be rebuilt in a year")
    assert not Appearance.objects.filter(misquoted=True).exists()


def test_splitting_the_printing_off_clears_its_flag_and_undo_restores_it(three_outlets):
    editor = UserFactory()
    edit = services.quote_split(quote=three_outlets.quote, appearances=[three_outlets], by=editor)
    assert not Appearance.objects.filter(misquoted=True).exists()
    services.edit_undo(edit=edit, by=editor)
    assert Appearance.objects.get(text=CHANGED).misquoted
    assert not Appearance.objects.filter(misquoted=True).exclude(text=CHANGED).exists()


def test_merging_a_variant_in_flags_it_and_undo_clears_it():
    editor = UserFactory()
    printed("wire", SAID)
    printed("daily", SAID)
    printed("herald", CHANGED)
    # Make the variant its own statement first, as linking might have left it.
    changed = Appearance.objects.get(text=CHANGED)
    services.quote_split(quote=changed.quote, appearances=[changed], by=editor)
    changed.refresh_from_db()
    assert not changed.misquoted
    target = printing("wire", SAID).quote
    edit = services.quote_merge(target=target, sources=[changed.quote], by=editor)
    changed.refresh_from_db()
    assert changed.misquoted and changed.quote_id == target.id
    services.edit_undo(edit=edit, by=editor)
    changed.refresh_from_db()
    assert not changed.misquoted


def test_hiding_one_agreeing_printing_leaves_a_dispute(three_outlets):
    editor = UserFactory()
    services.span_suppress(appearance=printing("daily", SAID), by=editor)
    wire, herald = printing("wire", SAID), Appearance.objects.get(text=CHANGED)
    assert wire.misquote == [{"old": "repaired", "new": "rebuilt", "agree_old": 1, "agree_new": 1}]
    assert herald.misquote == [{"old": "rebuilt", "new": "repaired", "agree_old": 1, "agree_new": 1}]


def test_one_outlet_printing_two_statements_is_not_compared_across_them():
    printed("wire", SAID, OTHER)
    printed("daily", SAID, OTHER)
    assert Quote.objects.count() == 2
    assert not Appearance.objects.filter(misquoted=True).exists()


def test_editors_list_what_changed_which_outlet_and_how_many_agree(client, editor, three_outlets):
    client.force_login(editor)
    page = client.get("/misquotes/").content.decode()
    assert f'id="misquote-{three_outlets.id}"' in page
    assert "herald" in page
    assert '<del class="diff">rebuilt</del> → <ins class="diff">repaired</ins>' in page
    assert "2 outlets print “rebuilt”, 1 prints “repaired”" in page
    assert f'href="/quotes/{three_outlets.quote_id}/#p{three_outlets.id}"' in page
    # Only the changed printing is listed.
    assert page.count('class="misquote-item"') == 1


def test_the_list_leaves_out_hidden_quotes(client, editor, three_outlets):
    Quote.objects.filter(id=three_outlets.quote_id).update(hidden=True)
    client.force_login(editor)
    assert 'class="misquote-item"' not in client.get("/misquotes/").content.decode()


def test_the_list_pages_older_printings(client, editor, three_outlets, monkeypatch):
    monkeypatch.setattr("quotes.editing.selectors.MISQUOTES_PAGE", 1)
    monkeypatch.setattr("quotes.selectors.MISQUOTES_PAGE", 1)   # the read layer's re-export the view reads
    printed("gazette", SAID.replace("anyone", "everyone"))
    client.force_login(editor)
    first = client.get("/misquotes/").content.decode()
    newest = Appearance.objects.filter(misquoted=True).order_by("-id").first()
    assert f'id="misquote-{newest.id}"' in first and f"?before={newest.id}" in first
    older = client.get(f"/misquotes/?before={newest.id}").content.decode()
    assert f'id="misquote-{newest.id}"' not in older and 'class="misquote-item"' in older


def test_the_list_does_not_query_per_row(client, editor, three_outlets, django_assert_max_num_queries):
    for outlet in ("gazette", "courier", "post", "star"):
        printed(outlet, SAID.replace("anyone", outlet))
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        page = client.get("/misquotes/").content.decode()
    assert page.count('class="misquote-item"') >= 5


def test_journalists_see_the_flag_beside_the_printing(client, journalist, three_outlets):
    client.force_login(journalist)
    page = client.get(f"/quotes/{three_outlets.quote_id}/").content.decode()
    assert f'id="misquote-{three_outlets.id}"' in page and "Possible misquote" in page
    assert page.count('class="misquote"') == 1
