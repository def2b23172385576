"""Turn uploaded bytes into text, or say precisely why not."""
import codecs
import re
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Decoded:
    """Text as decoded, and how: the codec (Python's name), whether it was
    guessed, and how many invalid UTF-8 sequences became U+FFFD."""

    text: str
    encoding: str
    guessed: bool = False
    replaced: int = 0

    @property
    def warning(self) -> str:
        """What an admin should check, or "" for clean UTF-8 or a declared encoding."""
        if self.replaced:
            n = self.replaced
            return (f"{n} invalid byte sequence{'s were' if n != 1 else ' was'} not UTF-8 and "
                    f"{'were' if n != 1 else 'was'} replaced with “\ufffd”; check the text against the original.")
        if self.guessed:
            return f"Not UTF-8: read as {_label(self.encoding)} (guessed); check accented letters and quotation marks."
        return ""


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """The text of `data` (see decode_document)."""
    return decode_document(data, declared=declared).text


def decode_document(data: bytes, *, declared: str | None = None) -> Decoded:
    """UTF-8 first (with or without BOM); then the encoding the document
    declares (HTML's meta charset); then UTF-8 again if only a few bytes are
    invalid (a stray byte in a UTF-8 file: guessing a legacy code page would
    garble every other non-ASCII letter), those bytes replaced with U+FFFD;
    otherwise the best detected encoding.

    Offsets of quotes index the returned text, so it is returned as decoded,
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
        decoded = Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        decoded = None
        if declared and declared != "utf-8":
            try:
                decoded = Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                decoded = None  # the declaration is wrong; detect instead
        if decoded is None:
            decoded = _mostly_utf8(data) or _detect(data)
    text = decoded.text
    if not text.strip():
        raise DecodeError("the file is empty")
    # Anywhere in the text, not just the sniffed start: PostgreSQL cannot store a NUL.
    if "\x00" in text:
        raise DecodeError("the file holds a NUL byte, so it is binary, not text; upload .txt or .html")
    if _looks_binary(text):
        raise DecodeError("the file is binary, not text; upload .txt or .html")
    return decoded


# UTF-8 with at most one invalid sequence per this many valid non-ASCII
# characters is read as UTF-8: legacy 8-bit text almost never forms valid
# multi-byte UTF-8 sequences, so it has next to none.
_UTF8_VALID_PER_INVALID = 3


def _mostly_utf8(data: bytes) -> Decoded | None:
    text = data.decode("utf-8-sig", errors="replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if 0 < invalid and valid >= _UTF8_VALID_PER_INVALID * invalid:
        return Decoded(text, "utf-8", replaced=invalid)
    return None


def _label(encoding: str) -> str:
    """"cp1252" as people know it: windows-1252."""
    return re.sub(r"^cp(125\d)$", r"windows-\1", encoding).replace("_", "-")


# Legacy encodings of Western European text. charset-normalizer often ranks a
# Baltic or Central European code page first for short Latin-1 text ("trčs"
# for "très"); for an English-language newsroom Windows-1252 is by far the
# likelier, so it wins whenever it decodes about as cleanly.
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_WESTERN_CHAOS_MARGIN = 0.05


def _detect(data: bytes) -> Decoded:
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise DecodeError("the text encoding could not be recognised; save it as UTF-8")
    for match in results:
        if any(enc in _WESTERN for enc in match.could_be_from_charset):
            if match.chaos <= best.chaos + _WESTERN_CHAOS_MARGIN:
                best = match
            break
    return Decoded(str(best), best.encoding, guessed=True)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    controls = sum(
        1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Co", "Cs")
    )
    return controls > max(2, len(sample) // 200)
