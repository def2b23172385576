"""Misquote watch, without Django: which printings of one statement print
other words than the rest, written for these tests (no seed sentences)."""
import pytest

from quotes.linking.misquote import Change, Printing, expand, misquotes

FULL = "We have spent two years rebuilding the harbour, and the fishermen who stayed deserve to see the boats come back"


def flags(*texts: str, reference: str | None = None) -> dict[int, list[tuple[str, str, int, int]]]:
    """Each printing from its own outlet, keyed by position."""
    found = misquotes([Printing(i, t, f"outlet-{i}") for i, t in enumerate(texts)], reference)
    return {k: [(c.old, c.new, c.agree_old, c.agree_new) for c in v] for k, v in found.items()}


CASES = [
    # the same words: quotation marks, apostrophes, case and punctuation folded
    ((FULL, "“We have spent two years rebuilding the harbour — and the fishermen who stayed”", FULL.upper()), {}),
    # trims: a contiguous run, and runs joined by an ellipsis
    ((FULL, "the fishermen who stayed deserve to see the boats", "We have spent two years … the boats come back"), {}),
    # a contraction expanded is the same words
    ((FULL.replace("We have", "We've"), FULL, "we have spent two years rebuilding"), {}),
    # one outlet substitutes a word the two others print
    ((FULL, FULL, FULL.replace("rebuilding", "repairing")), {2: [("rebuilding", "repairing", 2, 1)]}),
    # ... inserts one
    ((FULL, FULL, FULL.replace("who stayed", "who bravely stayed")),
     {2: [("who stayed", "who bravely stayed", 2, 1)]}),
    # ... or silently drops one inside the stretch it quotes
    ((FULL, FULL, FULL.replace("the boats come", "boats come")), {2: [("see the boats", "see boats", 2, 1)]}),
    # a trimmed printing that changed a word inside its stretch is flagged
    ((FULL, FULL, "the fishermen who stayed deserve to watch the boats"), {2: [("see", "watch", 2, 1)]}),
    # a word changed at a printing's edge, where the others print another word there
    ((FULL, FULL, "the sailors who stayed deserve to see"), {2: [("fishermen", "sailors", 2, 1)]}),
    # the longest printing can be the one that changed the words
    ((FULL.replace("two years", "three years") + " home", FULL, FULL),
     {0: [("two", "three", 2, 1)]}),
    # one against one: nobody can say which changed, so both are flagged
    ((FULL, FULL.replace("harbour", "port")), {0: [("port", "harbour", 1, 1)], 1: [("harbour", "port", 1, 1)]}),
    # two sentences of one statement printed apart share short runs without
    # being one passage ("the bill", "is the")
    (("This is not the bill I would have written.", "It is the bill that could pass, and the river cannot wait."), {}),
    # a short partial quote with its middle word changed
    (("will not be rushed", "will not be rushed", "will never be rushed"), {2: [("not", "never", 2, 1)]}),
]


@pytest.mark.parametrize(("texts", "expected"), CASES)
def test_flags(texts, expected):
    assert flags(*texts) == expected


def test_one_outlet_printing_two_passages_differently_has_not_misquoted_itself():
    printed = [
        Printing(1, "We will take part where it serves our citizens,", "outlet-a"),
        Printing(2, "and we will not take part where it does not.", "outlet-a"),
    ]
    assert misquotes(printed) == {}


def test_an_outlet_repeating_its_version_is_one_voice():
    printed = [
        Printing(1, FULL, "outlet-a"),
        Printing(2, FULL.replace("rebuilding", "repairing"), "outlet-b"),
        Printing(3, "two years repairing the harbour", "outlet-b"),
    ]
    found = misquotes(printed)
    assert found[2] == [Change("rebuilding", "repairing", 1, 1)]
    assert found[1] == [Change("repairing", "rebuilding", 1, 1)]
    assert set(found) == {1, 2, 3}


def test_an_added_word_at_the_edge_is_not_judged():
    # Nobody prints a word before "We" or after "back": the outlet may simply
    # have quoted more of the statement.
    assert flags(FULL, FULL, f"Honestly, {FULL} home") == {}


def test_the_spans_of_a_split_quotation_are_pieces():
    # Printed "…the harbour,” she said, “and the fishermen…": the attribution
    # between the spans is not a change.
    first, second = "We have spent two years rebuilding the harbour,", "and the fishermen who stayed deserve"
    split = Printing(2, f"{first} {second}", "outlet-c", (len(first), len(second)))
    assert misquotes([Printing(0, FULL, "a"), Printing(1, FULL, "b"), split]) == {}


@pytest.mark.parametrize(("word", "expanded"), [
    ("won't", ("will", "not")), ("can't", ("cannot",)), ("isn't", ("is", "not")), ("they're", ("they", "are")),
    ("it's", ("it", "is")), ("we'd", ("we", "would")), ("o'brien", ("o'brien",)), ("harbour", ("harbour",)),
])
def test_contractions(word, expanded):
    assert expand(word) == expanded


def test_fewer_than_two_printings_flag_nothing():
    assert misquotes([Printing(1, FULL)]) == {}
    assert misquotes([Printing(1, FULL), Printing(2, "  ")]) == {}
