"""Reported claims linked across outlets: extraction reads each claim's
terms, the linking service joins a claim that another outlet printed in
other words to its statement (the speaker's, within a few days), and the
derived data counts the printings. Through the real pipeline, from text."""
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Article
from quotes.models import Appearance, Quote
from quotes.services.extraction import article_extract
from tests.factories import ArticleFactory, OutletFactory

CLAIM = "Mayor Ana Ortiz said on Monday that the Harbour Road bridge would close for 18 months from June."
# The same claim in another outlet's words.
REWORDED = "The Harbour Road bridge will shut for 18 months from June, Mayor Ana Ortiz said on Tuesday."


@pytest.fixture(scope="module")
def nlp():
    from quotes.nlp import load_pipeline

    return load_pipeline(settings.SPACY_MODEL)


def ingest(nlp, text, *, outlet, day):
    article = ArticleFactory(
        text=text, outlet=OutletFactory(name=outlet), published=date(2025, 5, day), status=Article.Status.QUEUED
    )
    assert article_extract(article_id=article.id, nlp=nlp) == "done"
    (printing,) = Appearance.objects.filter(article=article, kind=Quote.Kind.INDIRECT)
    return Quote.objects.get(id=printing.quote_id)


def test_a_claim_in_other_words_becomes_one_statement_with_two_printings(db, nlp):
    first = ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    second = ingest(nlp, REWORDED, outlet="Coast Herald", day=2)

    assert second.id == first.id
    assert (second.kind, second.appearance_count, second.outlet_count) == (Quote.Kind.INDIRECT, 2, 2)
    assert second.speaker.name == "Ana Ortiz" and second.first_published == date(2025, 5, 1)


def test_the_same_words_with_another_number_stay_apart(db, nlp):
    first = ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    months = ingest(nlp, REWORDED.replace("18 months", "six months"), outlet="Coast Herald", day=2)

    assert months.id != first.id and months.appearance_count == first.appearance_count == 1


def test_the_same_words_about_another_place_stay_apart(db, nlp):
    first = ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    other = ingest(nlp, REWORDED.replace("Harbour Road", "Quay Street"), outlet="Coast Herald", day=2)

    assert other.id != first.id


@pytest.mark.xfail(
    reason="known gap: claims of one speaker that differ in one word of a name (Harbour Road / Quay Road) share "
    "the rest of their terms and are linked; on the tuning gold a penalty for claims with no name in common cost "
    "a true link and kept no wrong one out",
    strict=True,
)
def test_a_place_one_word_apart_stays_apart(db, nlp):
    first = ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    other = ingest(nlp, REWORDED.replace("Harbour Road", "Quay Road"), outlet="Coast Herald", day=2)

    assert other.id != first.id


def test_a_claim_negated_by_a_prefix_joins_the_same_claim_negated_by_not(db, nlp):
    # "unrealistic" and "not realistic": one claim in two outlets' styles
    first = ingest(nlp, "Mayor Ana Ortiz said on Monday that the June deadline was unrealistic.",
                   outlet="Harbour Gazette", day=1)
    second = ingest(nlp, "The June deadline is not realistic, Mayor Ana Ortiz said on Tuesday.",
                    outlet="Coast Herald", day=2)

    assert second.id == first.id and second.appearance_count == 2


def test_the_same_claim_by_another_speaker_stays_apart(db, nlp):
    first = ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    other = ingest(nlp, REWORDED.replace("Mayor Ana Ortiz", "Council leader Ben Hale"), outlet="Coast Herald", day=2)

    assert other.speaker.name == "Ben Hale" and other.id != first.id


def test_the_same_claim_weeks_later_is_news_again(db, nlp):
    first = ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    later = ingest(nlp, REWORDED, outlet="Coast Herald", day=20)

    assert later.id != first.id


def test_a_claim_is_not_joined_to_a_quotation_of_the_same_words(db, nlp):
    quoted = ArticleFactory(
        text="“The Harbour Road bridge will shut for 18 months from June,” Mayor Ana Ortiz said.",
        published=date(2025, 5, 1), status=Article.Status.QUEUED,
    )
    article_extract(article_id=quoted.id, nlp=nlp)
    claim = ingest(nlp, CLAIM, outlet="Coast Herald", day=2)

    assert not Appearance.objects.filter(quote=claim, kind=Quote.Kind.DIRECT).exists()
    assert quoted.appearances.get().quote_id != claim.id


