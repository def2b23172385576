"""Two speakers under one full name (copies an older race left, or namesakes
an editor has not told apart) must not breed a third with every article that
names them; a surname two different people share stays ambiguous between
them, and a bare mention of it gets one speaker of its own, not one per article."""
import pytest

from quotes.models import Speaker
from quotes.services.speakers import speaker_alias_add, speaker_create, speaker_find, speaker_resolve

pytestmark = pytest.mark.django_db


def _speaker(name, quote_count=0, *aliases):
    s = speaker_create(name=name)
    Speaker.objects.filter(id=s.id).update(quote_count=quote_count)
    for alias in (name, *aliases):
        speaker_alias_add(speaker=s, alias=alias)
    return Speaker.objects.get(id=s.id)


def test_a_name_two_copies_share_goes_to_the_most_quoted_copy():
    _speaker("Ama Boateng", 2, "Boateng")
    most = _speaker("Ama Boateng", 9, "Boateng")
    before = Speaker.objects.count()
    assert speaker_resolve(name="Ama Boateng").id == most.id
    assert speaker_resolve(name="Boateng").id == most.id
    assert speaker_resolve(name="Ama Boateng", aliases=("Boateng",)).id == most.id
    assert Speaker.objects.count() == before


def test_a_surname_two_different_people_share_stays_ambiguous():
    _speaker("John Smith", 9, "Smith")
    _speaker("Jane Smith", 2, "Smith")
    assert speaker_find(name="Smith") is None
    assert speaker_find(name="Jane Smith").name == "Jane Smith"


def test_a_bare_surname_two_people_share_gets_one_speaker_not_one_per_article():
    _speaker("Karin Lindqvist", 5, "Lindqvist")
    _speaker("Nils Lindqvist", 3, "Lindqvist")
    before = Speaker.objects.count()
    first = speaker_resolve(name="Lindqvist", aliases=("Lindqvist",))
    assert first.name == "Lindqvist" and Speaker.objects.count() == before + 1
    assert speaker_resolve(name="Lindqvist").id == first.id
    assert Speaker.objects.count() == before + 1
    assert speaker_find(name="Karin Lindqvist").name == "Karin Lindqvist"
