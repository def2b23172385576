"""One parse-and-ingest path for the upload page, the API and `manage.py ingest`.

Three steps, in this order (pretix's modelimport does the same):
1. `upload_documents_prepare`: check and parse every document, outside any
   transaction (trafilatura is slow), and refuse the whole upload with every
   problem named if any document is bad, so nothing is stored.
2. `upload_documents_store`: one short transaction that writes the articles
   and their batch, so a failure part-way leaves no orphan rows (and an
   upload of nothing new writes no row at all).
3. Enqueue by id after the commit; a broker outage leaves the articles queued
   for the stale sweep, and the batch remembers that the worker was away.
"""
import hashlib
import io
import logging
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction

from .models import Article, Outlet, UploadBatch, UploadItem, UploadOriginal
from .parsing import HTML_SUFFIXES, TEXT_SUFFIXES, ParsedDocument, ParseError, parse_document
from .services import article_ingest, articles_enqueue, articles_enqueue_grouped, url_domain

logger = logging.getLogger(__name__)

ZIP_SUFFIX = ".zip"
DOCUMENT_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES)
ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".jar", ".docx", ".odt", ".epub")
_ARCHIVE_MAGIC = (b"PK\x03\x04", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"BZh", b"\xfd7zXZ")
# Operating-system clutter that zip tools add; not documents, safe to pass over.
_ZIP_CLUTTER = ("__MACOSX/",)
PASTED_NAME = "pasted text"


