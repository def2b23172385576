"""Claim linking on claim gold: every pair of gold claims by the same speaker
in different articles is a decision (same statement or not). Prints the
precision/recall curve of quotes.linking.claims.claim_similarity over
thresholds, and the figures at the shipped threshold. Measured on gold spans:
it tests the similarity, not extraction."""
import json
from itertools import combinations
from pathlib import Path

from django.core.management.base import BaseCommand

from quotes.evaluation import speaker_right
from quotes.linking.claims import CLAIM_LINK_THRESHOLD, claim_similarity

THRESHOLDS = [round(0.1 * k, 1) for k in range(1, 10)]


def claim_pairs(claims: list[dict]) -> list[tuple[float, bool]]:
    """(similarity, same statement) for each pair of claims by one speaker in two articles."""
    out = []
    for a, b in combinations(claims, 2):
        if a["article"] == b["article"] or not speaker_right(a["speaker"], b["speaker"]):
            continue
        out.append((claim_similarity(a["text"], b["text"]), a["statement"] == b["statement"]))
    return out


def curve(pairs: list[tuple[float, bool]], thresholds=THRESHOLDS) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, F1) of linking the pairs at or above each threshold."""
    rows = []
    positives = sum(same for _, same in pairs)
    for t in thresholds:
        linked = [same for sim, same in pairs if sim >= t]
        tp = sum(linked)
        p = tp / len(linked) if linked else 1.0
        r = tp / positives if positives else 0.0
        rows.append((t, p, r, 2 * p * r / (p + r) if p + r else 0.0))
    return rows


class Command(BaseCommand):
    help = "Precision/recall of claim linking on claim gold, over thresholds."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="claim gold JSON files ({'claims': [...]})")

    def handle(self, *args, gold, **options):
        claims = [c for path in gold for c in json.loads(Path(path).read_text(encoding="utf-8"))["claims"]]
        pairs = claim_pairs(claims)
        self.stdout.write(f"{len(pairs)} same-speaker pairs across articles, {sum(s for _, s in pairs)} the same statement")
        self.stdout.write("threshold precision recall F1")
        for t, p, r, f in curve(pairs):
            mark = "  <- shipped" if abs(t - CLAIM_LINK_THRESHOLD) < 1e-9 else ""
            self.stdout.write(f"{t:9.1f} {p:9.3f} {r:6.3f} {f:.3f}{mark}")
        (t, p, r, f), = curve(pairs, [CLAIM_LINK_THRESHOLD])
        self.stdout.write(f"claim link precision {p:.3f} recall {r:.3f}")
        self.stdout.write(f"claim link F1 {f:.3f}")
