"""Claim similarity: the linker's measure on terms, the word-overlap baseline,
and the curve the threshold is chosen from."""
import pytest

from quotes.linking.claims import CLAIM_LINK_THRESHOLD, Terms, claim_score, claim_similarity, term_counts
from quotes.management.commands.evaluate_claim_linking import claim_pairs, curve, wrong_pairs


def test_the_same_claim_in_other_words_is_closer_than_another_claim():
    a = "a return to Ukraine's pre-2014 borders is unrealistic"
    b = "returning to the 2014 borders of Ukraine was not realistic"
    c = "European troops should guarantee any ceasefire"
    assert claim_similarity(a, b) > claim_similarity(a, c)
    assert claim_similarity(a, a) == 1.0 and claim_similarity(a, "") == 0.0


def test_different_numbers_halve_the_similarity():
    assert claim_similarity("the army missed its target by 40 percent", "the army missed its target by 10 percent") \
        < claim_similarity("the army missed its target by 40 percent", "the army missed its target by 40 percent")


def test_pairs_are_same_speaker_across_articles_and_the_curve_counts_them():
    claims = [
        {"article": "a", "speaker": "Ann Lee", "text": "the plan will fail in June", "statement": "s1"},
        {"article": "b", "speaker": "Ann Lee", "text": "the plan is going to fail by June", "statement": "s1"},
        {"article": "b", "speaker": "Ann Lee", "text": "taxes will rise next year", "statement": "s2"},
        {"article": "a", "speaker": "Bo Park", "text": "the plan will fail in June", "statement": "s3"},
    ]
    pairs = claim_pairs(claims)
    assert len(pairs) == 2 and sorted(same for _, same in pairs) == [False, True]
    (t, p, r, f), = curve(pairs, [0.5])
    assert (p, r, f) == (1.0, 1.0, 1.0)


# --- claim_score: the linker's measure, on the terms extraction stores --------


def terms(lemmas, names=(), numbers=()):
    return Terms(frozenset(lemmas.split()), frozenset(names), frozenset(numbers))


BRIDGE = terms("harbour road bridge close month", ["road"], ["18"])
BRIDGE_SHUT = terms("harbour road bridge shut month", ["road"], ["18"])


def test_with_no_other_claims_every_term_weighs_the_same():
    # 5 of each claim's 6 terms (the number too) shared: the plain overlap.
    assert claim_score(BRIDGE, BRIDGE_SHUT, term_counts([BRIDGE, BRIDGE_SHUT])) == pytest.approx(5 / 6)
    assert claim_score(BRIDGE, BRIDGE, term_counts([BRIDGE, BRIDGE])) == 1.0


def test_different_numbers_are_different_claims_however_alike_the_words():
    months = terms("harbour road bridge close month", ["road"], ["6"])
    assert claim_score(BRIDGE, months, term_counts([BRIDGE, months])) == 0.0
    # A number only one of them states is no conflict.
    no_number = terms("harbour road bridge close month", ["road"])
    assert claim_score(BRIDGE, no_number, term_counts([BRIDGE, no_number])) >= CLAIM_LINK_THRESHOLD


def test_the_storys_own_words_weigh_less_than_what_sets_a_claim_apart():
    # Two claims about the bridge that share only the story's words: with
    # more of the speaker's claims on the bridge around, they fall apart.
    a = terms("harbour bridge close repair cost")
    b = terms("harbour bridge close ferry free")
    story = [terms("harbour bridge traffic"), terms("harbour bridge close council vote"), terms("bridge close")]
    alone = claim_score(a, b, term_counts([a, b]))
    in_story = claim_score(a, b, term_counts([a, b, *story]))
    assert in_story < alone and in_story < CLAIM_LINK_THRESHOLD


def test_the_curve_scores_claims_on_their_terms():
    claims = [
        {"article": "a", "speaker": "Ann Lee", "text": "-", "statement": "s1"},
        {"article": "b", "speaker": "Ann Lee", "text": "-", "statement": "s1"},
        {"article": "b", "speaker": "Ann Lee", "text": "-", "statement": "s2"},
    ]
    pairs = claim_pairs(claims, [BRIDGE, BRIDGE_SHUT, terms("tax rise year", numbers=["2026"])])
    assert sorted(pairs, key=lambda p: p[0]) == [(0.0, False), (pytest.approx(5 / 6), True)]


def test_the_misses_are_the_pairs_the_threshold_gets_wrong():
    claims = [
        {"article": "a", "speaker": "Ann Lee", "text": "-", "statement": "s1"},
        {"article": "b", "speaker": "Ann Lee", "text": "-", "statement": "s1"},
        {"article": "b", "speaker": "Ann Lee", "text": "-", "statement": "s2"},
        {"article": "c", "speaker": "Ann Lee", "text": "-", "statement": "s1"},
    ]
    tax = terms("tax rise year", numbers=["2026"])
    # 0-1 and 0-3 are one statement (0-1 linked, 0-3 shares nothing: missed);
    # 1-3 shares nothing either (missed); 2 is another statement, never linked.
    wrong = wrong_pairs(claims, [BRIDGE, BRIDGE_SHUT, tax, terms("ferry free")], CLAIM_LINK_THRESHOLD)
    assert [(i, j, same) for _, same, i, j in wrong] == [(0, 3, True), (1, 3, True)]
