"""How far to trust an attribution: a calibrated confidence per pair of
(stage-1 sieve, stage-2 link), learned from the tuning gold.

`data/attribution_confidence.tsv` holds, per pair, how many attributions the
extractor made on the tuning sets and how many were right; it is rebuilt by
`make calibrate` (`manage.py calibrate_attribution`), never by hand. The
confidence is the lower end of a Wilson interval on that share: a pair seen
twice and right twice is not "certain", and a journalist should see it as
unverified until an editor confirms it."""
from __future__ import annotations

import functools
import math

from .lexicon import DATA_DIR

TABLE = DATA_DIR / "attribution_confidence.tsv"
_Z = 1.645            # one-sided 95%: err on the side of "unverified"
_UNSEEN = 0.5         # a pair the tuning sets never produced


def wilson_lower(right: int, total: int, z: float = _Z) -> float:
    if total <= 0:
        return 0.0
    p = right / total
    centre = p + z * z / (2 * total)
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    return max(0.0, (centre - margin) / (1 + z * z / total))


@functools.cache
def load_counts() -> dict[tuple[str, str], tuple[int, int]]:
    counts = {}
    if not TABLE.exists():
        return counts
    for raw in TABLE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        sieve, via, right, total = raw.split("\t")
        counts[sieve, via] = (int(right), int(total))
    return counts


def load_sources() -> list[str]:
    """The gold files the table was counted on (its "# from:" line)."""
    if not TABLE.exists():
        return []
    for raw in TABLE.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# from: "):
            return [s.strip() for s in raw[len("# from: "):].split(",") if s.strip()]
    return []


def confidence(sieve: str | None, via: str | None, counts: dict | None = None) -> float:
    """0 for no speaker; otherwise the calibrated share for the pair, falling
    back to the sieve's pooled share, then to an even chance. `counts`
    replaces the shipped table (train_ranker's out-of-fold tables)."""
    if sieve is None or via is None:
        return 0.0
    counts = load_counts() if counts is None else counts
    if (sieve, via) in counts:
        return round(wilson_lower(*counts[sieve, via]), 3)
    pooled = [rt for (s, _), rt in counts.items() if s == sieve]
    if pooled:
        return round(wilson_lower(sum(r for r, _ in pooled), sum(t for _, t in pooled)), 3)
    return _UNSEEN


def write_counts(counts: dict[tuple[str, str], tuple[int, int]], sources: list[str], path=TABLE) -> None:
    lines = ["# sieve\tvia\tright\ttotal — attributions on the tuning gold; rebuilt by `make calibrate`",
             "# from: " + ", ".join(sources)]
    lines += [f"{s}\t{v}\t{r}\t{t}" for (s, v), (r, t) in sorted(counts.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load_counts.cache_clear()
