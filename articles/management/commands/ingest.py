"""Contract command (DESIGN.md): ingest text or HTML files through the same
service and queue as uploads."""
import json
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article
from articles.parsing import HTML_SUFFIXES, ParseError, parse_document
from articles.services import article_enqueue, article_ingest
from quotes.models import Appearance

SUFFIXES = (".txt", *HTML_SUFFIXES)


class Command(BaseCommand):
    help = "Ingest article files (or folders of them); re-ingesting the same content changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--manifest", help="JSON: {file name: {outlet, url, published, byline, title}}")
        parser.add_argument("--outlet")
        parser.add_argument("--url")
        parser.add_argument("--published", type=date.fromisoformat, help="YYYY-MM-DD")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--sync", action="store_true", help="extract in this process, no worker")
        mode.add_argument("--wait", action="store_true", help="enqueue, then wait for the worker")
        parser.add_argument("--timeout", type=int, default=900, help="seconds to --wait")

    def handle(self, *args, paths, manifest, outlet, url, published, sync, wait, timeout, **options):
        files = self._files(paths)
        if url and len(files) > 1:
            raise CommandError("--url names one article; give one file with it.")
        meta = self._manifest(manifest, files)
        ids, created = [], 0
        for path in tqdm(files, desc="ingest", unit="file", disable=len(files) < 2):
            info = meta.get(path.name, {})
            try:
                doc = parse_document(path.name, path.read_bytes())
            except ParseError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            result = article_ingest(
                text=doc.text,
                source_name=path.name,
                outlet_name=outlet or info.get("outlet") or doc.outlet or "Unknown outlet",
                url=url or info.get("url") or doc.url,
                title=info.get("title") or doc.title or "",
                byline=info.get("byline") or doc.byline or "",
                published=published or _date(info.get("published")) or doc.published,
                enqueue=not sync,
            )
            created += result.created or result.updated
            ids.append(result.article.id)
        self.stdout.write(f"{len(files)} file(s): {created} new or updated, {len(files) - created} already ingested")
        if sync:
            self._run_inline(ids)
        elif wait:
            self._wait(ids, timeout)

    def _files(self, paths):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder")
        if not files:
            raise CommandError("no .txt or .html files to ingest")
        return files

    def _manifest(self, manifest, files):
        if manifest is None:
            beside = files[0].parent / "manifest.json"
            if not beside.exists():
                return {}
            manifest = beside
        try:
            return json.loads(Path(manifest).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{manifest}: not a readable JSON manifest ({exc})") from exc

    def _run_inline(self, ids):
        from quotes.nlp import load_pipeline
        from quotes.services.extraction import article_extract

        nlp = load_pipeline(settings.SPACY_MODEL)
        for article_id in tqdm(ids, desc="extract", unit="article", disable=len(ids) < 2):
            article_extract(article_id=article_id, nlp=nlp)
        self._report(ids)

    def _wait(self, ids, timeout):
        # Articles stuck in queued (broker was down) are sent again here too.
        for article_id in Article.objects.filter(id__in=ids, status=Article.Status.QUEUED).values_list("id", flat=True):
            article_enqueue(article_id)
        deadline = time.monotonic() + timeout
        finished = (Article.Status.DONE, Article.Status.FAILED)
        with tqdm(total=len(ids), desc="extract", unit="article") as bar:
            while True:
                n = Article.objects.filter(id__in=ids, status__in=finished).count()
                bar.update(n - bar.n)
                if n == len(ids):
                    break
                if time.monotonic() > deadline:
                    raise CommandError(f"timed out after {timeout}s: {len(ids) - n} article(s) not processed; is the worker running?")
                time.sleep(0.5)
        self._report(ids)

    def _report(self, ids):
        failed = Article.objects.filter(id__in=ids, status=Article.Status.FAILED)
        for article in failed:
            self.stderr.write(f"failed: {article.source_name}: {article.error}")
        quotes = Appearance.objects.filter(article_id__in=ids).count()
        self.stdout.write(f"processed {len(ids)} article(s), {quotes} appearance(s), {failed.count()} failed")
        if failed.exists():
            raise CommandError(f"{failed.count()} article(s) failed")


def _date(value):
    return date.fromisoformat(value) if value else None
