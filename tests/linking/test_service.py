"""The linking service against PostgreSQL: candidates from the postings
table, new evidence merging quotes, editors' locks, the trigram selector."""
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command

from quotes import selectors
from quotes.models import Quote, QuoteShingle
from quotes.services import linking
from quotes.services.derived import quotes_refresh_derived
from quotes.services.linking import article_link_fragments, quote_for_printing
from tests.factories import AppearanceFactory, ArticleFactory, SpeakerFactory

FIRST = "The port has been closed for a year, and we have lost three thousand jobs in the town"
BRIDGE = "we have lost three thousand jobs in the town. That cannot go on, and it will not go on"
SECOND = "That cannot go on, and it will not go on while I am the mayor of this town."


def print_in(article, speaker, text, *, start=0, kind="direct"):
    """What article_apply_extraction does for one printing."""
    quote = quote_for_printing(
        article=article, speaker=speaker, text=text, kind=kind, spans=[(start, start + len(text))], cue="said"
    )
    AppearanceFactory(quote=quote, article=article, text=text, start=start, kind=kind)
    touched = article_link_fragments(article=article)
    quotes_refresh_derived(quote_ids={quote.id} | touched)
    return Quote.objects.get(id=quote.id) if Quote.objects.filter(id=quote.id).exists() else quote


@pytest.fixture
def mayor(db):
    return SpeakerFactory(name="Ana Mayor")


def test_variants_from_three_outlets_become_one_quote_with_the_fullest_text(mayor):
    a = print_in(ArticleFactory(published=date(2025, 5, 1)), mayor, FIRST + ".")
    b = print_in(ArticleFactory(published=date(2025, 5, 2)), mayor, "we have LOST three-thousand jobs in the town")
    c = print_in(ArticleFactory(published=date(2025, 5, 2)), mayor, "The port has been closed … we have lost 3,000 jobs")

    assert a.id == b.id
    assert c.id != a.id  # "3,000" for "three thousand" and little else: not enough to be sure
    quote = Quote.objects.get(id=a.id)
    assert quote.text == FIRST + "." and quote.appearance_count == 2 and quote.outlet_count == 2


@pytest.mark.parametrize("spring_first", [True, False])
def test_of_two_printings_as_long_the_earliest_gives_the_wording(mayor, spring_first):
    # As many words and characters; one word apart, so one statement.
    spring = "We will rebuild every bridge in the northern valley before next spring"
    summer = "We will rebuild every bridge in the northern valley before next summer"
    first, later = (spring, summer) if spring_first else (summer, spring)
    a = print_in(ArticleFactory(published=date(2025, 5, 1)), mayor, first)
    b = print_in(ArticleFactory(published=date(2025, 5, 2)), mayor, later)
    assert a.id == b.id
    assert Quote.objects.get(id=a.id).text == first


def test_a_bridging_printing_merges_two_quotes(mayor):
    first = print_in(ArticleFactory(), mayor, FIRST)
    second = print_in(ArticleFactory(), mayor, SECOND)
    assert first.id != second.id

    bridged = print_in(ArticleFactory(), mayor, BRIDGE)

    assert Quote.objects.filter(speaker=mayor).count() == 1
    quote = Quote.objects.get(id=bridged.id)
    assert quote.appearance_count == 3
    assert "three thousand jobs in the town. That cannot go on" in quote.text and quote.text.endswith("this town.")


def test_editor_locked_quotes_are_never_merged_automatically(mayor):
    first = print_in(ArticleFactory(), mayor, FIRST)
    second = print_in(ArticleFactory(), mayor, SECOND)
    Quote.objects.filter(id__in=[first.id, second.id]).update(editor_locked=True)

    bridged = print_in(ArticleFactory(), mayor, BRIDGE)

    assert bridged.id in {first.id, second.id}
    assert Quote.objects.filter(speaker=mayor).count() == 2


def test_another_speakers_statement_is_no_candidate_unless_the_words_are_identical(mayor):
    print_in(ArticleFactory(), mayor, FIRST)
    trimmed = print_in(ArticleFactory(), SpeakerFactory(), FIRST.removeprefix("The port has been closed for a year, "))

    assert Quote.objects.count() == 2 and trimmed.speaker != mayor


