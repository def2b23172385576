"""`manage.py ingest` goes through the same prepare-and-store service as uploads."""
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Outlet, UploadBatch

from .conftest import FIXTURES, SEEDS

pytestmark = pytest.mark.django_db
SEED_FILES = sorted(str(p) for p in SEEDS.glob("*.txt"))


def _counts():
    return Article.objects.count(), Outlet.objects.count()


def test_ingesting_the_seeds_twice_changes_nothing_the_second_time(capsys, enqueued):
    call_command("ingest", *SEED_FILES, "--manifest", str(SEEDS / "manifest.json"))
    out, err = capsys.readouterr()
    assert "5 file(s): 5 new or updated, 0 already ingested" in out
    assert "parse" in err  # the progress bar of a bulk run
    first = _counts()
    call_command("ingest", *SEED_FILES, "--manifest", str(SEEDS / "manifest.json"))
    assert "5 file(s): 0 new or updated, 5 already ingested" in capsys.readouterr().out
    assert _counts() == first and len(enqueued) == 5
    manifest = json.loads((SEEDS / "manifest.json").read_text())
    for path in SEED_FILES:
        article = Article.objects.get(source_name=path.rsplit("/", 1)[1])
        info = manifest[article.source_name]
        assert article.text == open(path, encoding="utf-8").read()  # exactly as decoded
        assert article.outlet.name == info["outlet"] and str(article.published) == info["published"]
        assert article.url == info["url"]


def test_flags_override_the_page(enqueued):
    call_command(
        "ingest", str(FIXTURES / "news_article.html"), "--outlet", "Flag Outlet", "--url", "https://f.example/x",
        "--published", "2024-01-02",
    )
    article = Article.objects.get()
    assert (article.outlet.name, article.url, str(article.published)) == (
        "Flag Outlet", "https://f.example/x", "2024-01-02"
    )
    assert article.title == "Harbour bridge reopens after two years of repairs"  # still from the page


def test_a_bad_file_stops_the_run_before_anything_is_stored(enqueued):
    with pytest.raises(CommandError) as exc:
        call_command("ingest", SEED_FILES[0], str(FIXTURES / "image.png"), str(FIXTURES / "empty.txt"))
    assert "image.png: the file is a PNG image" in str(exc.value) and "empty.txt: the file is empty" in str(exc.value)
    assert (_counts(), UploadBatch.objects.count(), enqueued) == ((0, 0), 0, [])


def test_broker_down_keeps_articles_queued_and_says_so(broker_down, capsys):
    call_command("ingest", *SEED_FILES[:2])
    out, err = capsys.readouterr()
    assert "2 new" in out and "worker unavailable" in err
    assert set(Article.objects.values_list("status", flat=True)) == {"queued"}
