"""Undo gives back every printing and every count (issue 14): a printing
nested inside another one of the same article comes back, and the speakers a
quote was moved between are both recounted."""
import pytest
from django.urls import reverse

from articles.models import Article
from quotes.editing import services
from quotes.models import Appearance, Quote, Speaker
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services.derived import quotes_refresh_derived
from quotes.services.extraction import article_apply_extraction
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db

LONG = "Putin is preparing to announce Moscow's “victory” in the war, while the situation is different"


@pytest.fixture
def user():
    return UserFactory(username="ed")


def printing(quote, article, words):
    start = article.text.index(words)
    return AppearanceFactory(quote=quote, article=article, text=words, start=start, end=start + len(words))


@pytest.fixture
def nested():
    """A one-word partial quote printed inside a longer (indirect) quote of
    the same article, as extraction finds them: two quotes, overlapping spans."""
    hegseth = SpeakerFactory(name="Pete Hegseth")
    article = ArticleFactory(text=f"Hegseth said that {LONG}. He added more.")
    longer = QuoteFactory(speaker=hegseth, text=LONG, kind="indirect")
    word = QuoteFactory(speaker=None, text="victory", kind="partial")
    printing(longer, article, LONG)
    printing(word, article, "victory")
    quotes_refresh_derived(quote_ids={longer.id, word.id})
    return longer, word


def test_undo_of_not_a_quote_brings_back_a_printing_nested_in_another(client, editor, nested, user):
    longer, word = nested
    edit = services.quote_hide(quote=word, by=user)
    services.edit_undo(edit=edit, by=user)

    word = Quote.objects.get(id=word.id)  # not deleted as an empty automatic quote
    assert not word.hidden and word.appearance_count == 1
    assert list(word.appearances.values_list("text", flat=True)) == ["victory"]
    assert longer.appearances.count() == 1
    client.force_login(editor)
    assert client.get(reverse("quotes:quote_detail", args=[word.id])).status_code == 200


def test_undo_of_one_nested_printing_marked_not_a_quote(nested, user):
    longer, word = nested
    second = printing(word, ArticleFactory(text="A “victory” for all."), "victory")
    quotes_refresh_derived(quote_ids={word.id})
    edit = services.span_suppress(appearance=word.appearances.get(article=longer.appearances.get().article), by=user)
    services.edit_undo(edit=edit, by=user)
    assert set(word.appearances.values_list("article_id", flat=True)) == {
        longer.appearances.get().article_id, second.article_id
    }


def test_undo_of_reattribution_recounts_the_speaker_it_was_given_to(user):
    hegseth, nato = SpeakerFactory(name="Pete Hegseth"), SpeakerFactory(name="NATO", is_group=True)
    mine = QuoteFactory(speaker=hegseth, text="We will stand firm")
    theirs = QuoteFactory(speaker=nato, text="The alliance is united")
    AppearanceFactory(quote=mine, article=ArticleFactory(outlet=OutletFactory()))
    AppearanceFactory(quote=theirs, article=ArticleFactory(outlet=OutletFactory()))
    quotes_refresh_derived(quote_ids={mine.id, theirs.id})

    edit = services.quote_reattribute(quote=mine, speaker=nato, by=user)
    nato.refresh_from_db()
    assert (nato.quote_count, nato.outlet_count) == (2, 2)
    services.edit_undo(edit=edit, by=user)
    nato.refresh_from_db(), hegseth.refresh_from_db()
    assert (nato.quote_count, nato.outlet_count) == (1, 1)
    assert (hegseth.quote_count, hegseth.outlet_count) == (1, 1)


def test_undo_of_one_printing_reattributed_recounts_both_speakers(user):
    hegseth, nato = SpeakerFactory(name="Pete Hegseth"), SpeakerFactory(name="NATO", is_group=True)
    mine = QuoteFactory(speaker=hegseth, text="We will stand firm")
    one = AppearanceFactory(quote=mine, article=ArticleFactory())
    AppearanceFactory(quote=mine, article=ArticleFactory())
    quotes_refresh_derived(quote_ids={mine.id})
    edit = services.appearance_reattribute(appearance=one, speaker=nato, by=user)
    services.edit_undo(edit=edit, by=user)
    counts = dict(Speaker.objects.values_list("name", "quote_count"))
    assert counts == {"Pete Hegseth": 1, "NATO": 0}
    assert Appearance.objects.filter(quote=mine).count() == 2


def extract_again(article, found):
    """Run the extraction service on `article` as if the extractor found
    these (start, end, speaker) printings."""
    quotes = tuple(
        ExtractedQuote(spans=(Span(s, e, article.text[s:e]),), kind="direct", speaker=name,
                       speaker_as_written=name, cue="said")
        for s, e, name in found
    )
    people = tuple(Person(n, (), ()) for n in {n for *_, n in found if n})
    Article.objects.filter(id=article.id).update(status=Article.Status.PROCESSING)
    article_apply_extraction(article_id=article.id, extraction=ArticleExtraction(quotes=quotes, people=people))


