"""Editing services: each change is recorded, and its undo restores exactly
the prior state, also after the affected articles were re-extracted."""
import pytest

from articles.models import Article
from quotes.editing import services
from quotes.editing.errors import EditConflict, EditInvalid
from quotes.models import Appearance, Edit, Quote, Speaker, SpeakerAlias, SuppressedSpan
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services.extraction import article_apply_extraction
from quotes.services.linking import quotes_reindex
from quotes.services.speakers import speaker_find
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, QuoteFactory, SpeakerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(username="ed")


def printed(quote, text=None, **kw):
    """An appearance of `quote` at the real offsets of its text in a new article."""
    text = text or quote.text
    n = Article.objects.count()
    article = ArticleFactory(text=f"Lead paragraph {n}. “{text},” {quote.speaker.name} said.", **kw)
    start = article.text.index(text)
    return AppearanceFactory(quote=quote, article=article, text=text, start=start, end=start + len(text))


def state():
    """Everything an edit may change, in comparable form."""
    quotes = {
        q.id: (q.speaker_id, q.text, q.kind, q.hidden, q.editor_locked, q.merged_into_id, q.appearance_count)
        for q in Quote.objects.all()
    }
    apps = {
        (a.article_id, a.start): (a.quote_id, a.end, tuple(map(tuple, a.spans)), a.text)
        for a in Appearance.objects.all()
    }
    aliases = {(a.speaker_id, a.key, a.alias) for a in SpeakerAlias.objects.all()}
    spans = set(SuppressedSpan.objects.values_list("article_id", "start", "end"))
    return quotes, apps, aliases, spans


def reextract(article: Article, speaker_name: str) -> None:
    """Run the extraction service on the article again, finding every printing
    already recorded in it (what a re-ingest does)."""
    found = []
    for a in article.appearances.all():
        found.append(ExtractedQuote(spans=tuple(Span(s, e, article.text[s:e]) for s, e in a.spans), kind=a.kind,
                                    speaker=speaker_name, speaker_as_written=speaker_name, cue="said"))
    spans = [(s.article_id, s.start, s.end) for s in SuppressedSpan.objects.filter(article=article)]
    for _, start, end in spans:  # the extractor finds suppressed quotes too; the service skips them
        found.append(ExtractedQuote(spans=(Span(start, end, article.text[start:end]),), kind="direct",
                                    speaker=speaker_name, speaker_as_written=speaker_name, cue="said"))
    Article.objects.filter(id=article.id).update(status=Article.Status.PROCESSING)
    article_apply_extraction(
        article_id=article.id,
        extraction=ArticleExtraction(quotes=tuple(found), people=(Person(speaker_name, (), ()),)),
    )


@pytest.fixture
def two_quotes():
    speaker = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    SpeakerAlias.objects.create(speaker=speaker, alias="Pete Hegseth", key="pete hegseth")
    a = QuoteFactory(speaker=speaker, text="The report is ahistorical and false")
    b = QuoteFactory(speaker=speaker, text="The report is ahistorical and false, and we reject it")
    printed(a)
    printed(b)
    printed(b, outlet=printed(a).article.outlet)
    quotes_refresh_stats(quote_ids={a.id, b.id})
    quotes_reindex(quote_ids={a.id, b.id})
    a.refresh_from_db(), b.refresh_from_db()
    return a, b


def test_merge_moves_printings_hides_sources_and_undo_restores(two_quotes, user):
    a, b = two_quotes
    initial = state()
    edit = services.quote_merge(target=a, sources=[b], by=user, canonical_text=b.text)

    a.refresh_from_db(), b.refresh_from_db()
    assert a.appearances.count() == 4 and a.appearance_count == 4 and a.text == b.text
    assert a.editor_locked and b.editor_locked and b.hidden and b.merged_into_id == a.id
    assert edit.action == Edit.Action.MERGE_QUOTES and edit.user == user and edit.quote == a
    assert edit.before["quotes"][str(a.id)]["text"] == "The report is ahistorical and false"

    services.edit_undo(edit=edit, by=user)
    assert state() == initial
    edit.refresh_from_db()
    assert edit.undone_at and edit.undone_by == user


def test_merge_refuses_a_quote_already_merged_away(two_quotes, user):
    a, b = two_quotes
    c = QuoteFactory(speaker=a.speaker)
    printed(c)
    services.quote_merge(target=a, sources=[b], by=user)
    with pytest.raises(EditConflict, match="merged into"):
        services.quote_merge(target=c, sources=[b], by=user)
    with pytest.raises(EditInvalid):
        services.quote_merge(target=a, sources=[a], by=user)


def test_undo_of_merge_is_exact_after_the_articles_were_reextracted(two_quotes, user):
    a, b = two_quotes
    initial = state()
    edit = services.quote_merge(target=a, sources=[b], by=user)
    for article in Article.objects.filter(appearances__quote=a).distinct():
        reextract(article, "Pete Hegseth")
    # The linker put B's re-extracted printings on a fresh quote (B is hidden);
    # their (article, start) is what the undo goes by.
    services.edit_undo(edit=edit, by=user)
    assert Quote.objects.filter(speaker__isnull=False).exclude(id__in=[a.id, b.id]).exists() is False
    assert state() == initial, "the linker's stand-in quote is gone and B has its printings back"


