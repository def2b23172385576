"""Turn uploaded bytes into text, or say precisely why not."""
import codecs
import re
import unicodedata

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


# Formats people upload by mistake, named so the message can say what it is.
_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a zip archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
]
# Control characters other than tab, newline, carriage return and form feed:
# text has almost none, binary decoded by a guessed 8-bit encoding has many.
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def declared_html_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 4 KB, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """UTF-8 first (with or without BOM); then the encoding the document
    declares (HTML's meta charset); otherwise the best detected encoding.

    Offsets of quotes index the returned string, so it is returned as decoded,
    with no other change.
    """
    if not data.strip():
        raise DecodeError("the file is empty")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeError(f"the file is {what}, not text; upload .txt or .html")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data[:8192] and not utf16:
        raise DecodeError("the file is binary, not text; upload .txt or .html")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
        if declared and declared != "utf-8":
            try:
                text = data.decode(declared)
            except UnicodeDecodeError:
                text = None  # the declaration is wrong; detect instead
        if text is None:
            text = _detect(data)
    if not text.strip():
        raise DecodeError("the file is empty")
    # Anywhere in the text, not just the sniffed start: PostgreSQL cannot store a NUL.
    if "\x00" in text:
        raise DecodeError("the file holds a NUL byte, so it is binary, not text; upload .txt or .html")
    if _looks_binary(text):
        raise DecodeError("the file is binary, not text; upload .txt or .html")
    return text


# Legacy encodings of Western European text. charset-normalizer often ranks a
# Baltic or Central European code page first for short Latin-1 text ("trčs"
# for "très"); for an English-language newsroom Windows-1252 is by far the
# likelier, so it wins whenever it decodes about as cleanly.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_WESTERN_CHAOS_MARGIN = 0.05


def _detect(data: bytes) -> str:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise DecodeError("the text encoding could not be recognised; save it as UTF-8")
    for match in results:
        if any(enc in _WESTERN for enc in match.could_be_from_charset):
            if match.chaos <= best.chaos + _WESTERN_CHAOS_MARGIN:
                return str(match)
            break
    return str(best)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Co", "Cs")
    )
    return controls > max(2, len(sample) // 200)
