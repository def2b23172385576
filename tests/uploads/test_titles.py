"""An article's title comes from the manifest or the page, else its first
line; never its file name (issue 15)."""
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.parsing import TITLE_MAX_CHARS, title_from_text

from .conftest import FIXTURES, SEEDS

pytestmark = pytest.mark.django_db


def test_seeds_take_the_manifest_title_or_their_first_line(enqueued, client, journalist):
    call_command("ingest", *sorted(str(p) for p in SEEDS.glob("*.txt")), "--manifest", str(SEEDS / "manifest.json"))
    manifest = json.loads((SEEDS / "manifest.json").read_text())
    client.force_login(journalist)
    for article in Article.objects.all():
        info = manifest[article.source_name]
        first_line = article.text.split("\n", 1)[0].strip()
        assert article.title == (info["title"] or title_from_text(article.text)), article.source_name
        if not info["title"]:
            assert article.title and first_line.startswith(article.title.rstrip("…"))
        page = client.get(reverse("articles:article_detail", args=[article.id])).content.decode()
        assert article.source_name not in page.split("<main", 1)[1].split("</h1>", 1)[0], "the heading is the title"


def test_pasted_text_takes_its_first_line(admin_client, enqueued):
    admin_client.post(reverse("articles:upload"), {"text": "\n  Council votes to reopen the bridge  \nThe council said “we will reopen it,” on Monday."})
    article = Article.objects.get()
    assert article.source_name.startswith("pasted-")
    assert article.title == "Council votes to reopen the bridge"


def test_a_page_title_wins_over_the_first_line(enqueued):
    call_command("ingest", str(FIXTURES / "news_article.html"))
    assert Article.objects.get().title == "Harbour bridge reopens after two years of repairs"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline here\nBody.", "Headline here"),
        ("\n\n   \nSpaced   out\theadline\n", "Spaced out headline"),
        ("", ""),
        ("word " * 100, ("word " * 40).strip() + "…"),
    ],
)
def test_title_from_text(text, expected):
    assert title_from_text(text) == expected
    assert len(title_from_text(text)) <= TITLE_MAX_CHARS + 1
