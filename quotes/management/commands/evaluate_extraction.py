"""Detection, attribution and end-to-end scores of the extractor against gold
annotations, matched the same way as the team's quoteval.py `extract`, with
the share of found quotes left without a speaker and the reliability of the
attribution confidence (bucket -> share right)."""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.decoding import decode_bytes
from quotes.evaluation import attribution_outcomes, reliability_table, score_claims, score_extraction
from quotes.nlp import extract_texts, load_pipeline, to_contract


def load_gold_sets(gold: str, articles: str | None) -> tuple[dict, list[tuple[str, str]]]:
    """One gold dict from comma-separated gold files, and (name, text) of each
    article, found in --articles or beside its gold file."""
    merged = dict(quotes=[], ignore=[], loose=[], groups=[], claims=[])
    texts = {}
    for path in [Path(p) for p in gold.split(",") if p]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{path}: not a readable gold JSON file ({exc})") from exc
        for key in merged:
            merged[key] += data.get(key, [])
        folders = ([Path(a) for a in articles.split(",")] if articles else
                   [path.parent, settings.BASE_DIR / "seeds", *sorted((settings.BASE_DIR / "tests" / "fixtures").glob("**/"))])
        for name in sorted({Path(q["article"]).name for q in data.get("quotes", []) + data.get("claims", [])}):
            where = next((f / name for f in folders if (f / name).exists()), None)
            if where is None:
                raise CommandError(f"article file {name} not found in {', '.join(map(str, folders))}")
            texts[name] = decode_bytes(where.read_bytes())
    return merged, sorted(texts.items())


def predict(texts: list[tuple[str, str]], model: str | None, use_ranker: bool = True) -> list[dict]:
    nlp = load_pipeline(model or settings.SPACY_MODEL)
    extracted = extract_texts(nlp, [t for _, t in texts], use_ranker=use_ranker)
    return [{"file": n, "quotes": to_contract(x)} for (n, _), x in zip(texts, extracted)]


class Command(BaseCommand):
    help = "Score quote extraction and attribution against gold files (comma-separated)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--gold", required=True, help="gold JSON file(s), comma-separated (shared/README.md format)")
        parser.add_argument("--articles", default=None,
                            help="folder holding the articles (default: beside each gold file, then seeds/)")
        parser.add_argument("--model", default=None)
        parser.add_argument("--verbose", action="store_true", help="list misses, wrong speakers, false positives")
        parser.add_argument("--kind", choices=["quotes", "indirect"], default="quotes",
                            help="score quotations (default) or reported claims against a claims gold file")

    def handle(self, *args, gold, articles, model, verbose, kind, **options):
        gold_data, texts = load_gold_sets(gold, articles)
        predictions = predict(texts, model)
        if kind == "indirect":
            return self._claims(gold_data, predictions, verbose)
        s = score_extraction(gold_data, predictions)
        if verbose:
            for line in sorted(s.log):
                self.stdout.write(line)
        self.stdout.write(
            f"detection precision {s.detection_precision:.3f} recall {s.detection_recall:.3f} "
            f"(gold required {s.required}; found {s.found})"
        )
        self.stdout.write(f"attribution accuracy {s.attribution_accuracy:.3f} (speaker right {s.speaker_right}); "
                          f"found without a speaker {s.unattributed} ({s.unattributed_share:.1%})")
        self.stdout.write(f"end-to-end precision {s.precision:.3f} recall {s.recall:.3f}")
        self.stdout.write("reliability of the attribution confidence (bucket: attributions, share right)")
        for label, n, right in reliability_table(attribution_outcomes(gold_data, predictions)):
            self.stdout.write(f"  {label}: {n:4d}  {'-' if n == 0 else f'{right:.3f}'}")
        self.stdout.write(f"end-to-end F1 {s.f1:.3f}")

    def _claims(self, gold_data, predictions, verbose):
        s = score_claims(gold_data, predictions)
        if verbose:
            for line in sorted(s.log):
                self.stdout.write(line)
        self.stdout.write(f"claims: gold {s.gold}; found {s.found} (detection recall {s.detection_recall:.3f}); "
                          f"speaker right {s.speaker_right}; source kind right {s.kind_right}")
        self.stdout.write(f"predicted {s.predicted}; end-to-end precision {s.precision:.3f} recall {s.recall:.3f}")
        self.stdout.write(f"end-to-end F1 {s.f1:.3f}")
