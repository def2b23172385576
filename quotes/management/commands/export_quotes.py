"""Contract command (docs/ARCHITECTURE.md, "Contracts"): every Quote with its printings as JSON."""
import json

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from quotes.models import Appearance, Quote


class Command(BaseCommand):
    help = "Print every quote with its appearances (one object per span) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--include-hidden", action="store_true")

    def handle(self, *args, include_hidden, **options):
        quotes = Quote.objects.select_related("speaker").order_by("id")
        if not include_hidden:
            quotes = quotes.filter(hidden=False)
        quotes = quotes.prefetch_related(
            Prefetch("appearances", queryset=Appearance.objects.select_related("article__outlet").order_by("id"))
        )
        out = []
        for quote in quotes.iterator(chunk_size=500):
            out.append(
                {
                    "id": quote.id,
                    "speaker": quote.speaker.name if quote.speaker else None,
                    "text": quote.text,
                    "kind": quote.kind,
                    "appearances": [
                        {
                            "article": a.article.source_name,
                            "outlet": a.article.outlet.name,
                            "text": a.article.text[start:end],
                            "start": start,
                            "end": end,
                        }
                        for a in quote.appearances.all()
                        for start, end in a.spans
                    ],
                }
            )
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
