"""Rebuild quotes/nlp/data/attribution_confidence.tsv from the tuning gold:
per (sieve, link) pair, how many attributions the extractor made and how many
were right. Run through `make calibrate`; never point it at a blind set (a set
you calibrate on is no longer blind)."""
from pathlib import Path

from django.core.management.base import BaseCommand

from quotes.evaluation import attribution_outcomes, sieve_counts
from quotes.management.commands.evaluate_extraction import load_gold_sets, predict
from quotes.nlp.confidence import TABLE, write_counts


class Command(BaseCommand):
    help = "Count right and wrong attributions per sieve on tuning gold and write the confidence table."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="tuning gold JSON files (articles beside them, or in seeds/)")
        parser.add_argument("--model", default=None)
        parser.add_argument("--out", default=str(TABLE), help="where to write the table (default: the shipped one)")

    def handle(self, *args, gold, model, out, **options):
        gold_data, texts = load_gold_sets(",".join(gold), None)
        # The sieves alone: the table is one of the ranker's features, read
        # off the sieves' choices before the ranker sees them.
        outcomes = attribution_outcomes(gold_data, predict(texts, model, use_ranker=False))
        counts = sieve_counts(outcomes)
        write_counts(counts, [str(g) for g in gold], Path(out))
        for (sieve, via), (right, total) in sorted(counts.items()):
            self.stdout.write(f"{sieve:20s} {via:18s} {right:4d}/{total:<4d}")
        self.stdout.write(f"{len(outcomes)} attributions from {len(texts)} articles -> {out}")
