"""The edit log is looked up by the quote and speaker ids an edit touched:
the quote page's history, and undo's check for a later edit. Those lookups
must be able to use the GIN indexes on after.touched, or each one scans the
whole log, so the index expression and the ORM's must stay identical."""
import pytest
from django.db import connection, transaction

from quotes.editing import selectors
from quotes.models import Edit
from tests.factories import QuoteFactory

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    # With sequential and plain index scans priced out, the planner takes the
    # GIN index (a bitmap scan) whenever the query's expression matches it; a
    # mismatch still falls back to a scan. Plain index scans too: once the
    # tables have statistics (another test ran ANALYZE), reading an empty log
    # whole through its primary key looks cheaper than any bitmap.
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
        return queryset.explain()


def test_quote_history_uses_the_touched_quotes_index():
    quote = QuoteFactory()
    assert "edit_touched_quotes" in plan(selectors.edits_for_quote(quote=quote))


def test_speaker_lookup_uses_the_touched_speakers_index():
    assert "edit_touched_speakers" in plan(Edit.objects.filter(after__touched__speakers__contains=[3]))
