"""Contract command (docs/ARCHITECTURE.md, "Contracts"): extract quotations from files, no database."""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.decoding import DecodeError, decode_bytes
from quotes.nlp import extract_texts, load_pipeline, to_contract


class Command(BaseCommand):
    help = "Print the quotations found in each FILE as JSON (no database needed)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--model", default=None, help="spaCy pipeline (default: SPACY_MODEL)")

    def handle(self, *args, files, model, **options):
        texts = []
        for name in files:
            path = Path(name)
            try:
                texts.append(decode_bytes(path.read_bytes()))
            except OSError as exc:
                raise CommandError(f"{name}: cannot read: {exc.strerror}") from exc
            except DecodeError as exc:
                raise CommandError(f"{name}: {exc}") from exc
        nlp = load_pipeline(model or settings.SPACY_MODEL)
        out = [
            {"file": name, "quotes": to_contract(extraction)}
            for name, extraction in zip(files, extract_texts(nlp, texts))
        ]
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
