"""Page furniture that speaks to the reader (search boxes, shortcut hints,
correction links, support appeals) is found by general rules, not by phrases
copied from one page."""
import pytest

from quotes.nlp.furniture import furniture_flags
from quotes.nlp.lexicon import load_lexicon
from quotes.nlp.paragraphs import split_paragraphs


def flags(text):
    return furniture_flags(text, split_paragraphs(text), load_lexicon())


REPORT = (
    "The ministers met for six hours on Tuesday and agreed on a timetable for the talks, "
    "officials in both capitals said afterwards."
)


@pytest.mark.parametrize(
    ("paragraph", "furniture"),
    [
        ("Hit Enter to look up an article, or Escape to close.", True),
        ("Select the mistake and hit Cmd + K to tell the editors.", True),
        ("Found a typo? Send it to us here", True),
        ("Tell us what you think here", True),
        ("Reporting like this costs money. If you value it, you can keep us going: our journalists "
         "rely on readers, and we would be grateful for whatever you give.", True),
        # Reporting, and people speaking in their own words, are not the page.
        ("Home » World » Europe", True),
        # a guillemet against a word closes a quotation; it is no breadcrumb
        ("«We will not move,» she said.", False),
        ("Prices rose by 4 percent in the year to March, the statistics office said, the fastest pace "
         "since 2023.", False),
        ("“We will not leave you behind, and we will keep our promise to you,” the mayor told residents.", False),
        ("The minister said the team would press Enter-based reforms next year.", False),
        ("The envoy said we had reached the limit of what diplomacy can do here", False),
        ("The envoy said the talks would continue here.", False),
        ("Asked whether the deal was dead, she said the talks would resume in May.", False),
    ],
)
def test_reader_facing_furniture(paragraph, furniture):
    before = (
        "Talks between the two governments resumed on Monday after a break of three weeks, and both sides sent "
        "larger teams."
    )
    assert flags(f"{before}\n\n{paragraph}\n\n{REPORT}") == [False, furniture, False]


def test_a_story_pasted_as_one_long_paragraph_is_never_furniture(nlp):
    from quotes.nlp import extract_article

    from quotes.nlp.lexicon import load_lexicon

    appeal = " ".join(f"{phrase.capitalize()}." for phrase in load_lexicon().furniture_phrases[:3]) + " "
    story = " ".join(f"“We will rebuild bridge number {k},” Mayor Ana Ruiz said." for k in range(40))
    quotes = [q for q in extract_article(nlp, appeal + story + " " + appeal).quotes if q.kind != "indirect"]
    assert len(quotes) == 40 and {q.speaker for q in quotes} == {"Ana Ruiz"}
