"""Turn one uploaded document (text or HTML) into article text and metadata.

Only plain text ever leaves this module: the markup of an upload is never
stored, so it can never be rendered.
"""
import re
from dataclasses import dataclass, replace
from datetime import date
from html.parser import HTMLParser

import trafilatura

from .decoding import DecodeError, declared_html_charset, decode_document

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>]|<!--)", re.I)
# Fewer words than this after cleaning is a page without an article
# (a login wall, an index page, an error page).
MIN_ARTICLE_WORDS = 8


class ParseError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedDocument:
    text: str
    title: str = ""
    byline: str = ""
    published: date | None = None
    outlet: str = ""
    url: str | None = None
    is_html: bool = False
    encoding: str = ""  # how the bytes were read (articles.decoding.Decoded)
    decode_warning: str = ""


TITLE_MAX_CHARS = 200


def title_from_text(text: str) -> str:
    """An article's title when neither the manifest, the user nor the page
    gave one: its first non-blank line (a plain-text article usually opens
    with its headline), cut at a word near TITLE_MAX_CHARS. Never the file
    name, which says nothing to a reader ("004_e8d4….txt", "pasted-….txt")."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    if len(line) <= TITLE_MAX_CHARS:
        return line
    cut = line[:TITLE_MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def is_html(name: str, raw: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES) or bool(_HTML_SNIFF.match(raw))


def parse_document(name: str, data: bytes) -> ParsedDocument:
    # Sniffed once on the raw bytes, to look for a declared charset, and
    # again on the decoded text (which sees through UTF-16 and BOMs).
    looks_html = is_html(name, data[:1024].decode("latin-1"))
    try:
        decoded = decode_document(data, declared=declared_html_charset(data) if looks_html else None)
    except DecodeError as exc:
        raise ParseError(str(exc)) from exc
    raw, how = decoded.text, {"encoding": decoded.encoding, "decode_warning": decoded.warning}
    if is_html(name, raw):
        return replace(_parse_html(raw), **how)
    # Plain text is stored exactly as decoded, furniture and all: gold quote
    # offsets index it, and the extractor skips menus and share bars itself.
    return ParsedDocument(text=raw, **how)


def _parse_html(raw: str) -> ParsedDocument:
    # trafilatura drops navigation, share bars and related links and returns
    # the main text, one paragraph per line, plus the page's metadata.
    doc = None
    try:
        doc = trafilatura.bare_extraction(
            raw, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
        if doc is None or _too_short(doc.text):
            # Precision mode drops short articles outright; recall keeps them.
            doc = trafilatura.bare_extraction(
                raw, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
            ) or doc
    except Exception:  # lxml and trafilatura raise many kinds on broken pages
        doc = None
    text = _paragraphs(doc.text) if doc is not None and doc.text else ""
    if _too_short(text):
        # libxml2 gives up on pages nested deeper than 255 elements; the
        # stdlib parser has no such limit, so fall back to plain block text.
        text = _paragraphs(_BlockText.extract(raw))
    if _too_short(text):
        raise ParseError("the HTML page has no article text (only menus, links or markup)")
    return ParsedDocument(
        text=text,
        title=_clean(getattr(doc, "title", None)),
        byline=_clean(getattr(doc, "author", None)),
        published=_date(getattr(doc, "date", None)),
        outlet=_clean(getattr(doc, "sitename", None)),
        url=_url(getattr(doc, "url", None)),
        is_html=True,
    )


def _paragraphs(text: str) -> str:
    # One paragraph per line from trafilatura; a blank line between them keeps
    # the paragraphs visible on the article page and is a hard boundary for
    # the extractor.
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _too_short(text: str | None) -> bool:
    return not text or len(text.split()) < MIN_ARTICLE_WORDS


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _url(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value.startswith(("http://", "https://")) else None


class _BlockText(HTMLParser):
    """Text of paragraph-like elements, outside page furniture."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "div", "br"}
    SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "iframe"}
    VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_stack: list[str] = []

    @classmethod
    def extract(cls, raw: str) -> str:
        parser = cls()
        parser.feed(raw)
        parser.close()
        return "".join(parser.parts)

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip_stack.append(tag)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skip_stack and tag == self.skip_stack[-1]:
            self.skip_stack.pop()
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_stack:
            self.parts.append(data)
