"""Hashed word shingles: the keys of the postings table.

The hash must be stable across processes and releases (Python's hash() is
salted per process), because postings written today are looked up next year:
blake2b, cut to a signed 64-bit integer to fit a PostgreSQL bigint.
"""
from hashlib import blake2b

LONG = 5  # shingle size for retrieval
SHORT = 3  # fallback for printings shorter than LONG words


def stable_hash(key: str) -> int:
    return int.from_bytes(blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def shingles(words: list[str], size: int) -> set[int]:
    """Hashes of every run of `size` consecutive words; a printing shorter
    than `size` gives the hash of the whole printing (its exact form)."""
    if not words:
        return set()
    # The size is part of the key, so a 3-word shingle never collides with
    # a 5-word one in the shared table.
    if len(words) <= size:
        return {stable_hash(f"{size}|{' '.join(words)}")}
    return {stable_hash(f"{size}|{' '.join(words[i:i + size])}") for i in range(len(words) - size + 1)}


def whole_key(words: list[str]) -> int:
    """Key of a short printing's exact normalised form, so that a longer
    printing arriving later finds the fragment it contains."""
    return stable_hash(f"whole|{' '.join(words)}")


# Identical wording links whatever speaker extraction gave each printing,
# from this many words up: shorter phrases are said by many people.
IDENTICAL_MIN = 5


def exact_key(pieces: list[list[str]]) -> int | None:
    """Key of a printing's whole normalised wording, the same for every
    speaker; None when the printing is too short to be told apart."""
    if sum(len(p) for p in pieces) < IDENTICAL_MIN:
        return None
    return stable_hash("exact|" + " … ".join(" ".join(p) for p in pieces))


def is_short(pieces: list[list[str]]) -> bool:
    return sum(len(p) for p in pieces) < LONG


def index_shingles(pieces: list[list[str]]) -> set[int]:
    """What a printing contributes to the postings table: 5-word shingles
    for retrieval; 3-word ones so that 3- and 4-word partial quotes find the
    statement they were cut from; and, for a short printing, its whole form.
    Shingles never span an ellipsis: those words were not printed together."""
    out: set[int] = set()
    for piece in pieces:
        if len(piece) >= LONG:
            out |= shingles(piece, LONG)
        if len(piece) >= SHORT:
            out |= shingles(piece, SHORT)
    if is_short(pieces) and len(pieces) == 1 and len(pieces[0]) >= SHORT:
        out.add(whole_key(pieces[0]))
    if (key := exact_key(pieces)) is not None:
        out.add(key)
    return out


def query_shingles(pieces: list[list[str]]) -> tuple[set[int], set[int]]:
    """What a new printing looks up, as (ranked, fragments): its 5-word
    shingles (3-word ones when it is too short to have any), ranked by how
    many a candidate shares; and the whole-form keys of the 3- and 4-word
    runs it contains, which find short partial quotes printed earlier."""
    ranked: set[int] = set()
    for piece in pieces:
        if len(piece) >= LONG:
            ranked |= shingles(piece, LONG)
    if not ranked:
        for piece in pieces:
            if len(piece) >= SHORT:
                ranked |= shingles(piece, SHORT)
        return ranked, set()
    fragments = {
        whole_key(piece[i:i + n]) for piece in pieces for n in (SHORT, LONG - 1) for i in range(len(piece) - n + 1)
    }
    return ranked, fragments
