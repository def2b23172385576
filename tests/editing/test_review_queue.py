"""The editors' review queue: unattributed and low-confidence quotes, newest
first; confirming is an edit with undo; journalists see "unverified" until
an editor confirms or reattributes."""
import pytest
from django.conf import settings

from articles.models import Article
from articles.services import article_claim, article_ingest
from quotes.editing import selectors, services
from quotes.editing.errors import EditInvalid
from quotes.models import Appearance, Quote
from quotes.nlp import extract_article, load_pipeline
from quotes.services.extraction import article_apply_extraction
from tests.factories import AppearanceFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db
SURE, UNSURE = 0.97, 0.6


def _quote(speaker=True, confidence=SURE):
    q = QuoteFactory(speaker=SpeakerFactory() if speaker else None, attribution_confidence=confidence)
    AppearanceFactory(quote=q, confidence=confidence)
    return q


def test_queue_holds_unattributed_and_unsure_quotes_newest_first():
    sure, unsure, nobody = _quote(), _quote(confidence=UNSURE), _quote(speaker=False, confidence=0.0)
    assert list(selectors.review_queue()) == [nobody, unsure]
    assert not sure.unverified and unsure.unverified and nobody.unverified


def test_confirm_takes_a_quote_out_of_the_queue_and_undo_puts_it_back():
    editor = UserFactory()
    q = _quote(confidence=UNSURE)
    edit = services.quote_confirm(quote=q, by=editor)
    q.refresh_from_db()
    assert q.attribution_confirmed and not q.unverified and q not in selectors.review_queue()
    services.edit_undo(edit=edit, by=editor)
    q.refresh_from_db()
    assert not q.attribution_confirmed and q.unverified and q in selectors.review_queue()


def test_a_quote_without_speaker_cannot_be_confirmed():
    with pytest.raises(EditInvalid):
        services.quote_confirm(quote=_quote(speaker=False, confidence=0.0), by=UserFactory())


def test_reattributing_confirms_and_undo_unconfirms():
    editor, q = UserFactory(), _quote(confidence=UNSURE)
    edit = services.quote_reattribute(quote=q, new_speaker="Ada Quill", by=editor)
    q.refresh_from_db()
    assert q.attribution_confirmed and q.speaker.name == "Ada Quill"
    services.edit_undo(edit=edit, by=editor)
    q.refresh_from_db()
    assert not q.attribution_confirmed and q.speaker.name != "Ada Quill"


def test_extraction_stores_each_printings_sieve_and_confidence():
    text = ("Ingrid Lindqvist chairs the board. “We are not selling,” Lindqvist said.\n\n"
            "The board met on Monday. “Nobody asked us.”")
    article = article_ingest(text=text, source_name="r.txt", outlet_name="Wire", url="https://example.org/r",
                             enqueue=False).article
    assert article_claim(article_id=article.id)
    nlp = load_pipeline(settings.SPACY_MODEL)
    assert article_apply_extraction(article_id=article.id, extraction=extract_article(nlp, text),
                                    content_hash=Article.objects.get(id=article.id).content_hash) == "done"
    said = Appearance.objects.get(article=article, text__contains="not selling")
    nobody = Appearance.objects.get(article=article, text__contains="Nobody asked")
    assert said.sieve == "cue-syntax" and 0.5 < said.confidence <= 1
    assert nobody.sieve == "" and nobody.confidence == 0
    assert Quote.objects.get(id=said.quote_id).attribution_confidence == said.confidence
    assert Quote.objects.get(id=nobody.quote_id) in selectors.review_queue()


def test_review_page_lists_the_queue_for_editors(client, editor):
    q = _quote(confidence=UNSURE)
    client.force_login(editor)
    page = client.get("/review/").content.decode()
    assert f'id="review-{q.id}"' in page and f"Confirm {q.speaker.name}" in page


def test_confirm_from_the_queue_returns_to_it(client, editor):
    q = _quote(confidence=UNSURE)
    client.force_login(editor)
    resp = client.post(f"/quotes/{q.id}/confirm/", {"next": "/review/"})
    assert resp.status_code == 302 and resp["Location"] == "/review/"
    q.refresh_from_db()
    assert q.attribution_confirmed


def test_journalists_see_unverified_until_confirmed(client, journalist):
    unsure, sure = _quote(confidence=UNSURE), _quote()
    client.force_login(journalist)
    assert 'class="unverified"' in client.get(f"/quotes/{unsure.id}/").content.decode()
    assert 'class="unverified"' not in client.get(f"/quotes/{sure.id}/").content.decode()
    services.quote_confirm(quote=unsure, by=UserFactory())
    assert 'class="unverified"' not in client.get(f"/quotes/{unsure.id}/").content.decode()


def test_api_shows_confidence_and_confirms(client, editor):
    q = _quote(confidence=UNSURE)
    client.force_login(editor)
    body = client.get(f"/api/quotes/{q.id}/").json()
    assert body["unverified"] is True and body["attribution_confidence"] == UNSURE
    assert body["appearances"][0]["confidence"] == UNSURE and "sieve" in body["appearances"][0]
    done = client.post(f"/api/quotes/{q.id}/confirm/").json()
    assert done["attribution_confirmed"] is True and done["unverified"] is False and done["edit_id"]


def test_speakers_carry_their_source_kind():
    from quotes.services.speakers import speaker_resolve

    assert speaker_resolve(name="Ann Lee").source_kind == "person"
    assert speaker_resolve(name="source familiar with the talks", is_group=True, source_kind="unnamed").source_kind == "unnamed"
    assert speaker_resolve(name="Pentagon report", is_group=True, source_kind="document").source_kind == "document"
    assert speaker_resolve(name="ministry", is_group=True).source_kind == "organisation"
