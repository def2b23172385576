"""Contract command (docs/ARCHITECTURE.md, "Contracts"): ingest text or HTML files through the same
service and queue as uploads."""
import json
import time
from datetime import date
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article, UploadItem
from articles.parsing import HTML_SUFFIXES
from articles.services import articles_enqueue
from articles.uploads import IncomingFile, Limits, UploadRejected, upload_documents_prepare, upload_documents_store
from quotes.models import Appearance

SUFFIXES = (".txt", *HTML_SUFFIXES, ".zip")


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
        # The same validate-then-store path as the upload page: a bad file
        # stops the run before anything is stored. No per-run size cap here,
        # bulk runs are meant to be big; the per-file cap still applies.
        limits = Limits(settings.UPLOAD_MAX_FILE_BYTES, None, settings.UPLOAD_MAX_ZIP_MEMBERS)
        try:
            documents = upload_documents_prepare(
                files=[IncomingFile(str(path), path.read_bytes()) for path in files],
                limits=limits,
                progress=lambda it: tqdm(list(it), desc="parse", unit="file", disable=len(files) < 2),
            )
        except UploadRejected as exc:
            raise CommandError("nothing ingested:\n  " + "\n  ".join(exc.errors)) from exc
        documents = [self._with_metadata(doc, meta, outlet, url, published) for doc in documents]
        stored = upload_documents_store(documents=documents, enqueue=not sync)
        created = sum(item.outcome != UploadItem.Outcome.DUPLICATE for item in stored.items)
        ids = list(dict.fromkeys(item.article_id for item in stored.items))
        self.stdout.write(f"{len(documents)} file(s): {created} new or updated, {len(documents) - created} already ingested")
        if stored.worker_available is False:
            self.stderr.write(
                "worker unavailable (broker unreachable): the articles stay queued; "
                "the beat sweep or `manage.py requeue_stale` sends them later"
            )
        if sync:
            self._run_inline(ids)
        elif wait:
            self._wait(ids, timeout, resend=stored.worker_available is False)

    def _with_metadata(self, doc, meta, outlet, url, published):
        info = meta.get(PurePosixPath(doc.name).name, {})
        doc = doc.with_metadata(
            outlet_name=info.get("outlet"),
            url=info.get("url"),
            title=info.get("title"),
            byline=info.get("byline"),
            published=_date(info.get("published")),
        )
        return doc.with_metadata(outlet_name=outlet, url=url, published=published)

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

    def _wait(self, ids, timeout, *, resend):
        if resend:
            # The broker was down at store time: try again now. Only then, as
            # a second message for an article already processing would make
            # two workers extract it at once.
            queued = Article.objects.filter(id__in=ids, status=Article.Status.QUEUED).values_list("id", flat=True)
            articles_enqueue(list(queued))
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
