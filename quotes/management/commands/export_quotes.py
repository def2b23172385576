"""Contract command (docs/ARCHITECTURE.md, "Contracts"): every Quote with its printings as JSON."""
import json

from django.core.management.base import BaseCommand

from quotes import selectors
from quotes.models import Quote


class Command(BaseCommand):
    help = "Print every quote with its appearances (one object per span) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--include-hidden", action="store_true")
        parser.add_argument("--kind", choices=Quote.Kind.values, help="Only direct, partial or indirect quotes.")

    def handle(self, *args, include_hidden, kind, **options):
        quotes = selectors.quotes_for_contract_export(include_hidden=include_hidden, kind=kind or "")
        out = []
        for quote in quotes.iterator(chunk_size=500):
            out.append(
                {
                    "id": quote.id,
                    "speaker": quote.speaker.name if quote.speaker else None,
                    "speaker_source_kind": quote.speaker.source_kind if quote.speaker else None,
                    "text": quote.text,
                    "kind": quote.kind,
                    "appearances": [
                        {
                            "article": a.article.source_name,
                            "outlet": a.article.outlet.name,
                            "url": a.article.url,
                            "published": a.article.published.isoformat() if a.article.published else None,
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
