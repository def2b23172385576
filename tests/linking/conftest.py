"""Seed articles linked from the GOLD spans, to develop and score linking
independently of extraction quality. Test-only: product code never reads gold."""
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.parsing import parse_document
from articles.services import article_ingest
from quotes.nlp import ArticleExtraction, ExtractedQuote, Person, Span
from quotes.services.extraction import article_apply_extraction
from tests.shared_dir import QUOTEVAL, SHARED, require_shared  # noqa: F401 (QUOTEVAL is imported by the tests)

SEEDS = Path(settings.BASE_DIR) / "seeds"
GOLD = SHARED / "gold" / "seed_quotes.json"


@pytest.fixture(scope="session")
def gold():
    require_shared(GOLD)  # skips without ../shared, fails under CI=true
    return json.loads(GOLD.read_text(encoding="utf-8"))


def ingest_seeds():
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    articles = {}
    for path in sorted(SEEDS.glob("*.txt")):
        info = manifest.get(path.name, {})
        result = article_ingest(
            text=parse_document(path.name, path.read_bytes()).text,
            source_name=path.name,
            outlet_name=info.get("outlet") or "Unknown outlet",
            url=info.get("url"),
            title=info.get("title") or "",
            published=date.fromisoformat(info["published"]) if info.get("published") else None,
            enqueue=False,
        )
        articles[path.name] = result.article
    return articles


def gold_extraction(text: str, quotes: list[dict], *, join_splits: bool = True) -> ArticleExtraction:
    """The gold quotes of one article as if extraction had found them; with
    `join_splits`, gold segments of one utterance that follow each other (a
    quotation split by its attribution) become one quote with several spans."""
    found: list[list[dict]] = []
    for q in sorted(quotes, key=lambda q: q["start"]):
        prev = found[-1][-1] if found else None
        if join_splits and prev and prev["speaker"] == q["speaker"] and set(prev["utterances"]) & set(q["utterances"]):
            found[-1].append(q)
        else:
            found.append([q])
    extracted = tuple(
        ExtractedQuote(
            spans=tuple(Span(q["start"], q["end"], text[q["start"]:q["end"]]) for q in group),
            kind=group[0]["kind"],
            speaker=group[0]["speaker"],
            speaker_as_written=group[0]["speaker"],
            cue="said",
            # In the seeds' gold, the optional quotes are the groups' ("NATO members").
            is_group=not group[0]["required"],
        )
        for group in found
    )
    people = tuple(Person(name=n, aliases=(), descriptions=()) for n in sorted({q["speaker"] for q in quotes}))
    return ArticleExtraction(quotes=extracted, people=people)


def link_from_gold(articles: dict, gold: dict, order=None, *, join_splits: bool = True) -> None:
    for name in order or sorted(articles):
        article = articles[name]
        quotes = [q for q in gold["quotes"] if q["article"] == name]
        extraction = gold_extraction(article.text, quotes, join_splits=join_splits)
        article_apply_extraction(article_id=article.id, extraction=extraction)


def export() -> list[dict]:
    out = io.StringIO()
    call_command("export_quotes", format="json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def seed_articles(db):
    return ingest_seeds()
