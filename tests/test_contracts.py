"""The command-line contracts in docs/ARCHITECTURE.md, which outside scorers rely on."""
import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_extract_quotes_needs_no_database_and_offsets_index_the_file():
    # A scorer's bare environment: no settings module, no secrets, no database.
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    out = subprocess.run(
        [sys.executable, "manage.py", "extract_quotes", *map(str, SEEDS), "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    result = json.loads(out)
    assert [r["file"] for r in result] == list(map(str, SEEDS))
    total = 0
    for entry in result:
        text = Path(entry["file"]).read_text(encoding="utf-8")
        for q in entry["quotes"]:
            assert set(q) >= {"speaker", "text", "start", "end", "kind", "cue"}
            assert q["kind"] in {"direct", "partial", "indirect"}
            assert text[q["start"]:q["end"]] == q["text"]
            total += 1
    assert total > 40


def test_extract_quotes_reports_unreadable_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "manage.py", "extract_quotes", str(empty)],
        cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode != 0
    assert "empty" in proc.stderr


def _row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in {"articles", "quotes"}}


@pytest.mark.django_db
def test_ingest_sync_twice_changes_nothing_and_export_matches_contract():
    args = [*map(str, SEEDS), "--manifest", str(ROOT / "seeds" / "manifest.json"), "--sync"]
    call_command("ingest", *args, stdout=StringIO())
    first = _row_counts()
    call_command("ingest", *args, stdout=StringIO())
    assert _row_counts() == first
    assert set(Article.objects.values_list("status", flat=True)) == {"done"}

    out = StringIO()
    call_command("export_quotes", "--format", "json", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported
    names = {p.name for p in SEEDS}
    for quote in exported:
        assert set(quote) >= {"id", "speaker", "text", "appearances"}
        for a in quote["appearances"]:
            assert a["article"] in names
            assert set(a) >= {"article", "outlet", "text", "start", "end"}
            text = (ROOT / "seeds" / a["article"]).read_text(encoding="utf-8")
            assert text[a["start"]:a["end"]] == a["text"]


@pytest.mark.django_db
def test_ingest_uses_manifest_metadata():
    call_command("ingest", str(SEEDS[0]), "--manifest", str(ROOT / "seeds" / "manifest.json"), stdout=StringIO())
    article = Article.objects.get()
    assert article.outlet.name == "Euromaidan Press"
    assert str(article.published) == "2025-02-14"
    assert article.status == Article.Status.QUEUED  # no worker in this test; on_commit not run


@pytest.mark.django_db
def test_ingest_rejects_missing_path():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", "does-not-exist.txt")
