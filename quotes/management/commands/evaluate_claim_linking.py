"""Claim linking on claim gold: every pair of gold claims by the same speaker
in different articles is a decision (same statement or not). Prints the
precision/recall curves over thresholds of the linker's measure
(quotes.linking.claims.claim_score, on the terms the NLP step reads off its
parse) and of the word-overlap baseline (claim_similarity), and the linker's
figures at the shipped threshold. Measured on gold spans: it tests the
similarity, not extraction. `--misses` lists the pairs the threshold gets
wrong, with their terms (for tuning gold only: a blind set's misses are not
to be read)."""
import json
from itertools import combinations
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quotes.evaluation import speaker_right
from quotes.linking.claims import CLAIM_LINK_THRESHOLD, Terms, claim_score, claim_similarity, term_counts

THRESHOLDS = [round(0.05 * k, 2) for k in range(2, 20)]


def claim_pairs(claims: list[dict], terms: list[Terms] | None = None) -> list[tuple[float, bool]]:
    """(similarity, same statement) for each pair of claims by one speaker in
    two articles: claim_score over `terms` (one per claim), each term weighted
    among that speaker's claims as the linker weighs it among the speaker's
    claims of those days; without `terms`, the word-overlap baseline."""
    counts = {}
    if terms is not None:
        for i, c in enumerate(claims):
            counts[i] = term_counts(t for o, t in zip(claims, terms) if speaker_right(o["speaker"], c["speaker"]))
    out = []
    for (i, a), (j, b) in combinations(enumerate(claims), 2):
        if a["article"] == b["article"] or not speaker_right(a["speaker"], b["speaker"]):
            continue
        sim = claim_similarity(a["text"], b["text"]) if terms is None else claim_score(terms[i], terms[j], counts[i])
        out.append((sim, a["statement"] == b["statement"]))
    return out


def wrong_pairs(claims: list[dict], terms: list[Terms], threshold: float) -> list[tuple[float, bool, int, int]]:
    """(score, same statement, i, j) of the pairs that linking at `threshold`
    gets wrong: same statement below it, another statement at or above it."""
    counts = {
        i: term_counts(t for o, t in zip(claims, terms) if speaker_right(o["speaker"], c["speaker"]))
        for i, c in enumerate(claims)
    }
    out = []
    for (i, a), (j, b) in combinations(enumerate(claims), 2):
        if a["article"] == b["article"] or not speaker_right(a["speaker"], b["speaker"]):
            continue
        score, same = claim_score(terms[i], terms[j], counts[i]), a["statement"] == b["statement"]
        if same != (score >= threshold):
            out.append((score, same, i, j))
    return sorted(out, key=lambda row: -row[0])


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


def gold_terms(claims: list[dict], roots: list[Path], nlp) -> list[Terms]:
    """Each gold claim's terms, read off a parse of its article's paragraph."""
    from quotes.nlp.claims import claim_terms_at
    from quotes.nlp.lexicon import load_lexicon

    lex = load_lexicon()
    by_article: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_article.setdefault(c["article"], []).append(i)
    out: list[Terms | None] = [None] * len(claims)
    for article, indexes in by_article.items():
        text = _article_text(article, roots)
        found = claim_terms_at(nlp, lex, text, [(claims[i]["start"], claims[i]["end"]) for i in indexes])
        for i, terms in zip(indexes, found):
            out[i] = Terms.from_json(terms.to_json())
    return out


def _article_text(name: str, roots: list[Path]) -> str:
    for root in roots:
        for path in [root / name, *root.rglob(Path(name).name)]:
            if path.is_file() and path.as_posix().endswith(name):
                return path.read_text(encoding="utf-8")
    raise CommandError(f"{name}: not found under {', '.join(map(str, roots))} (see --texts)")


class Command(BaseCommand):
    help = "Precision/recall of claim linking on claim gold, over thresholds, against the word-overlap baseline."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="claim gold JSON files ({'claims': [...]})")
        parser.add_argument(
            "--texts", action="append", type=Path,
            help="folder searched (with its subfolders) for the gold's articles; default: seeds/ and tests/fixtures/",
        )
        parser.add_argument(
            "--misses", action="store_true",
            help="also list the pairs the shipped threshold gets wrong, with their terms (tuning gold only)",
        )

    def handle(self, *args, gold, texts, misses=False, **options):
        from quotes.nlp import load_pipeline

        claims = [c for path in gold for c in json.loads(Path(path).read_text(encoding="utf-8"))["claims"]]
        base = Path(settings.BASE_DIR)
        terms = gold_terms(claims, texts or [base / "seeds", base / "tests" / "fixtures"],
                           load_pipeline(settings.SPACY_MODEL))
        linker, baseline = claim_pairs(claims, terms), claim_pairs(claims)
        self.stdout.write(
            f"{len(linker)} same-speaker pairs across articles, {sum(s for _, s in linker)} the same statement"
        )
        self.stdout.write("           terms (claim_score)      word overlap (baseline)")
        self.stdout.write("threshold precision recall F1     precision recall F1")
        for (t, p, r, f), (_, bp, br, bf) in zip(curve(linker), curve(baseline)):
            mark = "  <- shipped" if abs(t - CLAIM_LINK_THRESHOLD) < 1e-9 else ""
            self.stdout.write(f"{t:9.2f} {p:9.3f} {r:6.3f} {f:.3f}  {bp:9.3f} {br:6.3f} {bf:.3f}{mark}")
        (t, p, r, f), = curve(linker, [CLAIM_LINK_THRESHOLD])
        self.stdout.write(f"claim link precision {p:.3f} recall {r:.3f}")
        self.stdout.write(f"claim link F1 {f:.3f}")
        if misses:
            for score, same, i, j in wrong_pairs(claims, terms, CLAIM_LINK_THRESHOLD):
                shared = sorted(terms[i].keys & terms[j].keys)
                self.stdout.write(
                    f"\n{'missed' if same else 'wrong link'} {score:.3f}: {claims[i]['id']} / {claims[j]['id']}"
                    f" ({claims[i]['statement']} / {claims[j]['statement']}); shared: {' '.join(shared) or '-'}"
                )
                for k in (i, j):
                    self.stdout.write(f"  {claims[k]['text']}\n    terms: {' '.join(sorted(terms[k].keys))}")