def test_split_and_undo(two_quotes, user):
    a, b = two_quotes
    initial = state()
    moving = list(b.appearances.order_by("id")[:1])
    edit = services.quote_split(quote=b, appearances=moving, by=user)
    new = edit.quote
    assert new.id != b.id and new.speaker_id == b.speaker_id and new.editor_locked
    assert list(new.appearances.all()) == moving and b.appearances.count() == 1
    with pytest.raises(EditInvalid, match="at least one"):
        services.quote_split(quote=b, appearances=b.appearances.all(), by=user)
    services.edit_undo(edit=edit, by=user)
    quotes, *rest = state()
    new.refresh_from_db()
    assert new.hidden and new.appearance_count == 0
    assert (dict((k, v) for k, v in quotes.items() if k != new.id), *rest) == initial


def test_reattribute_quote_with_alias_and_undo(two_quotes, user):
    a, _ = two_quotes
    other = SpeakerFactory(name="Sean Parnell")
    initial = state()
    edit = services.quote_reattribute(quote=a, speaker=other, by=user, alias="the Pentagon spokesman")
    a.refresh_from_db()
    assert a.speaker == other and other.aliases.get().added_by_editor
    services.edit_undo(edit=edit, by=user)
    assert state() == initial


def test_reattribute_one_printing_and_undo(two_quotes, user):
    _, b = two_quotes
    other = SpeakerFactory(name="Sean Parnell")
    initial = state()
    app = b.appearances.first()
    edit = services.appearance_reattribute(appearance=app, speaker=other, by=user)
    app.refresh_from_db()
    assert app.quote == edit.quote and edit.quote.speaker == other and b.appearances.count() == 1
    services.edit_undo(edit=edit, by=user)
    quotes, *rest = state()
    assert (dict((k, v) for k, v in quotes.items() if k != edit.quote_id), *rest) == initial


def test_reattribute_to_a_new_speaker_whom_later_articles_then_find(two_quotes, user):
    a, _ = two_quotes
    speakers = set(Speaker.objects.values_list("id", flat=True))
    initial = state()
    edit = services.quote_reattribute(quote=a, new_speaker="  Sean   Parnell ", by=user)
    a.refresh_from_db()
    assert a.speaker.name == "Sean Parnell" and a.speaker.id not in speakers
    assert "new speaker" in edit.summary
    assert speaker_find(name="Parnell") == a.speaker, "the name is known to ingests from now on"
    assert Speaker.objects.get(id=a.speaker_id).quote_count == 1
    services.edit_undo(edit=edit, by=user)
    assert state() == initial
    assert set(Speaker.objects.values_list("id", flat=True)) == speakers, "the speaker it created is gone"


def test_reattribute_one_printing_to_a_new_speaker_and_undo(two_quotes, user):
    _, b = two_quotes
    speakers = set(Speaker.objects.values_list("id", flat=True))
    initial = state()
    edit = services.appearance_reattribute(appearance=b.appearances.first(), new_speaker="Sean Parnell", by=user)
    assert edit.quote.speaker.name == "Sean Parnell" and b.appearances.count() == 1
    services.edit_undo(edit=edit, by=user)
    quotes, *rest = state()
    assert (dict((k, v) for k, v in quotes.items() if k != edit.quote_id), *rest) == initial
    assert set(Speaker.objects.values_list("id", flat=True)) == speakers
    edit.quote.refresh_from_db()
    assert edit.quote.hidden and edit.quote.speaker is None, "kept for the audit, unattributed"


def test_undo_keeps_a_created_speaker_that_has_since_been_given_quotes(two_quotes, user):
    a, _ = two_quotes
    edit = services.quote_reattribute(quote=a, new_speaker="Sean Parnell", by=user)
    parnell = Speaker.objects.get(name="Sean Parnell")
    later = QuoteFactory(speaker=parnell, text="We stand by the report")  # as an ingest would
    services.edit_undo(edit=edit, by=user)
    a.refresh_from_db()
    assert a.speaker.name == "Pete Hegseth"
    assert Speaker.objects.filter(id=parnell.id).exists() and later.speaker_id == parnell.id


def test_new_speaker_must_be_new_and_named(two_quotes, user):
    a, _ = two_quotes
    with pytest.raises(EditInvalid, match="already a speaker"):
        services.quote_reattribute(quote=a, new_speaker="pete hegseth", by=user)
    with pytest.raises(EditInvalid, match="name"):
        services.quote_reattribute(quote=a, new_speaker="  ", by=user)
    assert not Edit.objects.exists()


def test_hidden_quote_stays_hidden_through_reextraction_and_undo_brings_it_back(two_quotes, user):
    a, _ = two_quotes
    articles = list(Article.objects.filter(appearances__quote=a))
    initial = state()
    edit = services.quote_hide(quote=a, by=user)
    a.refresh_from_db()
    assert a.hidden and a.appearances.count() == 0
    assert SuppressedSpan.objects.count() == 2
    for article in articles:
        reextract(article, "Pete Hegseth")
    assert not Appearance.objects.filter(article__in=articles).exists(), "re-extraction skipped the spans"
    a.refresh_from_db()
    assert a.hidden, "the hidden quote is kept for the audit"
    services.edit_undo(edit=edit, by=user)
    assert state() == initial