def spans_of(article):
    return {(a.start, a.end) for a in Appearance.objects.filter(article=article)}


@pytest.mark.parametrize("hide", ["longer", "word"])
def test_not_a_quote_on_one_of_two_nested_printings_keeps_the_other_through_reextraction(nested, user, hide):
    longer, word = nested
    article = longer.appearances.get().article
    printings = {"longer": longer.appearances.get(), "word": word.appearances.get()}
    kept = printings["word" if hide == "longer" else "longer"]
    services.quote_hide(quote={"longer": longer, "word": word}[hide], by=user)
    extract_again(article, [(p.start, p.end, None) for p in printings.values()])
    assert spans_of(article) == {(kept.start, kept.end)}


def test_not_a_quote_still_skips_the_same_words_found_with_slightly_other_offsets(nested, user):
    longer, _ = nested
    article = longer.appearances.get().article
    hidden = longer.appearances.get()
    services.quote_hide(quote=longer, by=user)
    extract_again(article, [(hidden.start, hidden.end + 1, "Pete Hegseth")])  # the full stop too
    assert spans_of(article) == set()


def test_an_editors_quote_whose_printings_a_reingest_removed_is_hidden_not_shown_empty(user):
    speaker = SpeakerFactory(name="Ana Ruiz")
    article = ArticleFactory(text="“We will build the bridge,” Ana Ruiz said.")
    quote = QuoteFactory(speaker=speaker, text="We will build the bridge")
    printing(quote, article, "We will build the bridge")
    quotes_refresh_derived(quote_ids={quote.id})
    services.quote_reattribute(quote=quote, new_speaker="Tom Becker", by=user)  # now editor-locked
    extract_again(article, [])  # the article came back without the quote
    quote.refresh_from_db()
    assert quote.hidden and quote.appearance_count == 0
    assert not Quote.objects.visible().filter(appearance_count=0).exists()


def test_undo_after_the_article_came_back_with_other_text_puts_no_printing_on_the_wrong_words(user):
    """A merge, then the article's URL comes back with new text (re-extracted),
    then undo: the recorded offsets point into the old text, so the old
    printing is not re-created there."""
    from articles.services import article_ingest

    ruiz = SpeakerFactory(name="Ana Ruiz")
    old = article_ingest(text="News.\n\n“We will build the bridge,” Ana Ruiz said.\n", source_name="a.txt",
                         outlet_name="Ledger", url="https://news.example/a", enqueue=False).article
    a = QuoteFactory(speaker=ruiz, text="We will build the bridge")
    b = QuoteFactory(speaker=ruiz, text="Taxes stay flat")
    printing(a, old, "We will build the bridge")
    printing(b, ArticleFactory(text="“Taxes stay flat,” Ana Ruiz said."), "Taxes stay flat")
    quotes_refresh_derived(quote_ids={a.id, b.id})
    edit = services.quote_merge(target=b, sources=[a], by=user)
    new = article_ingest(text="Other news entirely, and much longer than before.\n\nNothing quoted here at all.\n",
                         source_name="a.txt", outlet_name="Ledger", url="https://news.example/a", enqueue=False).article
    assert new.id == old.id
    extract_again(new, [])
    services.edit_undo(edit=edit, by=user)
    for p in Appearance.objects.select_related("article"):
        assert " ".join(p.article.text[s:e] for s, e in p.spans) == p.text, f"{p.text!r} put on other words"


def test_undo_of_not_a_quote_after_the_words_moved_brings_the_printing_back_where_they_are_now(user):
    """Not a quote, then the article's URL comes back with text before the
    quote (the suppressed span follows its words), then undo: the printing
    comes back at the words' new place, since no extraction will add it."""
    from articles.services import article_ingest

    url = "https://news.example/moved"
    old = article_ingest(text="News.\n\n“We will build the bridge,” Ana Ruiz said.\n", source_name="m.txt",
                         outlet_name="Ledger", url=url, enqueue=False).article
    quote = QuoteFactory(speaker=SpeakerFactory(name="Ana Ruiz"), text="We will build the bridge")
    printing(quote, old, "We will build the bridge")
    quotes_refresh_derived(quote_ids={quote.id})
    edit = services.quote_hide(quote=quote, by=user)
    new = article_ingest(text="Breaking: a new lead paragraph.\n\n“We will build the bridge,” Ana Ruiz said.\n",
                         source_name="m.txt", outlet_name="Ledger", url=url, enqueue=False).article
    start = new.text.index("We will build")
    extract_again(new, [(start, start + len("We will build the bridge"), "Ana Ruiz")])  # suppressed: skipped
    assert spans_of(new) == set()
    services.edit_undo(edit=edit, by=user)
    assert spans_of(new) == {(start, start + len("We will build the bridge"))}
    quote.refresh_from_db()
    assert not quote.hidden and quote.appearance_count == 1


