"""Contract command (docs/ARCHITECTURE.md, "Contracts"): ingest text or HTML files through the same
service and queue as uploads.

Files named one by one are checked all together first, as an upload is: one
bad file stops the run. A directory, a zip or a JSON-lines file is a bulk
backfill (`articles/backfill.py`): streamed in batches, bad records reported
and passed over, and a re-run after a kill skips what is stored already."""
import json
import sys
import time
from collections import Counter
from datetime import date
from itertools import batched
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.backfill import BadRecord, backfill_count, backfill_records, backfill_store_batch, is_bulk_path
from articles.models import Article, UploadItem
from articles.services import articles_enqueue
from articles.uploads import IncomingFile, Limits, UploadRejected, upload_documents_prepare, upload_documents_store
from quotes.models import Appearance


class Command(BaseCommand):
    help = (
        "Ingest article files; or backfill a folder, a zip or a JSON-lines file of them (streamed, resumable). "
        "Re-ingesting the same content changes nothing."
    )

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
        parser.add_argument(
            "--batch-size", type=int, default=200, help="backfill: articles stored (and enqueued) per transaction"
        )

    def handle(self, *args, paths, manifest, outlet, url, published, sync, wait, timeout, batch_size, **options):
        if any(is_bulk_path(Path(name)) for name in paths):
            return self._backfill(paths, manifest, outlet, url, published, sync, wait, batch_size)
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

    def _backfill(self, names, manifest, outlet, url, published, sync, wait, batch_size):
        if url:
            raise CommandError("--url names one article; in a backfill give each record its own url.")
        if wait:
            raise CommandError(
                "--wait does not apply to a backfill; follow it on the articles' status list or in the database."
            )
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        paths = [Path(name) for name in names]
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path}: no such file or folder")
        meta = self._manifest(manifest, paths) if manifest else None
        limits = Limits(settings.UPLOAD_MAX_FILE_BYTES, None, settings.UPLOAD_MAX_ZIP_MEMBERS)
        nlp = self._pipeline() if sync else None
        counts = Counter()
        warned = False
        # Counting first costs a second pass over names and lines (not
        # texts), and buys a bar with the rate and the time left.
        with tqdm(total=backfill_count(paths), desc="backfill", unit="article", smoothing=0.1) as bar:
            for chunk in batched(backfill_records(paths, manifest=meta), batch_size):
                bad = [r for r in chunk if isinstance(r, BadRecord)]
                records = [r for r in chunk if not isinstance(r, BadRecord)]
                outcome = backfill_store_batch(
                    records=records, limits=limits, overrides={"outlet": outlet, "published": published},
                    enqueue=not sync,
                )
                for problem in bad + outcome.bad:
                    tqdm.write(f"bad record: {problem}", file=sys.stderr)
                if outcome.worker_available is False and not warned:
                    warned = True
                    tqdm.write(
                        "worker unavailable (broker unreachable): the articles stay queued; "
                        "the beat sweep or `manage.py requeue_stale` sends them later",
                        file=sys.stderr,
                    )
                if nlp is not None:
                    self._extract(outcome.created, nlp)
                counts.update(
                    records=len(chunk), new=len(outcome.created), url=outcome.seen_url,
                    content=outcome.seen_content, bad=len(bad) + len(outcome.bad),
                )
                bar.update(len(chunk))
        self.stdout.write(
            f"backfill: {counts['records']} record(s): {counts['new']} new, "
            f"{counts['url'] + counts['content']} already ingested ({counts['url']} by URL, "
            f"{counts['content']} by content), {counts['bad']} bad"
        )
        if counts["bad"]:
            raise CommandError(
                f"{counts['bad']} bad record(s) passed over, each named above; the rest are stored. "
                "Fix them and run again: what is stored already is skipped."
            )

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
            if path.is_file():
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
        nlp = self._pipeline()
        for article_id in tqdm(ids, desc="extract", unit="article", disable=len(ids) < 2):
            self._extract([article_id], nlp)
        self._report(ids)

    def _pipeline(self):
        from quotes.nlp import load_pipeline

        return load_pipeline(settings.SPACY_MODEL)

    def _extract(self, ids, nlp):
        from quotes.services.extraction import article_extract

        for article_id in ids:
            article_extract(article_id=article_id, nlp=nlp)

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
