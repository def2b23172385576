"""A quote an editor hid stays hidden when its article's URL comes back with
new text: the suppressed span follows its words to their new offsets."""
import pytest

from articles.models import Article
from articles.services import article_ingest
from quotes.editing import services
from quotes.models import Appearance, SuppressedSpan
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services.extraction import article_apply_extraction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "https://crier.example/bridge"
NAME = "Ilse Brandt"
FALSE = "the bridge is a disgrace"
REAL = "We will reopen it in May"


def extract(article: Article) -> None:
    """What the extractor finds in either version: both quoted phrases, as NAME's."""
    found = []
    for words in (FALSE, REAL):
        if words in article.text:
            start = article.text.index(words)
            found.append(ExtractedQuote(spans=(Span(start, start + len(words), words),), kind="partial",
                                        speaker=NAME, speaker_as_written=NAME, cue="said"))
    Article.objects.filter(id=article.id).update(status=Article.Status.PROCESSING)
    article_apply_extraction(article_id=article.id, extraction=ArticleExtraction(tuple(found), (Person(NAME, (), ()),)))


def ingest(text: str) -> Article:
    return article_ingest(text=text, source_name="bridge.txt", outlet_name="Crier", url=URL, enqueue=False).article


def test_a_hidden_quote_stays_hidden_when_the_article_text_changes():
    first = f"A sign called “{FALSE},” {NAME} said. “{REAL},” she added."
    article = ingest(first)
    extract(article)
    false = Appearance.objects.get(article=article, text=FALSE)
    services.span_suppress(appearance=false, by=UserFactory())
    hidden_at = SuppressedSpan.objects.get(article=article).created_at

    # The same URL, updated: a new lead shifts every offset.
    updated = "Update, 10:00: the council has met. " + first
    article = ingest(updated)
    span = SuppressedSpan.objects.get(article=article)
    assert updated[span.start:span.end] == FALSE, "the span follows its words"
    assert span.created_at == hidden_at, "it keeps the date the editor hid it"
    extract(article)
    assert list(Appearance.objects.filter(article=article).values_list("text", flat=True)) == [REAL]


def test_a_suppressed_span_whose_words_are_gone_is_dropped():
    article = ingest(f"A sign called “{FALSE},” {NAME} said. “{REAL},” she added.")
    extract(article)
    services.span_suppress(appearance=Appearance.objects.get(article=article, text=FALSE), by=UserFactory())
    article = ingest(f"“{REAL},” {NAME} said on Tuesday, and nothing else.")
    assert not SuppressedSpan.objects.filter(article=article).exists()
    extract(article)
    assert list(Appearance.objects.filter(article=article).values_list("text", flat=True)) == [REAL]


def test_undo_after_the_text_changed_still_brings_the_quote_back():
    first = f"A sign called “{FALSE},” {NAME} said. “{REAL},” she added."
    article = ingest(first)
    extract(article)
    user = UserFactory()
    edit = services.span_suppress(appearance=Appearance.objects.get(article=article, text=FALSE), by=user)
    article = ingest("Update, 10:00: the council has met. " + first)
    extract(article)
    services.edit_undo(edit=edit, by=user)
    assert not SuppressedSpan.objects.filter(article=article).exists(), "the moved span was found by the undo"
    extract(article)
    assert sorted(Appearance.objects.filter(article=article).values_list("text", flat=True)) == sorted([FALSE, REAL])
