"""The hostile and odd inputs of tests/fixtures/uploads/, each with its
outcome: refused with a precise message, or accepted with the exact text."""
import io
import stat
import zipfile

import pytest

from articles.uploads import IncomingFile, Limits, UploadRejected, upload_documents_prepare

from .conftest import FIXTURES, SEEDS, fixture_bytes

MB = 1024 * 1024


def prepare(name, data, limits=None):
    return upload_documents_prepare(files=[IncomingFile(name, data)], limits=limits)


def rejection(name, data, limits=None) -> str:
    with pytest.raises(UploadRejected) as exc:
        prepare(name, data, limits)
    return " | ".join(exc.value.errors)


@pytest.mark.parametrize(
    "name, message",
    [
        ("binary.txt", "binary.txt: the file is binary, not text"),
        ("image.png", "image.png: the file is a PNG image, not text"),
        ("empty.txt", "empty.txt: the file is empty"),
        ("whitespace.txt", "whitespace.txt: the file is empty"),
        ("no_article.html", "no_article.html: the HTML page has no article text"),
        ("traversal.zip", "traversal.zip: '../../etc/evil.txt' has an unsafe path"),
    ],
)
def test_hostile_fixture_is_refused_with_a_precise_message(name, message):
    assert message in rejection(name, fixture_bytes(name))


def test_ten_megabyte_text_is_refused_with_the_size_message():
    big = ("A line of perfectly ordinary text in a very long article.\n" * 200_000).encode()[: 10 * MB]
    assert "big.txt: the file is 10.0 MB; the limit is 5.0 MB per file" in rejection("big.txt", big)


def test_upload_over_the_batch_limit_is_refused_before_parsing():
    limits = Limits(file_bytes=100, batch_bytes=150, zip_members=10)
    files = [IncomingFile(f"{i}.txt", b"x" * 90) for i in range(2)]
    with pytest.raises(UploadRejected) as exc:
        upload_documents_prepare(files=files, limits=limits)
    assert exc.value.errors == ["The upload is 180 bytes; the limit is 150 bytes per upload. Send fewer files at once."]


def test_nothing_to_upload():
    with pytest.raises(UploadRejected, match="Nothing to upload"):
        upload_documents_prepare(files=[], pasted_text="  \n ")


def test_every_problem_of_a_batch_is_named_at_once():
    with pytest.raises(UploadRejected) as exc:
        upload_documents_prepare(
            files=[
                IncomingFile("empty.txt", b""),
                IncomingFile("ok.txt", b"A fine article that says nothing much at all today."),
                IncomingFile("image.png", fixture_bytes("image.png")),
            ]
        )
    assert [e.split(":")[0] for e in exc.value.errors] == ["empty.txt", "image.png"]


def test_latin1_text_is_decoded_correctly():
    raw = fixture_bytes("latin1.txt")
    [doc] = prepare("latin1.txt", raw)
    assert doc.text == raw.decode("latin-1")
    assert "très bientôt" in doc.text and "Hélène Lefèvre" in doc.text


def test_crlf_text_is_stored_exactly_as_decoded():
    raw = fixture_bytes("crlf.txt")
    [doc] = prepare("crlf.txt", raw)
    assert doc.text == raw.decode("utf-8")
    assert "\r\n" in doc.text


def test_rtl_emoji_and_zero_width_characters_survive_exactly():
    raw = fixture_bytes("rtl_emoji_zw.txt")
    [doc] = prepare("rtl_emoji_zw.txt", raw)
    assert doc.text == raw.decode("utf-8")
    for kept in ("نحن مستعدون للحوار", "אנחנו מוכנים", "\U0001F468\u200D\U0001F469", "\u200b", "\u200e", "\u200f"):
        assert kept in doc.text


def test_utf8_bom_and_utf16_are_decoded():
    text = "“We are ready,” said the mayor on Monday, in front of the town hall."
    assert prepare("bom.txt", b"\xef\xbb\xbf" + text.encode())[0].text == text
    assert prepare("u16.txt", text.encode("utf-16"))[0].text == text


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_text_is_stored_exactly_as_decoded(seed):
    # Gold quote offsets index the decoded seed: any change would shift them.
    raw = (SEEDS / seed).read_bytes()
    [doc] = prepare(seed, raw)
    assert doc.text == raw.decode("utf-8-sig")
    assert doc.source_name == seed


def test_html_with_script_and_onerror_keeps_text_and_drops_markup():
    [doc] = prepare("script_onerror.html", fixture_bytes("script_onerror.html"))
    assert "“We need more time to read the figures,” councillor Ann Lee said." in doc.text
    for gone in ("inline script in article", "head script", "onerror", "<img", "javascript:", "<svg", "<iframe"):
        assert gone not in doc.text
    # Escaped markup in the page is the article's own text: kept as text,
    # and escaped again wherever it is shown (see test_views).
    assert '<script>alert("sign")</script>' in doc.text
    assert doc.outlet_name == "Hostile Gazette"


def test_news_page_loses_its_furniture_and_gives_its_metadata():
    [doc] = prepare("news_article.html", fixture_bytes("news_article.html"))
    assert "“This bridge carries twenty thousand people a day" in doc.text
    assert "“It will stand for another hundred years.”" in doc.text
    for furniture in ("ADVERTISEMENT", "Related stories", "ferry route", "Privacy", "Subscribe", "Win a cruise"):
        assert furniture not in doc.text
    assert (doc.title, doc.outlet_name, doc.byline) == (
        "Harbour bridge reopens after two years of repairs", "The Coastal Ledger", "Maria Okafor"
    )
    assert doc.url == "https://coastal-ledger.example/2025/03/04/harbour-bridge-reopens"
    assert str(doc.published) == "2025-03-04"
    # Paragraphs stay paragraphs.
    assert "\n\n“This bridge carries" in doc.text


