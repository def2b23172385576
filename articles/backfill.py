"""Bulk backfill: stream a directory, a zip or a JSON-lines file of articles
into the database in batches, the way `manage.py ingest` takes them.

Unlike an upload, a backfill is not all-or-nothing: an archive of a million
articles always holds a few bad ones, and refusing the lot for them would
make it unloadable. Each bad record is reported (where it is and why) and
passed over; the rest are stored.

Nothing is read whole: files are listed, not loaded; a zip's members and a
JSON-lines file's lines are read one at a time. Each batch is stored in one
transaction (`upload_documents_store`) and enqueued after its commit, so a
kill loses at most the batch in hand, and a re-run skips what is stored
already: by URL before parsing (cheap: no trafilatura), by content hash
after. The first record with a given URL wins, within a batch as across
runs, so a resumed run stores exactly what an uninterrupted one would.

JSON-lines fields, one article per line (blank lines are ignored):
  text | html   the article as plain text, or as an HTML page (exactly one)
  outlet        the publication's name (else the page's site name, else the URL's domain)
  url           the article's URL (http or https); also its identity for re-runs
  published     YYYY-MM-DD
  title, byline optional
  name          optional source name (default: the URL, else FILE:LINE)
Unknown fields are ignored, so exports from other tools load as they are.
"""
import json
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings

from .models import Article, UploadItem
from .parsing import HTML_SUFFIXES, TEXT_SUFFIXES, ParseError
from .services import content_hash
from .uploads import (
    Document,
    IncomingFile,
    Limits,
    _mb,
    _prepare_one,
    _zip_member_problem,
    upload_documents_store,
)

JSONL_SUFFIXES = (".jsonl", ".ndjson")
ZIP_SUFFIXES = (".zip",)
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES)
MANIFEST_NAME = "manifest.json"
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BZh", b"\xfd7zXZ")


def is_bulk_path(path: Path) -> bool:
    """A directory, a zip or a JSON-lines file: streamed as a backfill."""
    return path.is_dir() or path.suffix.lower() in (*JSONL_SUFFIXES, *ZIP_SUFFIXES)


@dataclass(frozen=True)
class Record:
    """One article as found in the input, not yet parsed."""

    where: str  # for messages: "archive.jsonl:17", "folder/a.html", "batch.zip/a.html"
    name: str  # what the parser sees: its suffix says HTML or text
    data: bytes
    source_name: str = ""
    outlet: str = ""
    url: str | None = None
    published: date | None = None
    title: str = ""
    byline: str = ""


@dataclass(frozen=True)
class BadRecord:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class BatchOutcome:
    created: list[int] = field(default_factory=list)  # article ids stored by this batch
    seen_url: int = 0  # skipped: an article with this URL is stored already
    seen_content: int = 0  # skipped: the same text is stored already
    bad: list[BadRecord] = field(default_factory=list)
    worker_available: bool | None = None


def backfill_count(paths: list[Path]) -> int:
    """How many records the input holds, for the progress bar; streams too."""
    return sum(1 for _ in _walk(paths, count_only=True))


def backfill_records(paths: list[Path], *, manifest: dict | None = None) -> Iterator[Record | BadRecord]:
    """Every record of the inputs, in a stable order (so a re-run meets them
    in the same order), each read only when reached."""
    yield from _walk(paths, manifest=manifest)