def test_span_suppress_one_printing_and_undo(two_quotes, user):
    _, b = two_quotes
    initial = state()
    app = b.appearances.first()
    edit = services.span_suppress(appearance=app, by=user)
    assert b.appearances.count() == 1 and SuppressedSpan.objects.filter(article=app.article).exists()
    services.edit_undo(edit=edit, by=user)
    assert state() == initial


def test_a_later_edit_must_be_undone_first(two_quotes, user):
    a, b = two_quotes
    first = services.quote_merge(target=a, sources=[b], by=user)
    second = services.quote_split(quote=a, appearances=a.appearances.all()[:1], by=user)
    with pytest.raises(EditConflict, match="later edit"):
        services.edit_undo(edit=first, by=user)
    services.edit_undo(edit=second, by=user)
    services.edit_undo(edit=first, by=user)
    with pytest.raises(EditConflict, match="already"):
        services.edit_undo(edit=first, by=user)


def test_speaker_merge_moves_quotes_and_aliases_and_undo(two_quotes, user):
    a, _ = two_quotes
    target = a.speaker
    SpeakerAlias.objects.create(speaker=target, alias="Hegseth", key="hegseth")
    source = SpeakerFactory(name="P. Hegseth")
    SpeakerAlias.objects.create(speaker=source, alias="Mr. Hegseth", key="hegseth")  # the target has it too
    SpeakerAlias.objects.create(speaker=source, alias="the defense secretary", key="the defense secretary")
    q = QuoteFactory(speaker=source)
    printed(q)
    quotes_refresh_stats(quote_ids={q.id})
    initial = state()
    edit = services.speaker_merge(target=target, sources=[source], by=user)
    q.refresh_from_db()
    assert q.speaker == target and not source.aliases.exists()
    assert set(target.aliases.values_list("key", flat=True)) == {"pete hegseth", "hegseth", "the defense secretary"}
    services.edit_undo(edit=edit, by=user)
    assert state() == initial


def test_alias_add_and_remove_are_undoable(user):
    speaker = SpeakerFactory()
    edit = services.alias_add(speaker=speaker, alias="Mr. Smith", by=user)
    assert speaker.aliases.get().added_by_editor
    with pytest.raises(EditInvalid):
        services.alias_add(speaker=speaker, alias="mr smith", by=user)
    services.edit_undo(edit=edit, by=user)
    assert not speaker.aliases.exists()
    alias = SpeakerAlias.objects.create(speaker=speaker, alias="Smith", key="smith")
    edit = services.alias_remove(alias=alias, by=user)
    assert not speaker.aliases.exists()
    services.edit_undo(edit=edit, by=user)
    assert speaker.aliases.get().id == alias.id


def test_undo_of_speaker_merge_after_linking_merged_a_moved_quote_away(two_quotes, user):
    a, b = two_quotes
    source = SpeakerFactory(name="P. Hegseth")
    q1, q2 = QuoteFactory(speaker=source), QuoteFactory(speaker=source)
    printed(q1), printed(q2)
    edit = services.speaker_merge(target=a.speaker, sources=[source], by=user)
    # What automatic linking does when new evidence joins two unlocked quotes.
    from quotes.services.linking import quotes_merge_automatic

    quotes_merge_automatic(target=q1, sources=[Quote.objects.get(id=q2.id)])
    services.edit_undo(edit=edit, by=user)
    q1.refresh_from_db()
    assert q1.speaker == source and q1.appearances.count() == 2


def test_reextraction_keeps_an_editors_merge_of_different_wordings(user):
    speaker = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    SpeakerAlias.objects.create(speaker=speaker, alias="Pete Hegseth", key="pete hegseth")
    a = QuoteFactory(speaker=speaker, text="We will not be intimidated by anyone")
    b = QuoteFactory(speaker=speaker, text="Nobody is going to scare this department off")
    printed(a), printed(b)
    quotes_reindex(quote_ids={a.id, b.id})
    services.quote_merge(target=a, sources=[b], by=user)
    for article in Article.objects.all():
        reextract(article, "Pete Hegseth")
    assert Appearance.objects.filter(quote=a).count() == 2


def test_speaker_merge_and_undo_keep_directory_counts(user):
    from quotes.services.directory import speakers_refresh_stats

    a, b = SpeakerFactory(name="Ana Ruiz", slug="ana-ruiz"), SpeakerFactory(name="A. Ruiz", slug="a-ruiz")
    printed(QuoteFactory(speaker=a, text="We will build the bridge")), printed(QuoteFactory(speaker=b, text="Taxes stay flat"))
    speakers_refresh_stats(speaker_ids={a.id, b.id})
    edit = services.speaker_merge(target=a, sources=[b], by=user)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.quote_count, b.quote_count) == (2, 0)
    services.edit_undo(edit=edit, by=user)
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.quote_count, b.quote_count) == (1, 1)