def test_deeply_nested_html_still_gives_its_text():
    # libxml2 (under trafilatura) stops at 255 levels; the fallback does not.
    body = "<p>Deep text paragraph that says something meaningful enough to keep, really.</p>"
    body += "<p>“We will win,” she said on Tuesday in the capital city.</p>"
    html = "<html><body>" + "<div>" * 5000 + body + "</div>" * 5000 + "</body></html>"
    [doc] = prepare("deep.html", html.encode())
    assert doc.text == (
        "Deep text paragraph that says something meaningful enough to keep, really.\n\n"
        "“We will win,” she said on Tuesday in the capital city."
    )


def test_html_is_recognised_without_its_suffix():
    html = fixture_bytes("news_article.html")
    [doc] = prepare("article", html)
    assert doc.is_html and "<" not in doc.text


def _zip(entries, *, symlink=None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


ARTICLE = "“We are ready,” said the mayor on Monday, in front of the town hall. ".encode()


def test_zip_of_documents_gives_each_document():
    data = _zip(
        [
            ("a.txt", ARTICLE),
            ("folder/b.html", fixture_bytes("news_article.html")),
            ("__MACOSX/._a.txt", b"\x00\x05\x16\x07"),
            (".DS_Store", b"\x00\x00\x00\x01Bud1"),
        ]
    )
    docs = prepare("batch.zip", data)
    assert [d.name for d in docs] == ["batch.zip/a.txt", "batch.zip/folder/b.html"]
    assert [d.source_name for d in docs] == ["a.txt", "b.html"]
    assert docs[0].text == ARTICLE.decode()


@pytest.mark.parametrize(
    "entries, symlink, message",
    [
        ([("a.txt", ARTICLE), ("inner.zip", _zip([("x.txt", ARTICLE)]))], None, "'inner.zip' is an archive inside the archive"),
        ([("a.txt", ARTICLE), ("sneaky.txt", _zip([("x.txt", ARTICLE)]))], None, "'sneaky.txt' is an archive inside the archive"),
        ([("/etc/passwd.txt", ARTICLE)], None, "'/etc/passwd.txt' has an unsafe path"),
        ([("C:\\evil.txt", ARTICLE)], None, "has an unsafe path"),
        ([("a/../../b.txt", ARTICLE)], None, "'a/../../b.txt' has an unsafe path"),
        ([("a.txt", ARTICLE)], "link.txt", "'link.txt' is a symbolic link"),
        ([("report.pdf", b"%PDF-1.4")], None, "'report.pdf' is not a .txt, .html or .htm file"),
        ([], None, "holds no .txt or .html files"),
    ],
)
def test_hostile_zip_is_refused(entries, symlink, message):
    assert message in rejection("x.zip", _zip(entries, symlink=symlink))


def test_zip_with_too_many_members_is_refused():
    data = _zip([(f"{i}.txt", ARTICLE) for i in range(12)])
    limits = Limits(file_bytes=MB, batch_bytes=10 * MB, zip_members=10)
    assert "x.zip: holds 12 entries; the limit is 10 per zip" in rejection("x.zip", data, limits)


def test_zip_bomb_is_refused_by_its_uncompressed_size():
    # 60 MB of zeros compresses to about 60 KB.
    data = _zip([(f"{i}.txt", b"0" * (20 * MB)) for i in range(3)])
    assert len(data) < MB
    message = rejection("bomb.zip", data)
    assert "bomb.zip: '0.txt' unpacks to 20.0 MB; the limit is 5.0 MB per file" in message
    data = _zip([(f"{i}.txt", b"0" * (4 * MB)) for i in range(15)])
    assert "bomb.zip: unpacks to 60.0 MB; the limit is 50.0 MB per upload" in rejection("bomb.zip", data)


def test_zip_member_lying_about_its_size_is_read_no_further_than_the_limit():
    data = bytearray(_zip([("a.txt", b"A" * (2 * MB))]))
    # Rewrite the declared uncompressed size (central directory and local
    # header) to 100 bytes: the read stops there and the CRC check fails.
    real = (2 * MB).to_bytes(4, "little")
    data = bytes(data).replace(real, (100).to_bytes(4, "little"))
    message = rejection("liar.zip", data)
    assert "liar.zip: 'a.txt' cannot be unpacked" in message


def test_unreadable_zip():
    assert "x.zip: not a readable zip file" in rejection("x.zip", b"PK\x03\x04 this is not really a zip")


def test_fixture_folder_has_a_readme_with_every_fixture():
    readme = (FIXTURES / "README.md").read_text()
    for path in FIXTURES.iterdir():
        if path.name != "README.md":
            assert path.name in readme, path.name


def test_html_declared_charset_is_honoured_when_not_utf8():
    html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>'
        "<article><p>«Мы готовы к переговорам», — заявил министр в понедельник вечером в столице страны.</p>"
        "<p>Переговоры продолжатся на следующей неделе в Женеве, сообщили в министерстве.</p></article>"
        "</body></html>"
    ).encode("cp1251")
    [doc] = prepare("ru.html", html)
    assert "«Мы готовы к переговорам», — заявил министр" in doc.text