def backfill_store_batch(
    *, records: list[Record], limits: Limits, overrides: dict, enqueue: bool = True
) -> BatchOutcome:
    """Parse and store one batch: skip what is stored already, report bad
    records, store the rest in one transaction, enqueue them after it."""
    out = BatchOutcome()
    records = _apply(records, overrides)
    # Skip by URL before parsing: resuming a run over HTML pages must not pay
    # trafilatura again for everything stored before the kill.
    stored_urls = _stored_urls(r.url for r in records)
    documents: list[Document] = []
    batch_urls: set[str] = set()
    batch_hashes: set[str] = set()
    for record in records:
        if record.url and (record.url in stored_urls or record.url in batch_urls):
            out.seen_url += 1
            continue
        try:
            doc = _document(record, limits)
        except ParseError as exc:
            out.bad.append(BadRecord(record.where, str(exc)))
            continue
        except (RecursionError, MemoryError, ValueError, LookupError) as exc:
            out.bad.append(BadRecord(record.where, f"the record could not be read ({type(exc).__name__})"))
            continue
        digest = content_hash(doc.text)
        # A URL found only by parsing (an HTML page's canonical link) counts too.
        if doc.url and doc.url != record.url and (doc.url in batch_urls or doc.url in _stored_urls([doc.url])):
            out.seen_url += 1
            continue
        if digest in batch_hashes:
            out.seen_content += 1
            continue
        batch_hashes.add(digest)
        if doc.url:
            batch_urls.add(doc.url)
        documents.append(doc)
    stored_hashes = set(Article.objects.filter(content_hash__in=batch_hashes).values_list("content_hash", flat=True))
    fresh = [d for d in documents if content_hash(d.text) not in stored_hashes]
    out.seen_content += len(documents) - len(fresh)
    if fresh:
        stored = upload_documents_store(documents=fresh, enqueue=enqueue, grouped=True)
        out.created = [i.article_id for i in stored.items if i.outcome != UploadItem.Outcome.DUPLICATE]
        # A race with another ingest of the same text is still a duplicate.
        out.seen_content += sum(i.outcome == UploadItem.Outcome.DUPLICATE for i in stored.items)
        out.worker_available = stored.worker_available
    return out


