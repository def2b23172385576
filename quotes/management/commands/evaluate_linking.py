"""Link precision/recall/F1 of the quotes in the database against gold
annotations, with the same semantics as the team's quoteval.py `link`."""
import io
import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from quotes.evaluation import score_linking


class Command(BaseCommand):
    help = "Score cross-outlet linking against a gold file (pairs of gold quotes that must / must not be one Quote)."

    def add_arguments(self, parser):
        parser.add_argument("--gold", required=True, help="gold JSON (shared/README.md format)")
        parser.add_argument("--verbose", action="store_true", help="list missed and wrong links")

    def handle(self, *args, gold, verbose, **options):
        try:
            gold_data = json.loads(Path(gold).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"{gold}: not a readable gold JSON file ({exc})") from exc
        # Score exactly what the export contract prints, as the outside scorer does.
        out = io.StringIO()
        call_command("export_quotes", format="json", stdout=out)
        score = score_linking(gold_data, json.loads(out.getvalue()))
        if verbose:
            for line in score.log:
                self.stdout.write(line)
        self.stdout.write(
            f"must-link pairs scored {score.linked + score.missed} (+{score.unfound} with a quote not found); "
            f"linked {score.linked}; missed {score.missed}; wrongly linked {score.wrong}"
        )
        self.stdout.write(f"link precision {score.precision:.3f} recall {score.recall:.3f}")
        self.stdout.write(f"link F1 {score.f1:.3f}")