def test_identical_words_link_whatever_speaker_extraction_gave_and_the_conflict_is_recorded(mayor):
    unattributed = print_in(ArticleFactory(), None, FIRST)
    named = print_in(article := ArticleFactory(), mayor, FIRST.upper() + "!")
    other = SpeakerFactory()
    third = print_in(third_article := ArticleFactory(), other, FIRST)

    assert unattributed.id == named.id == third.id
    quote = Quote.objects.get(id=named.id)
    assert quote.speaker == mayor and quote.appearance_count == 3  # a named speaker beats none
    conflicts = {(c.article_id, c.speaker_id) for c in selectors.speaker_conflicts_open()}
    assert conflicts == {(article.id, mayor.id), (third_article.id, other.id)}


def test_a_two_word_fragment_links_only_inside_the_article_that_carries_the_full_quote(mayor):
    article = ArticleFactory()
    fragment = print_in(article, mayor, "three thousand", start=0)
    elsewhere = print_in(ArticleFactory(), mayor, "three thousand")
    full = print_in(article, mayor, FIRST, start=100)

    assert Quote.objects.get(id=full.id).appearance_count == 2  # the fragment joined it
    assert not Quote.objects.filter(id=fragment.id).exclude(id=full.id).exists()
    assert Quote.objects.get(id=elsewhere.id).appearance_count == 1


def test_common_shingles_are_ignored_and_candidates_stay_few(mayor, monkeypatch):
    monkeypatch.setattr(linking, "COMMON_SHINGLE", 3)
    for i in range(5):  # a stock phrase in five other statements
        print_in(ArticleFactory(), mayor, f"at the end of the day number {i} we decided otherwise {i}")
    linking.stats.reset()

    print_in(ArticleFactory(), mayor, "at the end of the day the harbour reopens")

    assert (linking.stats.printings, linking.stats.candidates) == (1, 0)


def test_postings_follow_printings_after_an_editor_split(mayor):
    quote = print_in(ArticleFactory(), mayor, FIRST)
    moved = AppearanceFactory(quote=quote, text=SECOND, start=500)
    from quotes.editing.services import quote_split

    split = quote_split(quote=quote, appearances=[moved], by=None).quote

    assert QuoteShingle.objects.filter(quote=split).exists()
    again = print_in(ArticleFactory(), mayor, SECOND)
    assert again.id == split.id


def test_quotes_similar_returns_near_misses_of_the_same_speaker(mayor):
    quote = print_in(ArticleFactory(), mayor, "We will rebuild the harbour before the storms come back")
    near = print_in(ArticleFactory(), mayor, "We will rebuild the harbour wall next spring")
    assert near.id != quote.id
    print_in(ArticleFactory(), SpeakerFactory(), "We will rebuild the harbour before the storms come back")
    print_in(ArticleFactory(), mayor, "Taxes are going down next year")

    found = list(selectors.quotes_similar(quote=quote, limit=5))

    assert [q.id for q in found] == [near.id]
    assert 0 < found[0].similarity <= 1


def test_evaluate_linking_command(seed_articles, gold, capsys):
    from tests.linking.conftest import GOLD, link_from_gold

    link_from_gold(seed_articles, gold)
    call_command("evaluate_linking", gold=str(GOLD))

    out = capsys.readouterr().out
    assert "link F1 1.000 (precision 1.000, recall 1.000)" in out


def test_the_core_never_imports_django():
    code = "import sys, quotes.linking, quotes.evaluation; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR).returncode == 0


def _small_set(tmp_path, names=("h02_british_flood.txt", "h03_ascii_flood.txt")):
    import json
    import shutil

    heldout = settings.BASE_DIR / "tests" / "fixtures" / "heldout"
    gold = json.loads((heldout / "gold.json").read_text(encoding="utf-8"))
    folder = tmp_path / "flood"
    folder.mkdir()
    for name in names:
        shutil.copy(heldout / name, folder / name)
    gold["quotes"] = [q for q in gold["quotes"] if q["article"] in names]
    gold["articles"] = {k: v for k, v in gold["articles"].items() if k in names}
    (folder / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def test_evaluate_linking_links_a_set_folder_through_the_pipeline_and_changes_nothing(db, tmp_path, capsys):
    from articles.models import Article

    existing = ArticleFactory()
    folder = _small_set(tmp_path)

    call_command("evaluate_linking", str(folder), "--only", "--min-run", "3,8")

    out = capsys.readouterr().out.strip().splitlines()
    assert [line.split(":")[0] for line in out] == ["flood min-run 3", "flood min-run 8"]
    assert all("link F1 1.000 (precision 1.000, recall 1.000)" in line for line in out), out
    assert int(out[0].split("must-link pairs scored ")[1].split()[0]) >= 6  # the split flood quotes linked
    assert list(Article.objects.all()) == [existing]  # rolled back, and what was there is back