def parse_jsonl_line(line: bytes, where: str, default_name: str = "") -> Record | BadRecord:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return BadRecord(where, f"not valid JSON ({exc})")
    if not isinstance(obj, dict):
        return BadRecord(where, "not a JSON object")
    has_text, has_html = obj.get("text") is not None, obj.get("html") is not None
    if has_text == has_html:
        return BadRecord(where, 'needs exactly one of "text" and "html"')
    body = obj["text"] if has_text else obj["html"]
    if not isinstance(body, str):
        return BadRecord(where, f'"{"text" if has_text else "html"}" must be a string')
    if not body.strip():
        return BadRecord(where, f'"{"text" if has_text else "html"}" is empty')
    for key in ("outlet", "url", "published", "title", "byline", "name"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return BadRecord(where, f'"{key}" must be a string')
    url = (obj.get("url") or "").strip() or None
    if url and (len(url) > 1000 or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        return BadRecord(where, f"url {url[:80]!r} is not an http(s) URL of at most 1,000 characters")
    try:
        published = date.fromisoformat(obj["published"]) if obj.get("published") else None
    except ValueError:
        return BadRecord(where, f"published {obj['published'][:40]!r} is not a YYYY-MM-DD date")
    return Record(
        where=where,
        name="record.txt" if has_text else "record.html",
        data=body.encode("utf-8", "surrogatepass"),
        source_name=(obj.get("name") or url or default_name or where)[:500],
        outlet=obj.get("outlet") or "",
        url=url,
        published=published,
        title=obj.get("title") or "",
        byline=obj.get("byline") or "",
    )


def _walk(paths, *, manifest=None, count_only=False):
    for path in paths:
        if path.is_dir():
            yield from _walk_dir(path, manifest, count_only)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from _walk_jsonl(path, count_only)
        elif path.suffix.lower() in ZIP_SUFFIXES:
            yield from _walk_zip(path, manifest, count_only)
        else:
            yield None if count_only else _file_record(path, path.name, manifest)


def _walk_dir(root: Path, manifest, count_only):
    # Sorted at every level, so a re-run meets the files in the same order.
    manifest = manifest if manifest is not None else _read_manifest(root / MANIFEST_NAME)
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if name == MANIFEST_NAME or name.startswith("."):
                continue
            suffix = path.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                yield from _walk_jsonl(path, count_only)
            elif suffix in ZIP_SUFFIXES:
                yield from _walk_zip(path, manifest, count_only)
            elif count_only:
                yield None
            elif suffix not in DOCUMENT_SUFFIXES:
                yield BadRecord(str(path), "not a .txt, .html, .htm, .jsonl or .zip file; passed over")
            else:
                yield _file_record(path, str(path.relative_to(root.parent)), manifest)


def _walk_jsonl(path: Path, count_only):
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield BadRecord(str(path), f"cannot be read ({exc.strerror})")
        return
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            yield None if count_only else parse_jsonl_line(line, f"{path}:{number}", f"{path.name}:{number}")


def _walk_zip(path: Path, manifest, count_only):
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        yield BadRecord(str(path), "not a readable zip file")
        return
    # Files are never written out of the zip, so an unsafe path is harmless
    # here; per-member problems (encrypted, nested archive, too big) are the
    # upload's own checks, with no limit on the number of members.
    limits = Limits(_file_cap(), None, 0)
    with zf:
        if manifest is None and MANIFEST_NAME in zf.namelist():
            manifest = _json_or_empty(zf.read(MANIFEST_NAME))
        for info in zf.infolist():
            if PurePosixPath(info.filename).name == MANIFEST_NAME:
                continue
            problem = _zip_member_problem(info, limits)
            if problem == "skip":
                continue
            if count_only:
                yield None
                continue
            where = f"{path}/{info.filename}"
            if problem:
                yield BadRecord(where, problem)
                continue
            try:
                with zf.open(info) as fh:
                    # One byte past the per-file cap: enough to refuse it,
                    # never the whole of a member that lies about its size.
                    data = fh.read(_file_cap() + 1)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                yield BadRecord(where, f"cannot be unpacked ({exc})")
                continue
            if data.startswith(_ARCHIVE_MAGIC):
                yield BadRecord(where, "is an archive inside the archive; unpack it first")
                continue
            yield _with_manifest(Record(where=where, name=info.filename, data=data), manifest)


def _file_record(path: Path, shown: str, manifest) -> Record | BadRecord:
    try:
        size = path.stat().st_size
        if size > _file_cap():
            return BadRecord(str(path), f"the file is {_mb(size)}; the limit is {_mb(_file_cap())} per file")
        data = path.read_bytes()
    except OSError as exc:
        return BadRecord(str(path), f"cannot be read ({exc.strerror})")
    return _with_manifest(Record(where=str(path), name=shown, data=data), manifest)


def _with_manifest(record: Record, manifest) -> Record | BadRecord:
    info = (manifest or {}).get(PurePosixPath(record.name).name) or {}
    try:
        published = date.fromisoformat(info["published"]) if info.get("published") else None
    except (TypeError, ValueError):
        return BadRecord(record.where, f"the manifest's date {info.get('published')!r} is not YYYY-MM-DD")
    return replace(
        record, outlet=info.get("outlet") or "", url=info.get("url") or None, published=published,
        title=info.get("title") or "", byline=info.get("byline") or "",
    )


def _apply(records: list[Record], overrides: dict) -> list[Record]:
    values = {k: v for k, v in overrides.items() if v not in (None, "")}
    return [replace(r, **values) for r in records] if values else records


def _document(record: Record, limits: Limits) -> Document:
    doc = _prepare_one(IncomingFile(record.name, record.data), limits)
    doc = doc.with_metadata(
        outlet_name=record.outlet, url=record.url, published=record.published, title=record.title,
        byline=record.byline,
    )
    if record.source_name:
        doc = replace(doc, source_name=record.source_name)
    return replace(doc, name=record.where)


def _stored_urls(urls) -> set[str]:
    urls = {u for u in urls if u}
    return set(Article.objects.filter(url__in=urls).values_list("url", flat=True)) if urls else set()


def _read_manifest(path: Path) -> dict:
    try:
        return _json_or_empty(path.read_bytes())
    except OSError:
        return {}


def _json_or_empty(data: bytes) -> dict:
    try:
        value = json.loads(data)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _file_cap() -> int:
    return settings.UPLOAD_MAX_FILE_BYTES
