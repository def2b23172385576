"""The typed undo record reads every layout the edit log has stored, writes
the same layout back, and keeps `after.touched` for the GIN indexes."""
import pytest

from quotes.editing import services
from quotes.editing.record import UndoRecord
from quotes.models import Edit
from tests.factories import AppearanceFactory, QuoteFactory, UserFactory

# As rows written before the record was typed look (no content hash, only
# the keys each action used).
OLD_ROWS = [
    ({"quotes": {"7": {"text": "a", "editor_locked": False}, "8": {"hidden": False, "merged_into_id": None,
      "editor_locked": False}}, "appearances": [{"id": 3, "quote_id": 8, "article_id": 1, "start": 0, "end": 5,
      "spans": [[0, 5]], "text": "words", "kind": "direct", "cue": "said", "speaker_as_written": "X"}]},
     {"quotes": {"7": {"text": "a", "editor_locked": True}, "8": {"hidden": True, "merged_into_id": 7,
      "editor_locked": True}}, "touched": {"quotes": [7, 8]}}),
    ({}, {"created_aliases": [4], "speaker": 2, "touched": {"speakers": [2]}}),
    ({"quotes": {"5": {"hidden": False, "editor_locked": False}}, "appearances": []},
     {"quotes": {"5": {"hidden": True, "editor_locked": True}}, "suppressed_spans": [[1, 0, 5]],
      "touched": {"quotes": [5]}}),
]


@pytest.mark.parametrize("before, after", OLD_ROWS)
def test_old_rows_load_and_write_back_the_same_facts(before, after):
    record = UndoRecord.from_json(before, after)
    again = UndoRecord.from_json(*record.to_json())
    assert again == record
    written_before, written_after = record.to_json()
    assert written_after["touched"].keys() == {"quotes", "speakers"}
    for key, value in after.items():
        if key == "touched":
            assert all(written_after["touched"][k] == v for k, v in value.items())
        else:
            assert written_after[key] == value
    assert {k: v for k, v in written_before.items() if v} == {k: v for k, v in before.items() if v}


def test_record_knows_the_quotes_and_speakers_an_edit_touched():
    record = UndoRecord.from_json(
        {"quotes": {"7": {"speaker_id": 1}}, "aliases": [{"speaker_id": 9}]},
        {"quotes": {"7": {"speaker_id": 2}}, "touched": {"quotes": [7], "speakers": [3]}, "origin": 6,
         "created_quotes": [11]},
    )
    assert record.quote_ids() == {6, 7, 11}
    assert record.speaker_ids() == {1, 2, 3, 9}


@pytest.mark.django_db
def test_an_edit_stores_the_typed_record_in_the_indexed_layout():
    quote = QuoteFactory()
    AppearanceFactory(quote=quote), AppearanceFactory(quote=quote)
    edit = services.quote_split(quote=quote, appearances=quote.appearances.all()[:1], by=UserFactory())
    edit.refresh_from_db()
    assert edit.after["touched"]["quotes"] == [quote.id, edit.quote_id]
    assert Edit.objects.filter(after__touched__quotes__contains=[edit.quote_id]).get() == edit
    record = UndoRecord.of(edit)
    assert record.origin == quote.id and record.created_quotes == (edit.quote_id,)
    assert record.appearances[0]["content_hash"]