def test_undo_removes_a_new_speaker_that_only_an_undone_edits_leftover_quote_names(user):
    """Reattribute to a new speaker, split (the new quote takes the speaker),
    undo the split, undo the reattribution: the speaker it created goes, as
    nothing but the split's hidden, empty leftover names it."""
    quote = QuoteFactory(speaker=SpeakerFactory(name="Ana Ruiz"), text="We will build the bridge")
    AppearanceFactory(quote=quote), AppearanceFactory(quote=quote)
    quotes_refresh_derived(quote_ids={quote.id}, wording=False)
    speakers = set(Speaker.objects.values_list("id", flat=True))
    first = services.quote_reattribute(quote=quote, new_speaker="Tom Becker", by=user)
    split = services.quote_split(quote=quote, appearances=quote.appearances.all()[:1], by=user)
    services.edit_undo(edit=split, by=user)
    services.edit_undo(edit=first, by=user)
    assert set(Speaker.objects.values_list("id", flat=True)) == speakers
    leftover = Quote.objects.get(id=split.quote_id)
    assert leftover.hidden and leftover.speaker is None


def test_reextraction_of_new_text_keeps_an_editors_placement_only_for_the_same_words(user):
    """An editor split a printing off; the article's URL comes back with new
    text in which other words start at that offset: those words are not the
    editor's printing and must not land on the editor's quote."""
    from articles.services import article_ingest

    url = "https://news.example/placed"
    ruiz = SpeakerFactory(name="Ana Ruiz")
    article = article_ingest(text="“We will build the bridge,” Ana Ruiz said.\n", source_name="p.txt",
                             outlet_name="Ledger", url=url, enqueue=False).article
    quote = QuoteFactory(speaker=ruiz, text="We will build the bridge")
    printing(quote, article, "We will build the bridge")
    AppearanceFactory(quote=quote)
    quotes_refresh_derived(quote_ids={quote.id})
    split = services.quote_split(quote=quote, appearances=quote.appearances.filter(article=article), by=user)
    article = article_ingest(text="“Taxes stay flat this year,” Ana Ruiz said.\n", source_name="p.txt",
                             outlet_name="Ledger", url=url, enqueue=False).article
    extract_again(article, [(1, 1 + len("Taxes stay flat this year"), "Ana Ruiz")])
    taxes = Appearance.objects.get(article=article)
    assert taxes.start == 1 and taxes.quote_id != split.quote_id


def test_undo_of_not_a_quote_does_not_turn_words_now_inside_another_quotation_into_a_printing(user):
    """Found by `make soak`: a partial quote marked not a quote, then the
    article came back with its words only inside a longer direct quotation
    (the suppressed span followed them there): undo does not make them a
    printing of their own, which no extraction would find."""
    from articles.services import article_ingest

    url = "https://news.example/inside"
    old = article_ingest(text="Ana Ruiz called the plan “balanced and fair” on Monday.\n", source_name="i.txt",
                         outlet_name="Ledger", url=url, enqueue=False).article
    quote = QuoteFactory(speaker=SpeakerFactory(name="Ana Ruiz"), text="balanced and fair", kind="partial")
    AppearanceFactory(quote=quote, article=old, text="balanced and fair", kind="partial",
                      start=old.text.index("balanced"), end=old.text.index("balanced") + 17)
    quotes_refresh_derived(quote_ids={quote.id})
    edit = services.quote_hide(quote=quote, by=user)
    new = article_ingest(text="“The budget is balanced and fair to every family,” Ana Ruiz said.\n",
                         source_name="i.txt", outlet_name="Ledger", url=url, enqueue=False).article
    direct = (1, new.text.index("family") + len("family"))
    extract_again(new, [(*direct, "Ana Ruiz")])
    services.edit_undo(edit=edit, by=user)
    assert spans_of(new) == {direct}


def test_undo_brings_a_printing_back_as_extraction_left_it(user):
    """Its sieve and confidence (the review queue and the unverified mark read
    them) and a claim's terms (the linker compares new claims on them) come
    back with its words, not as a blank printing."""
    ames = SpeakerFactory(name="Dana Ames")
    article = ArticleFactory(text="Ames warned that tariffs would rise by 10 percent next year.")
    claim = QuoteFactory(speaker=ames, text="tariffs would rise by 10 percent next year", kind="indirect")
    terms = {"lemmas": ["tariff", "rise", "percent", "year"], "names": [], "numbers": ["10"]}
    app = printing(claim, article, "tariffs would rise by 10 percent next year")
    Appearance.objects.filter(id=app.id).update(sieve="claim-cue", confidence=0.93, terms=terms)
    other = printing(claim, ArticleFactory(text="Tariffs would rise by 10 percent next year, Ames warned."),
                     "Tariffs would rise by 10 percent next year")
    quotes_refresh_derived(quote_ids={claim.id})

    edit = services.span_suppress(appearance=Appearance.objects.get(id=app.id), by=user)
    assert not Appearance.objects.filter(id=app.id).exists()
    services.edit_undo(edit=edit, by=user)

    back = Appearance.objects.get(article=article)
    assert (back.sieve, back.confidence, back.terms) == ("claim-cue", 0.93, terms)
    assert other.quote_id == back.quote_id == claim.id
