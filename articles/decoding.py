"""Turn uploaded bytes into text, or say precisely why not."""
from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


def decode_bytes(data: bytes) -> str:
    """UTF-8 first (with or without BOM); otherwise the best detected encoding.

    Offsets of quotes index the returned string, so it is returned as decoded,
    with no other change.
    """
    if not data.strip():
        raise DecodeError("the file is empty")
    if b"\x00" in data[:8192] and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise DecodeError("the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("the text encoding could not be recognised; save it as UTF-8")
    return str(best)
