"""Search by people and words together: a speaker's name (or alias, or a
misspelling of either) in the query narrows to that speaker; other words
the quotes do not use are corrected to the closest word they do."""
import pytest

from quotes.search import read_query, speaker_by_name
from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def hits(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return response, [h.quote.id for h in response.context["hits"]]


@pytest.fixture
def borders(newsroom):
    """Hegseth and Trump both talk about borders; Hegseth's other quote does not."""
    his = QuoteFactory(speaker=newsroom["hegseth"], text="Europe must secure its own borders and Ukraine's.")
    trumps = QuoteFactory(speaker=newsroom["trump"], text="We will close the borders.")
    claim = QuoteFactory(speaker=newsroom["hegseth"], text="that the borders of 2014 will not return", kind="indirect")
    for q in (his, trumps, claim):
        AppearanceFactory(quote=q, kind=q.kind)
    quotes_refresh_stats(quote_ids={his.id, trumps.id, claim.id})
    return newsroom | {"his": his, "trumps": trumps, "claim": claim}


@pytest.mark.parametrize("query", ["Hegseth borders", "hegseth borders", "Pete Hegseth borders", "Hegseht borders"])
def test_a_name_and_a_word_find_that_speakers_quotes_with_the_word(journalist_client, borders, query):
    response, ids = hits(journalist_client, f"/search/?q={query}")
    assert sorted(ids) == sorted([borders["his"].id, borders["claim"].id])
    assert "Showing results for" in response.content.decode()
    assert response.context["filters"].speaker == borders["hegseth"]


def test_a_name_alone_lists_the_speakers_quotes(journalist_client, borders):
    response, ids = hits(journalist_client, "/search/?q=Hegseth")
    assert set(ids) == {borders["minsk"].id, borders["his"].id, borders["claim"].id}
    assert "No quotes found" not in response.content.decode()


def test_an_alias_names_the_speaker(journalist_client, borders):
    borders["hegseth"].aliases.create(alias="the Pentagon chief", key="the pentagon chief")
    _, ids = hits(journalist_client, "/search/?q=pentagon+chief+borders")
    assert sorted(ids) == sorted([borders["his"].id, borders["claim"].id])


def test_the_words_only_link_searches_every_speaker(journalist_client, borders):
    response, ids = hits(journalist_client, "/search/?q=Hegseth+borders")
    assert "words=1" in response.context["words_only_url"]
    _, ids = hits(journalist_client, "/search/?q=borders&words=1")
    assert set(ids) == {borders["his"].id, borders["trumps"].id, borders["claim"].id}


def test_a_misspelt_word_is_corrected_from_the_quotes_vocabulary(journalist_client, borders):
    response, ids = hits(journalist_client, "/search/?q=Ukriane")
    assert set(ids) == {borders["stepping"].id, borders["his"].id}
    assert ("Ukriane", "ukraine") in response.context["found"].reading.corrections
    page = response.content.decode()
    assert "Showing results for" in page and "ukraine" in page
    assert all(h.fuzzy for h in response.context["hits"]), "a corrected search is a close match"


def test_known_words_and_short_words_are_left_alone(borders):
    assert read_query("borders").corrections == ()
    assert read_query("bordrs").corrections == (("bordrs", "borders"),)
    assert read_query("wxyz").corrections == ()  # nothing close: kept as typed


def test_a_common_word_that_is_also_a_surname_stays_a_word_in_lower_case(borders):
    grand = QuoteFactory(text="It was a grand bargain.")
    AppearanceFactory(quote=grand)
    quotes_refresh_stats(quote_ids={grand.id})
    from tests.factories import SpeakerFactory

    SpeakerFactory(name="Camille Grand", slug="camille-grand")
    assert read_query("grand bargain").speaker is None
    assert read_query("Camille Grand").speaker.slug == "camille-grand"


def test_the_vocabulary_follows_new_quotes(borders):
    assert read_query("Zaporizhzhia").corrections == ()
    q = QuoteFactory(text="The Zaporizhzhia plant is safe.")
    AppearanceFactory(quote=q)
    assert read_query("Zaporizhzia").corrections == ()  # not yet refreshed
    quotes_refresh_stats(quote_ids={q.id})
    assert read_query("Zaporizhzia").corrections == (("Zaporizhzia", "zaporizhzhia"),)


@pytest.mark.parametrize("kind,expected", [("direct", "his"), ("indirect", "claim")])
def test_kind_filter_with_people_and_words(journalist_client, borders, kind, expected):
    response, ids = hits(journalist_client, f"/search/?q=Hegseth+borders&kind={kind}")
    assert ids == [borders[expected].id]
    assert ("reported claim" if kind == "indirect" else "direct quote") in response.content.decode()


def test_the_speaker_filter_takes_a_name_even_misspelt(journalist_client, borders):
    assert speaker_by_name("Pete Hegseth") == borders["hegseth"]
    assert speaker_by_name("Hegseht") == borders["hegseth"]
    assert speaker_by_name("pete-hegseth") == borders["hegseth"]
    assert speaker_by_name("Nobody Atall") is None
    _, ids = hits(journalist_client, "/search/?q=borders&speaker=Pete+Hegseth")
    assert sorted(ids) == sorted([borders["his"].id, borders["claim"].id])
    response, ids = hits(journalist_client, "/search/?q=borders&speaker=Nobody+Atall")
    assert ids == [] and "No such speaker." in response.content.decode()


def test_search_their_quotes_link_opens_a_working_search(journalist_client, borders):
    page = journalist_client.get("/speakers/pete-hegseth/").content.decode()
    import re

    link = re.search(r'href="(/search/[^"]*)">Search their quotes', page).group(1).replace("&amp;", "&")
    _, ids = hits(journalist_client, link)
    assert set(ids) == {borders["minsk"].id, borders["his"].id, borders["claim"].id}


def test_suggestions_for_the_name_field_give_names(journalist_client, borders):
    page = journalist_client.get("/speaker-suggestions/?names=1&q=Heg").content.decode()
    assert '<option value="Pete Hegseth">' in page


def test_export_follows_the_reading(journalist_client, borders):
    import json

    response = journalist_client.get("/search/?q=Hegseth+borders&export=json")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ids = {row["id"] for row in json.loads(body)}
    assert ids == {borders["his"].id, borders["claim"].id}
