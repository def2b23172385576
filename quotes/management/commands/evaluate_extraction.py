"""Detection, attribution and end-to-end scores of the extractor against gold
annotations, matched the same way as the team's quoteval.py `extract`."""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.decoding import decode_bytes
from quotes.evaluation import score_extraction
from quotes.nlp import extract_texts, load_pipeline, to_contract


class Command(BaseCommand):
    help = "Score quote extraction and attribution against a gold file."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--gold", required=True, help="gold JSON (shared/README.md format)")
        parser.add_argument(
            "--articles", default=str(settings.BASE_DIR / "seeds"), help="folder holding the gold's article files"
        )
        parser.add_argument("--model", default=None)
        parser.add_argument("--verbose", action="store_true", help="list misses, wrong speakers, false positives")

    def handle(self, *args, gold, articles, model, verbose, **options):
        try:
            gold_data = json.loads(Path(gold).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{gold}: not a readable gold JSON file ({exc})") from exc
        names = sorted({Path(q["article"]).name for q in gold_data["quotes"]})
        missing = [n for n in names if not (Path(articles) / n).exists()]
        if missing:
            raise CommandError(f"article files not found in {articles}: {', '.join(missing)}")
        texts = [decode_bytes((Path(articles) / n).read_bytes()) for n in names]
        nlp = load_pipeline(model or settings.SPACY_MODEL)
        predictions = [{"file": n, "quotes": to_contract(x)} for n, x in zip(names, extract_texts(nlp, texts))]
        s = score_extraction(gold_data, predictions)
        if verbose:
            for line in sorted(s.log):
                self.stdout.write(line)
        self.stdout.write(
            f"detection precision {s.detection_precision:.3f} recall {s.detection_recall:.3f} "
            f"(gold required {s.required}; found {s.found})"
        )
        self.stdout.write(f"attribution accuracy {s.attribution_accuracy:.3f} (speaker right {s.speaker_right})")
        self.stdout.write(f"end-to-end precision {s.precision:.3f} recall {s.recall:.3f}")
        self.stdout.write(f"end-to-end F1 {s.f1:.3f}")
