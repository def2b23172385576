"""Claim linking on claim gold: every pair of gold claims by the same speaker
in different articles is a decision (same statement or not). Prints the
precision/recall curves over thresholds of the linker's measure
(quotes.linking.claims.claim_score, on the terms the NLP step reads off its
parse) and of the word-overlap baseline (claim_similarity), and the linker's
figures at the shipped threshold. Measured on gold spans: it tests the
similarity, not extraction. `--misses` lists the pairs the threshold gets
wrong, with their terms (for tuning gold only: a blind set's misses are not
to be read). `--pipeline` also links the gold's articles afresh through the
real pipeline (extraction, speakers, the candidate window, the score) in a
rolled-back transaction, like evaluate_linking (use a development database),
and scores the same pairs on the quotes the gold spans were printed as, with
the count of missed pairs by cause."""
import json
from collections import Counter
from datetime import date
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
    return _article_path(name, roots).read_text(encoding="utf-8")


def _article_path(name: str, roots: list[Path]) -> Path:
    for root in roots:
        for path in [root / name, *root.rglob(Path(name).name)]:
            if path.is_file() and path.as_posix().endswith(name):
                return path
    raise CommandError(f"{name}: not found under {', '.join(map(str, roots))} (see --texts)")


# Why a same-statement pair was not linked through the pipeline, in the order checked.
MISS_CAUSES = (
    "not extracted as a claim",   # no indirect printing overlaps a gold span
    "no speaker",                 # extracted, but with no speaker: never compared
    "another speaker",            # extracted with speakers that are not one Speaker
    "outside the days",           # published more than CLAIM_LINK_DAYS apart
    "not joined",                 # both candidates of each other: the score (or a word match) kept them apart
)


def pipeline_pairs(claims: list[dict], roots: list[Path], nlp) -> tuple[list[tuple[bool, bool]], Counter]:
    """(linked, same statement) for each pair claim_pairs scores, through the
    real pipeline: the gold's articles ingested and linked in a rolled-back
    transaction, each gold claim read as the indirect printing overlapping it
    most. With the count of missed same-statement pairs by MISS_CAUSES."""
    from django.db import connection, transaction

    from articles.parsing import parse_document
    from articles.services import article_claim, article_ingest
    from quotes.linking.claims import CLAIM_LINK_DAYS
    from quotes.models import Appearance, Quote
    from quotes.nlp import extract_texts
    from quotes.services.extraction import article_apply_extraction

    names = sorted({c["article"] for c in claims})
    paths = {name: _article_path(name, roots) for name in names}
    docs = []
    for name in names:
        manifest = paths[name].parent / "manifest.json"
        info = (json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}).get(name, {})
        docs.append(dict(
            name=name, text=parse_document(name, paths[name].read_bytes()).text,
            outlet=info.get("outlet") or "Unknown outlet", url=info.get("url"), title=info.get("title") or "",
            published=date.fromisoformat(info["published"]) if info.get("published") else None,
        ))
    extractions = list(extract_texts(nlp, [d["text"] for d in docs]))
    printed: list[dict | None] = []
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("TRUNCATE articles_outlet, articles_article, quotes_speaker, quotes_quote CASCADE")
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
        ids = {}
        for doc, extraction in zip(docs, extractions):
            article = article_ingest(
                text=doc["text"], source_name=doc["name"], outlet_name=doc["outlet"], url=doc["url"],
                title=doc["title"], published=doc["published"], enqueue=False,
            ).article
            ids[doc["name"]] = article
            if article_claim(article_id=article.id):
                article_apply_extraction(article_id=article.id, extraction=extraction, content_hash=article.content_hash)
        for c in claims:
            article = ids[c["article"]]
            best, most = None, 0
            for quote_id, speaker_id, spans in Appearance.objects.filter(
                article=article, kind=Quote.Kind.INDIRECT
            ).values_list("quote_id", "quote__speaker_id", "spans"):
                overlap = sum(max(0, min(e, c["end"]) - max(b, c["start"])) for b, e in spans)
                if overlap > most:
                    best, most = {"quote": quote_id, "speaker": speaker_id, "published": article.published}, overlap
            printed.append(best)
        transaction.set_rollback(True)
    out, causes = [], Counter()
    for (i, a), (j, b) in combinations(enumerate(claims), 2):
        if a["article"] == b["article"] or not speaker_right(a["speaker"], b["speaker"]):
            continue
        pa, pb, same = printed[i], printed[j], a["statement"] == b["statement"]
        linked = bool(pa and pb and pa["quote"] == pb["quote"])
        out.append((linked, same))
        if same and not linked:
            days = pa and pb and pa["published"] and pb["published"] and abs((pa["published"] - pb["published"]).days)
            causes[
                MISS_CAUSES[0] if not (pa and pb)
                else MISS_CAUSES[1] if pa["speaker"] is None or pb["speaker"] is None
                else MISS_CAUSES[2] if pa["speaker"] != pb["speaker"]
                else MISS_CAUSES[3] if days and days > CLAIM_LINK_DAYS
                else MISS_CAUSES[4]
            ] += 1
    return out, causes


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
        parser.add_argument(
            "--pipeline", action="store_true",
            help="also link the articles through the real pipeline in a rolled-back transaction (a development "
                 "database) and score the pairs on the quotes printed, with missed pairs by cause",
        )

    def handle(self, *args, gold, texts, misses=False, pipeline=False, **options):
        from quotes.nlp import load_pipeline

        claims = [c for path in gold for c in json.loads(Path(path).read_text(encoding="utf-8"))["claims"]]
        base = Path(settings.BASE_DIR)
        roots = texts or [base / "seeds", base / "tests" / "fixtures"]
        nlp = load_pipeline(settings.SPACY_MODEL)
        terms = gold_terms(claims, roots, nlp)
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
        if pipeline:
            pairs, causes = pipeline_pairs(claims, roots, nlp)
            (_, p, r, f), = curve([(float(linked), same) for linked, same in pairs], [1.0])
            self.stdout.write(f"through the pipeline: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
            self.stdout.write("missed by cause: " + (", ".join(
                f"{cause} {causes[cause]}" for cause in MISS_CAUSES if causes[cause]) or "none"))
        if misses:
            for score, same, i, j in wrong_pairs(claims, terms, CLAIM_LINK_THRESHOLD):
                shared = sorted(terms[i].keys & terms[j].keys)
                self.stdout.write(
                    f"\n{'missed' if same else 'wrong link'} {score:.3f}: {claims[i]['id']} / {claims[j]['id']}"
                    f" ({claims[i]['statement']} / {claims[j]['statement']}); shared: {' '.join(shared) or '-'}"
                )
                for k in (i, j):
                    self.stdout.write(f"  {claims[k]['text']}\n    terms: {' '.join(sorted(terms[k].keys))}")
