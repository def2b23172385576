"""Link precision/recall/F1 on the evaluation sets, through the real
pipeline (ingest, extraction, attribution, linking), scored like the team's
quoteval.py `link`.

Each set is linked alone, in an empty database: inside one transaction the
existing rows are set aside (TRUNCATE), the set is ingested and linked,
exported and scored, and the transaction is rolled back. Nothing is
changed, but while a set runs the tables are locked: use a development
database. With `--gold FILE` alone it scores the database as it is."""
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from articles.parsing import parse_document
from articles.services import article_claim, article_ingest
from quotes.evaluation import score_linking
from quotes.linking.match import RULES, Rules
from quotes.nlp import extract_texts, load_pipeline
from quotes.services.extraction import article_apply_extraction

BASE = Path(settings.BASE_DIR)
FIXTURES = BASE / "tests" / "fixtures"
# The seed gold lives in the team's shared folder, beside the checkout (CI)
# or at /work/shared; the other sets carry their gold.
SHARED = [BASE.parent / "shared", BASE.parent.parent / "shared", Path("/work/shared")]
DEFAULT_SETS = [("A", FIXTURES / "heldout"), ("B", FIXTURES / "unseen"), ("C", FIXTURES / "unseen2")]
NOT_GOLD = {"manifest.json"}


@dataclass
class EvalSet:
    name: str
    articles: Path
    gold: Path


class Command(BaseCommand):
    help = (
        "Link F1 (precision, recall) on each evaluation set: seeds, A (heldout), B (unseen), C (unseen2) "
        "and any set folder given, each ingested afresh through the real pipeline in a rolled-back transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folders", nargs="*",
            help="more set folders (article files and a gold JSON), or names of default sets (seeds, A, B, C)",
        )
        parser.add_argument("--only", action="store_true", help="only the sets given, not all the default sets")
        parser.add_argument("--gold", help="score the database as it is against this gold file instead")
        parser.add_argument(
            "--min-run", default="",
            help="comma-separated lengths of the contained run that links a trimmed printing: one row per length",
        )
        parser.add_argument(
            "--reverse", action="store_true",
            help="link the articles in reverse file order (linking must not depend on it)",
        )
        parser.add_argument("--verbose", action="store_true", help="list missed and wrong links")

    def handle(self, *args, folders, only, gold, min_run, reverse, verbose, **options):
        if gold and not folders:
            self._report(gold, _load_gold(Path(gold)), _export(), verbose)
            return
        defaults = _default_sets()
        named = {s.name.split()[0]: s for s in defaults}
        given: list[EvalSet] = []
        for f in folders:
            given += [named[f]] if f in named else _sets_in(Path(f))
        sets = ([] if only else defaults) + given
        if not sets:
            raise CommandError("no evaluation set found")
        runs = [int(n) for n in min_run.split(",") if n.strip()] or [RULES.min_run]
        nlp = load_pipeline(settings.SPACY_MODEL)
        for s in sets:
            gold_data = _load_gold(s.gold)
            docs = _documents(s, gold_data)
            extractions = list(extract_texts(nlp, [d["text"] for d in docs]))
            if reverse:
                docs, extractions = docs[::-1], extractions[::-1]
            for n in runs:
                with RULES.override(min_run=n):
                    score = _link_in_rollback(docs, extractions, gold_data)
                label = s.name if len(runs) == 1 else f"{s.name} min-run {n}"
                self._report(label, gold_data, None, verbose, score=score)

    def _report(self, label, gold_data, export, verbose, *, score=None):
        score = score or score_linking(gold_data, export)
        if verbose:
            for line in score.log:
                self.stdout.write(f"  {line}")
        self.stdout.write(
            f"{label}: link F1 {score.f1:.3f} (precision {score.precision:.3f}, recall {score.recall:.3f}); "
            f"must-link pairs scored {score.linked + score.missed} (+{score.unfound} with a quote not found), "
            f"linked {score.linked}, missed {score.missed}, wrongly linked {score.wrong}"
        )


def _default_sets() -> list[EvalSet]:
    sets = []
    shared = next((p for p in SHARED if (p / "gold" / "seed_quotes.json").exists()), None)
    if shared is not None:
        sets.append(EvalSet("seeds", BASE / "seeds", shared / "gold" / "seed_quotes.json"))
    for name, folder in DEFAULT_SETS:
        sets += [EvalSet(f"{name} ({s.name})", s.articles, s.gold) for s in _sets_in(folder)]
    return sets


def _sets_in(folder: Path) -> list[EvalSet]:
    """A folder with article files and a gold JSON is a set; a folder of
    such folders is one set per subfolder."""
    if not folder.is_dir():
        raise CommandError(f"{folder}: no such folder")
    golds = [p for p in sorted(folder.glob("*.json")) if p.name not in NOT_GOLD and _is_gold(p)]
    if golds:
        return [EvalSet(folder.name if len(golds) == 1 else f"{folder.name}/{g.stem}", folder, g) for g in golds]
    return [s for sub in sorted(p for p in folder.iterdir() if p.is_dir()) for s in _sets_in(sub)]


def _is_gold(path: Path) -> bool:
    try:
        return "quotes" in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return False


def _load_gold(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path}: not a readable gold JSON file ({exc})") from exc


def _documents(s: EvalSet, gold_data: dict) -> list[dict]:
    """The set's articles in file order, with their metadata: the folder's
    manifest.json, else the gold's `articles` (outlet and date only)."""
    manifest_path = s.articles / "manifest.json"
    meta = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    meta = meta or gold_data.get("articles", {})
    names = sorted({Path(q["article"]).name for q in gold_data["quotes"]} | set(meta))
    docs = []
    for name in names:
        path = s.articles / name
        if not path.exists():
            raise CommandError(f"{path}: article file not found")
        info = meta.get(name, {})
        docs.append(dict(
            name=name,
            text=parse_document(name, path.read_bytes()).text,
            outlet=info.get("outlet") or "Unknown outlet",
            url=info.get("url"),
            title=info.get("title") or "",
            published=date.fromisoformat(info["published"]) if info.get("published") else None,
        ))
    return docs


def _link_in_rollback(docs: list[dict], extractions: list, gold_data: dict):
    with transaction.atomic():
        with connection.cursor() as cur:
            # Inside a longer transaction (a test), rows written earlier have
            # deferred foreign-key checks pending, which TRUNCATE refuses.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("TRUNCATE articles_outlet, articles_article, quotes_speaker, quotes_quote CASCADE")
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
        for doc, extraction in zip(docs, extractions):
            article = article_ingest(
                text=doc["text"], source_name=doc["name"], outlet_name=doc["outlet"], url=doc["url"],
                title=doc["title"], published=doc["published"], enqueue=False,
            ).article
            if article_claim(article_id=article.id):
                article_apply_extraction(
                    article_id=article.id, extraction=extraction, content_hash=article.content_hash
                )
        score = score_linking(gold_data, _export())
        transaction.set_rollback(True)
    return score


def _export() -> list[dict]:
    # Score exactly what the export contract prints, as the outside scorer does.
    out = io.StringIO()
    call_command("export_quotes", format="json", stdout=out)
    return json.loads(out.getvalue())
