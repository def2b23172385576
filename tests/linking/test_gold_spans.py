"""The real linking service fed with the gold spans as the extraction, so
that linking is scored on its own, whatever the extractor finds."""
import pytest

from quotes.evaluation import score_linking
from quotes.models import Quote
from tests.linking.conftest import export, link_from_gold

ORDERS = [None, ["004_e8d4d3cecd10d668.txt", "003_865c716e19816dc6.txt", "002_63e65c16875cff2e.txt",
                 "001_384b8cffc89ffb5d.txt", "000_39d992b6524583ee.txt"]]


@pytest.mark.parametrize("join_splits", [True, False], ids=["splits-joined", "splits-apart"])
@pytest.mark.parametrize("order", ORDERS, ids=["file-order", "reverse-order"])
def test_gold_spans_link_perfectly_in_any_order(seed_articles, gold, order, join_splits):
    # splits-apart: extraction returned both halves of "“…,” he said, “…”"
    # as separate printings; linking still makes them one statement.
    link_from_gold(seed_articles, gold, order, join_splits=join_splits)

    score = score_linking(gold, export())

    assert score.log == []
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert score.linked > 10


def test_bridge_printing_joins_two_statements_into_one_quote(seed_articles, gold):
    link_from_gold(seed_articles, gold)

    by_text = {q["text"][:40]: q for q in export()}
    realism = next(q for t, q in by_text.items() if t.startswith("I think realism"))
    outlets = {a["outlet"] for a in realism["appearances"]}
    printed = " ".join(a["text"] for a in realism["appearances"])

    assert outlets == {"The Kyiv Independent", "Euromaidan Press", "The Epoch Times"}
    assert "investment in sacrifice" in printed and "investment and sacrifice" in printed
    # The canonical text is composed from the printings: every part anyone printed.
    assert "amongst friends" in realism["text"] and "neither side wants" in realism["text"]


def test_relinking_an_article_changes_nothing(seed_articles, gold):
    link_from_gold(seed_articles, gold)
    before = sorted((q["text"], len(q["appearances"])) for q in export())

    for article in seed_articles.values():
        article.status = "processing"
        article.save()
    link_from_gold(seed_articles, gold)

    assert sorted((q["text"], len(q["appearances"])) for q in export()) == before
    assert not Quote.objects.filter(appearance_count=0).exists()


@pytest.mark.parametrize("damage", ["one-quote-per-speaker", "every-printing-alone"])
def test_in_project_scorer_agrees_with_the_shared_scorer(seed_articles, gold, tmp_path, damage):
    import json
    import re
    import subprocess
    import sys

    from tests.linking.conftest import GOLD, QUOTEVAL

    link_from_gold(seed_articles, gold)
    quotes = export()
    if damage == "one-quote-per-speaker":  # over-linking: precision drops
        merged = {}
        for q in quotes:
            merged.setdefault(q["speaker"], dict(q, appearances=[]))["appearances"] += q["appearances"]
        quotes = list(merged.values())
    else:  # no linking at all: recall drops
        quotes = [dict(q, id=f"{q['id']}-{i}", appearances=[a]) for q in quotes for i, a in enumerate(q["appearances"])]
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps(quotes), encoding="utf-8")

    ours = score_linking(gold, quotes)
    out = subprocess.run([sys.executable, str(QUOTEVAL), "link", str(GOLD), str(dump)], capture_output=True, text=True).stdout

    p, r = map(float, re.search(r"link precision ([0-9.]+) recall ([0-9.]+)", out).groups())
    assert (round(ours.precision, 3), round(ours.recall, 3)) == (p, r)
    assert ours.f1 < 1.0
