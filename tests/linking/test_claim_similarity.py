"""The claim-similarity baseline and the curve its threshold is chosen from."""
from quotes.linking.claims import claim_similarity
from quotes.management.commands.evaluate_claim_linking import claim_pairs, curve


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
