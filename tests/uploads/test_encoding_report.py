"""An upload that is not clean UTF-8 says how it was read: the encoding
guessed, and a warning when bytes had to be replaced (issue 14)."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from articles.decoding import decode_document
from articles.models import Article, UploadItem

pytestmark = pytest.mark.django_db

SENTENCE = "“We will not accept a Minsk 3.0 agreement,” said Pete Hegseth on Thursday in Brussels. "
# UTF-8 with one stray byte (a bad copy and paste): everything else is valid UTF-8.
BROKEN_UTF8 = (SENTENCE * 5).encode() + b"Caf\xe9 au lait. " + (SENTENCE * 5).encode()
CP1252 = ("Le ministre a dit: “nous sommes prêts”, très calme, à Genève. " * 8).encode("cp1252")


def test_mostly_utf8_is_read_as_utf8_with_the_bad_byte_replaced():
    decoded = decode_document(BROKEN_UTF8)
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert SENTENCE in decoded.text and "Caf\ufffd au lait" in decoded.text, "not mojibake"
    assert "replaced" in decoded.warning


def test_a_legacy_encoding_is_named_as_guessed():
    decoded = decode_document(CP1252)
    assert decoded.encoding == "cp1252" and decoded.guessed and decoded.replaced == 0
    assert "“nous sommes prêts”" in decoded.text
    assert "guessed" in decoded.warning and "windows-1252" in decoded.warning


def test_clean_utf8_has_no_warning():
    decoded = decode_document(SENTENCE.encode())
    assert (decoded.encoding, decoded.guessed, decoded.warning) == ("utf-8", False, "")


def test_the_status_page_and_the_api_show_the_encoding_and_the_warning(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/articles/upload/", {"files": [SimpleUploadedFile("broken.txt", BROKEN_UTF8)],
                                                  "new_outlet": "Daily"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "broken.txt" in page and "1 invalid byte sequence" in page
    item = UploadItem.objects.get(name="broken.txt")
    assert item.encoding == "utf-8" and "replaced" in item.warning
    assert SENTENCE in Article.objects.get(id=item.article_id).text

    api = APIClient()
    api.force_authenticate(admin_user)
    body = api.post("/api/articles/", {"files": [SimpleUploadedFile("legacy.txt", CP1252)], "new_outlet": "Daily"}).json()
    assert body["articles"][0]["encoding"] == "cp1252"
    assert "guessed" in body["articles"][0]["warning"]
