"""Precision and recall of the misquote flag on link gold, with words
substituted or inserted into copies of printings (quotes/misquote_evaluation.py).
Works on gold spans, so it measures the comparison, not extraction; needs
no database."""
from pathlib import Path

from django.core.management.base import BaseCommand

from quotes.misquote_evaluation import evaluate, table


class Command(BaseCommand):
    help = "Precision/recall of the misquote flag on link gold with injected word changes."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="gold JSON files in the shared format (quotes with utterances)")
        parser.add_argument("--seed", type=int, default=0, help="where the injected words go")
        parser.add_argument("--verbose", action="store_true", help="also list the untouched printings flagged")

    def handle(self, *args, gold, seed, verbose, **options):
        report = evaluate([Path(p) for p in gold], seed=seed)
        for line in table(report):
            self.stdout.write(line)
        if verbose:
            self.stdout.write("\nuntouched printings flagged (the others print other words there):")
            for group, text, changes in report.flagged_untouched:
                said = "; ".join(f"{c.old!r} -> {c.new!r} ({c.agree_old} vs {c.agree_new})" for c in changes)
                self.stdout.write(f"  {group}: {text[:70]!r}: {said}")
