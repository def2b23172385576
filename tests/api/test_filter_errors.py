"""Unknown or malformed filter values are a 400 naming the problem, never an
empty list (issue 15 checks what issue 7 promised)."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import OutletFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(journalist):
    SpeakerFactory(name="Ann Lee", slug="ann-lee")
    OutletFactory(name="Wire", slug="wire")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=journalist).key}")
    return client


@pytest.mark.parametrize(
    ("url", "params", "field", "words"),
    [
        ("/api/quotes/", {"speaker": "nobody-by-that-name"}, "speaker", "no such speaker"),
        ("/api/quotes/", {"outlet": "no-such-outlet"}, "outlet", "no such outlet"),
        ("/api/quotes/", {"kind": "rumour"}, "kind", "rumour"),
        ("/api/quotes/", {"since": "last tuesday"}, "since", "date"),
        ("/api/quotes/", {"until": "2025-13-45"}, "until", "date"),
        ("/api/search/", {"q": "war", "speaker": "nobody-by-that-name"}, "speaker", "no such speaker"),
        ("/api/search/", {"q": "war", "outlet": "no-such-outlet"}, "outlet", "no such outlet"),
    ],
)
def test_unknown_filter_values_are_a_400_with_a_message(api, url, params, field, words):
    response = api.get(url, params)
    assert response.status_code == 400, response.content[:300]
    text = str(response.json()).lower()
    assert words in text, text
    assert field in text or "no such" in text


@pytest.mark.parametrize("params", [{"speaker": "ann-lee"}, {"outlet": "wire"}, {"kind": "direct"},
                                    {"since": "2025-02-13", "until": "2025-02-14"}])
def test_known_filter_values_are_accepted(api, params):
    assert api.get("/api/quotes/", params).status_code == 200