def test_the_statement_page_shows_each_outlets_wording_side_by_side(db, nlp, client, journalist):
    ingest(nlp, CLAIM, outlet="Harbour Gazette", day=1)
    quote = ingest(nlp, REWORDED, outlet="Coast Herald", day=2)
    client.force_login(journalist)

    html = client.get(reverse("quotes:quote_detail", args=[quote.id])).content.decode()

    # Both outlets, each with its own words as printed (not marked word by
    # word against the other's), and who said it as each printed it.
    rows = html[html.index('<table class="printings">'):]
    assert rows.index("Harbour Gazette") < rows.index("Coast Herald")
    assert "the Harbour Road bridge would close for 18 months from June</blockquote>" in rows
    assert "The Harbour Road bridge will shut for 18 months from June</blockquote>" in rows
    assert '<ins class="diff">' not in rows and '<del class="diff">' not in rows
    assert "each outlet's own wording" in html and rows.count("Mayor Ana Ortiz · said") == 2


def test_the_claim_gold_is_scored_through_the_pipeline_with_misses_by_cause(db, nlp, tmp_path):
    from quotes.management.commands.evaluate_claim_linking import pipeline_pairs

    taxes = "Mayor Ana Ortiz said that council taxes would rise next spring."
    texts = {"a.txt": CLAIM, "b.txt": REWORDED, "c.txt": taxes}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        '{"a.txt": {"outlet": "Harbour Gazette", "published": "2025-05-01"},'
        ' "b.txt": {"outlet": "Coast Herald", "published": "2025-05-02"},'
        ' "c.txt": {"outlet": "Coast Herald", "published": "2025-05-02"}}', encoding="utf-8")
    gold = [("a.txt", "the Harbour Road bridge would close for 18 months from June", "bridge"),
            ("b.txt", "The Harbour Road bridge will shut for 18 months from June", "bridge"),
            ("c.txt", "council taxes would rise next spring", "taxes"),
            # a claim the extractor does not find: a miss of its own cause
            ("c.txt", "Mayor Ana Ortiz", "bridge")]
    claims = [{"article": a, "speaker": "Ana Ortiz", "statement": s, "start": texts[a].index(t),
               "end": texts[a].index(t) + len(t), "text": t} for a, t, s in gold]
    before = Article.objects.count()

    pairs, causes = pipeline_pairs(claims, [tmp_path], nlp)

    # a-b linked (one statement); a-c, b-c apart; a and b with the unfound one: missed
    assert sorted(pairs) == [(False, False), (False, False), (False, True), (False, True), (True, True)]
    assert causes == {"not extracted as a claim": 2}
    assert Article.objects.count() == before   # rolled back


def test_a_claim_that_quotes_a_phrase_stays_apart_from_the_quotation(db, nlp):
    # Found on set K: the claim "the plant had ‘built great cars for 61 years’"
    # joined the partial quote's statement, its words became a variant of the
    # quote, and the chief executive's full line printed by another outlet no
    # longer matched it.
    full = Article.objects.get(id=ArticleFactory(
        text="“Kessling has built great cars for 61 years,” Chief Executive Ines Varga told analysts on Tuesday.",
        outlet=OutletFactory(name="Motor Ledger"), published=date(2025, 5, 1), status=Article.Status.QUEUED).id)
    assert article_extract(article_id=full.id, nlp=nlp) == "done"
    later = ArticleFactory(
        text="Ines Varga, the chief executive, said on Tuesday that the plant had ‘built great cars for 61 years’.",
        outlet=OutletFactory(name="Valley Gazette"), published=date(2025, 5, 2), status=Article.Status.QUEUED)
    assert article_extract(article_id=later.id, nlp=nlp) == "done"

    (quote,) = Quote.objects.filter(id__in=Appearance.objects.filter(article=full).values("quote_id"))
    partial = Appearance.objects.get(article=later, kind=Quote.Kind.PARTIAL)
    assert partial.quote_id == quote.id   # the partial is a printing of the full line
    claims = Appearance.objects.filter(article=later, kind=Quote.Kind.INDIRECT)
    assert claims and all(c.quote.kind == Quote.Kind.INDIRECT and c.quote_id != quote.id for c in claims)
