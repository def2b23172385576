"""Turn one uploaded document (text or HTML) into article text and metadata."""
import re
from dataclasses import dataclass
from datetime import date

import trafilatura

from .decoding import DecodeError, decode_bytes

HTML_SUFFIXES = (".html", ".htm")
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


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


def parse_document(name: str, data: bytes) -> ParsedDocument:
    try:
        raw = decode_bytes(data)
    except DecodeError as exc:
        raise ParseError(str(exc)) from exc
    if name.lower().endswith(HTML_SUFFIXES) or _HTML_SNIFF.match(raw):
        return _parse_html(raw)
    # Plain text is kept exactly as decoded: quote offsets index it.
    return ParsedDocument(text=raw)


def _parse_html(raw: str) -> ParsedDocument:
    # trafilatura drops navigation, share bars and related links and returns
    # only the main text; the markup itself is never stored or rendered.
    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise ParseError("the HTML page has no article text")
    meta = trafilatura.extract_metadata(raw)
    published = None
    if meta is not None and meta.date:
        try:
            published = date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return ParsedDocument(
        text=text,
        title=(meta.title or "") if meta else "",
        byline=(meta.author or "") if meta else "",
        published=published,
        outlet=(meta.sitename or "") if meta else "",
        url=(meta.url or None) if meta else None,
    )
