"""Issue 16: a speaker page lists statements, and each fragment is shown as a
printing of its statement. On the seeds, through the real pipeline, Pete
Hegseth's page lists each thing he said once."""
import json
from collections import defaultdict

import pytest
from django.conf import settings

from quotes.evaluation import match_article
from quotes.models import Appearance, Speaker
from quotes.nlp import load_pipeline
from quotes.services.extraction import article_extract
from tests.linking.conftest import ingest_seeds


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(settings.SPACY_MODEL)


def test_hegseth_page_lists_each_thing_he_said_once(db, gold, nlp, client, journalist):
    for article in ingest_seeds().values():
        article_extract(article_id=article.id, nlp=nlp)
    hegseth = Speaker.objects.get(name="Pete Hegseth")
    client.force_login(journalist)

    response = client.get(f"/speakers/{hegseth.slug}/?export=json")
    listed = json.loads(b"".join(response.streaming_content))

    # Which listed quote holds each of his gold printings (matched as the scorer does).
    listed_ids = {q["id"] for q in listed}
    holders = defaultdict(set)  # gold utterance -> listed quotes holding one of its printings
    golds = [q for q in gold["quotes"] if q["speaker"] == "Pete Hegseth"]
    for name in {g["article"] for g in golds}:
        # Reported claims (kind "indirect") are not in the quote gold, as the scorer ignores them.
        printed = list(Appearance.objects.filter(article__source_name=name).exclude(kind="indirect")
                       .values("quote_id", "text", "start", "end"))
        mine = [g for g in golds if g["article"] == name]
        for gid, i in match_article(mine, printed).items():
            g = next(g for g in mine if g["id"] == gid)
            for utterance in g["utterances"]:
                holders[utterance].add(printed[i]["quote_id"])
    assert len(holders) >= 25, "extraction found too few of his statements for this test to mean much"
    assert all(quotes <= listed_ids for quotes in holders.values())
    # Each thing he said is one entry on his page...
    assert {u: q for u, q in holders.items() if len(q) > 1} == {}
    # ...and an entry holds several only where the gold allows it: one
    # printing carried both ("realism" and "recognition"), or a loose pair.
    together = {frozenset(g["utterances"]) for g in golds if len(g["utterances"]) > 1}
    together |= {frozenset(p) for p in gold["loose"]}
    entries = defaultdict(set)
    for utterance, quotes in holders.items():
        for quote_id in quotes:
            entries[quote_id].add(utterance)
    for utterances in entries.values():
        assert all(frozenset((a, b)) in together for a in utterances for b in utterances if a < b), utterances