class UploadRejected(ValueError):
    """The upload as a whole is refused; `errors` says why, one line per problem."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class Limits:
    file_bytes: int | None
    batch_bytes: int | None
    zip_members: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(settings.UPLOAD_MAX_FILE_BYTES, settings.UPLOAD_MAX_BATCH_BYTES, settings.UPLOAD_MAX_ZIP_MEMBERS)


@dataclass(frozen=True)
class Document:
    """A validated, parsed document with the metadata it will be stored with."""

    name: str  # as shown to the user, e.g. "batch.zip/a.html"
    source_name: str  # Article.source_name: the file name, or the URL
    text: str
    title: str = ""
    byline: str = ""
    published: date | None = None
    outlet_name: str = ""
    url: str | None = None
    is_html: bool = False
    original: bytes = field(default=b"", repr=False)  # the bytes as uploaded
    encoding: str = ""  # how the bytes were read, and what to check if not cleanly
    decode_warning: str = ""

    def with_metadata(self, **values) -> "Document":
        """Overrides given by the user; empty values keep what was derived."""
        return replace(self, **{k: v for k, v in values.items() if v not in (None, "")})


@dataclass(frozen=True)
class StoredBatch:
    # None when every document was already ingested: a repeat upload stores
    # no row at all, not even a batch (idempotent, like every ingest path).
    batch: UploadBatch | None
    items: list[UploadItem]  # unsaved when batch is None
    worker_available: bool | None  # None: nothing was sent (duplicates only, or enqueue=False)

    @property
    def new_article_ids(self) -> list[int]:
        return list(dict.fromkeys(i.article_id for i in self.items if i.outcome != UploadItem.Outcome.DUPLICATE))

    @property
    def article_ids(self) -> list[int]:
        return list(dict.fromkeys(i.article_id for i in self.items))


def upload_documents_prepare(
    *,
    files: Iterable[IncomingFile] = (),
    pasted_text: str = "",
    limits: Limits | None = None,
    progress: Callable[[Iterable], Iterable] = lambda it: it,
) -> list[Document]:
    """Check and parse everything; raise UploadRejected naming every problem."""
    limits = limits or Limits.from_settings()
    files = list(files)
    if pasted_text.strip():
        # Browsers send a textarea with CRLF line endings whatever was pasted;
        # pasted text has no gold offsets to keep, so fold them.
        files.append(IncomingFile(PASTED_NAME, pasted_text.replace("\r\n", "\n").encode("utf-8")))
    if not files:
        raise UploadRejected(["Nothing to upload: choose one or more files, or paste the article's text."])
    total = sum(len(f.data) for f in files)
    if limits.batch_bytes is not None and total > limits.batch_bytes:
        raise UploadRejected(
            [f"The upload is {_mb(total)}; the limit is {_mb(limits.batch_bytes)} per upload. Send fewer files at once."]
        )
    errors: list[str] = []
    expanded: list[IncomingFile] = []
    for incoming in files:
        if _is_zip(incoming):
            members, zip_errors = _zip_members(incoming, limits)
            expanded += members
            errors += zip_errors
        else:
            expanded.append(incoming)
    documents = []
    for incoming in progress(expanded):
        try:
            documents.append(_prepare_one(incoming, limits))
        except ParseError as exc:
            errors.append(f"{incoming.name}: {exc}")
        except (RecursionError, MemoryError, ValueError, LookupError) as exc:
            # A parser choking on a pathological file is that file's problem,
            # not a server error for the whole upload.
            logger.warning("could not parse %s", incoming.name, exc_info=True)
            errors.append(f"{incoming.name}: the file could not be read ({type(exc).__name__})")
    if errors:
        raise UploadRejected(errors)
    return documents


def upload_documents_store(
    *,
    documents: list[Document],
    created_by=None,
    outlet: Outlet | None = None,
    enqueue: bool = True,
    grouped: bool = False,
) -> StoredBatch:
    """Write the articles and their batch in one transaction, then enqueue by
    id; `grouped` (a bulk backfill) sends them in groups (articles_enqueue_grouped)."""
    with transaction.atomic():
        items = []
        for doc in documents:
            result = article_ingest(
                text=doc.text,
                source_name=doc.source_name,
                outlet=outlet,
                outlet_name=doc.outlet_name or _outlet_name_for_url(doc.url),
                url=doc.url,
                title=doc.title,
                byline=doc.byline,
                published=doc.published,
                enqueue=False,
            )
            if result.created:
                outcome = UploadItem.Outcome.CREATED
            elif result.updated:
                outcome = UploadItem.Outcome.UPDATED
            else:
                outcome = UploadItem.Outcome.DUPLICATE
            items.append(UploadItem(article=result.article, name=doc.name[:500], outcome=outcome,
                                    encoding=doc.encoding, warning=doc.decode_warning))
        batch = None
        if any(item.outcome != UploadItem.Outcome.DUPLICATE for item in items):
            batch = UploadBatch.objects.create(created_by=created_by)
            for item in items:
                item.batch = batch
            UploadItem.objects.bulk_create(items)
            # The source of every article this upload created or changed
            # (a duplicate's source is already kept with its first upload).
            UploadOriginal.objects.bulk_create(
                UploadOriginal(item=item, data=doc.original, size=len(doc.original),
                               sha256=hashlib.sha256(doc.original).hexdigest())
                for item, doc in zip(items, documents)
                if item.outcome != UploadItem.Outcome.DUPLICATE and doc.original
            )
    stored = StoredBatch(batch=batch, items=items, worker_available=None)
    # After the commit, so no task can run before its row is visible.
    if enqueue and stored.new_article_ids:
        send = articles_enqueue_grouped if grouped else articles_enqueue
        available = send(stored.new_article_ids)
        if not available:
            UploadBatch.objects.filter(id=batch.id).update(worker_available=False)
            batch.worker_available = False
        stored = replace(stored, worker_available=available)
    return stored


def upload_submit(
    *,
    files: Iterable[IncomingFile] = (),
    pasted_text: str = "",
    outlet: Outlet | None = None,
    new_outlet_name: str = "",
    url: str | None = None,
    published: date | None = None,
    title: str = "",
    created_by=None,
) -> StoredBatch:
    """The upload page's and the API's whole job: prepare, apply what the user
    gave, store, enqueue. Raises UploadRejected with nothing stored."""
    documents = upload_documents_prepare(files=files, pasted_text=pasted_text)
    documents = documents_with_metadata(
        documents, url=url, title=title, published=published, outlet_name=new_outlet_name.strip()
    )
    return upload_documents_store(documents=documents, created_by=created_by, outlet=outlet)


def documents_with_metadata(
    documents: list[Document], *, url=None, title="", published=None, byline="", outlet_name=""
) -> list[Document]:
    """Apply the metadata typed by the user over what was derived."""
    if len(documents) > 1 and (url or title):
        what = "A URL" if url else "A title"
        raise UploadRejected(
            [f"{what} names one article, but this upload holds {len(documents)}; upload one file with it."]
        )
    out = []
    for doc in documents:
        doc = doc.with_metadata(url=url, title=title, published=published, byline=byline, outlet_name=outlet_name)
        if doc.name == PASTED_NAME and doc.url:
            doc = replace(doc, source_name=doc.url[:500])
        out.append(doc)
    return out


def articles_progress(article_ids) -> dict:
    """Counts for "3 of 5 done": each article once, however often it was listed."""
    statuses = dict(Article.objects.filter(id__in=list(article_ids)).values_list("id", "status"))
    finished = sum(s in (Article.Status.DONE, Article.Status.FAILED) for s in statuses.values())
    return {
        "total": len(statuses),
        "done": sum(s == Article.Status.DONE for s in statuses.values()),
        "failed": sum(s == Article.Status.FAILED for s in statuses.values()),
        "finished": finished,
        "all_finished": finished == len(statuses),
    }


def _prepare_one(incoming: IncomingFile, limits: Limits) -> Document:
    if not incoming.data.strip():
        raise ParseError("the file is empty")
    if limits.file_bytes is not None and len(incoming.data) > limits.file_bytes:
        raise ParseError(f"the file is {_mb(len(incoming.data))}; the limit is {_mb(limits.file_bytes)} per file")
    parsed: ParsedDocument = parse_document(incoming.name, incoming.data)
    source_name = PurePosixPath(incoming.name).name
    if incoming.name == PASTED_NAME:
        # Unique and stable for the text, so that exports can refer to it.
        source_name = f"pasted-{hashlib.sha256(incoming.data).hexdigest()[:12]}.txt"
    return Document(
        name=incoming.name,
        source_name=source_name,
        text=parsed.text,
        title=parsed.title,
        byline=parsed.byline,
        published=parsed.published,
        outlet_name=parsed.outlet,
        url=parsed.url,
        is_html=parsed.is_html,
        original=incoming.data,
        encoding=parsed.encoding,
        decode_warning=parsed.decode_warning,
    )


def _is_zip(incoming: IncomingFile) -> bool:
    return incoming.name.lower().endswith(ZIP_SUFFIX)


def _zip_members(archive: IncomingFile, limits: Limits) -> tuple[list[IncomingFile], list[str]]:
    """The documents inside a zip, or why it is refused. Nothing is written to
    disk: members are read into memory, each read bounded by the limits, so a
    member whose header lies about its size cannot exhaust memory."""
    name = archive.name
    try:
        zf = zipfile.ZipFile(io.BytesIO(archive.data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return [], [f"{name}: not a readable zip file"]
    if len(infos) > limits.zip_members:
        return [], [f"{name}: holds {len(infos)} entries; the limit is {limits.zip_members} per zip"]
    errors, candidates = [], []
    for info in infos:
        member = info.filename
        problem = _zip_member_problem(info, limits)
        if problem == "skip":
            continue
        if problem:
            errors.append(f"{name}: {member!r} {problem}")
        else:
            candidates.append(info)
    declared = sum(info.file_size for info in candidates)
    if limits.batch_bytes is not None and declared > limits.batch_bytes:
        errors.append(f"{name}: unpacks to {_mb(declared)}; the limit is {_mb(limits.batch_bytes)} per upload")
    if errors:
        return [], errors
    members = []
    # Declared sizes can lie (a zip bomb): reads stop one byte past what is
    # left of the per-file and per-upload allowances.
    budget = limits.batch_bytes
    for info in candidates:
        caps = [x for x in (limits.file_bytes, budget) if x is not None]
        cap = min(caps) if caps else None
        try:
            with zf.open(info) as fh:
                data = fh.read(cap + 1) if cap is not None else fh.read()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            errors.append(f"{name}: {info.filename!r} cannot be unpacked ({exc})")
            continue
        if cap is not None and len(data) > cap:
            if limits.file_bytes is not None and cap == limits.file_bytes:
                errors.append(f"{name}: {info.filename!r} unpacks to more than the limit of {_mb(cap)} per file")
            else:
                errors.append(f"{name}: unpacks to more than the limit of {_mb(limits.batch_bytes)} per upload")
                break
            continue
        if data.startswith(_ARCHIVE_MAGIC):
            errors.append(f"{name}: {info.filename!r} is an archive inside the archive; unpack it first")
            continue
        if budget is not None:
            budget -= len(data)
        members.append(IncomingFile(f"{name}/{info.filename}", data))
    if not errors and not members:
        errors.append(f"{name}: holds no .txt or .html files")
    return ([] if errors else members), errors


def _zip_member_problem(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    member = info.filename
    path = PurePosixPath(member.replace("\\", "/"))
    mode = info.external_attr >> 16
    if member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":") or ".." in path.parts:
        return "has an unsafe path (../ or an absolute path); such zips are refused"
    if stat.S_ISLNK(mode):
        return "is a symbolic link; such zips are refused"
    if info.is_dir() or member.startswith(_ZIP_CLUTTER) or path.name.startswith("."):
        return "skip"
    if info.flag_bits & 0x1:
        return "is encrypted; upload an unencrypted zip"
    if path.suffix.lower() in ARCHIVE_SUFFIXES:
        return "is an archive inside the archive; unpack it first"
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        return "is not a .txt, .html or .htm file"
    if limits.file_bytes is not None and info.file_size > limits.file_bytes:
        return f"unpacks to {_mb(info.file_size)}; the limit is {_mb(limits.file_bytes)} per file"
    return None


def _outlet_name_for_url(url: str | None) -> str:
    """An outlet named by the URL's site: an existing outlet with that domain,
    else the domain itself, else "Unknown outlet"."""
    domain = url_domain(url)
    if not domain:
        return "Unknown outlet"
    known = Outlet.objects.filter(domain__iexact=domain).values_list("name", flat=True).first()
    return known or domain


def _mb(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"
