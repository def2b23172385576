"""The terms extraction stores with each reported claim, for linking it
across outlets: content lemmas, names by their last word, numbers."""
import pytest

from quotes.nlp import extract_article


def _claim(nlp, text):
    (q,) = [q for q in extract_article(nlp, text).quotes if q.kind == "indirect"]
    return q.terms


@pytest.mark.parametrize(
    "text, lemmas, names, numbers",
    [
        # lemmas, not words as printed; function words and the cue left out
        ("Ravi Menon said that the hospitals would reopen in May.", {"hospital", "reopen"}, set(), set()),
        # a number however it is written inside a word; "5,000" is 5000
        ("Ravi Menon said the pre-2014 borders had cost 5,000 jobs.", {"border", "cost", "job"}, set(),
         {"2014", "5000"}),
        # a number written as a word is that number
        ("Ravi Menon said the wards would shut for six months.", {"ward", "shut", "month"}, set(), {"6"}),
        # a name by its last word; a place and its people are one term
        ("Ravi Menon said Vladimir Putin wanted Ukrainian land.", {"putin", "ukraine", "land"}, {"putin", "ukraine"},
         set()),
        # negation is kept: "not realistic" is another claim than "realistic"
        ("Ravi Menon said the plan was not realistic.", {"plan", "not", "realistic"}, set(), set()),
        # a negating prefix states the same: "unrealistic" is "not realistic"
        # (data/claim_negation.txt)
        ("Ravi Menon said the plan was unrealistic.", {"plan", "not", "realistic"}, set(), set()),
        # ... but not every "un-" negates
        ("Ravi Menon said the vote on the plan was unanimous.", {"vote", "plan", "unanimous"}, set(), set()),
    ],
)
def test_claim_terms(nlp, text, lemmas, names, numbers):
    terms = _claim(nlp, text)
    assert lemmas <= set(terms.lemmas) and set(terms.names) == names and set(terms.numbers) == numbers
    assert not {"say", "said", "the", "that"} & set(terms.lemmas)


def test_quotations_carry_no_terms(nlp):
    (q,) = extract_article(nlp, "“The hospitals will reopen in May,” Ravi Menon said.").quotes
    assert q.kind == "direct" and q.terms is None


def test_words_that_only_begin_with_un_add_no_negation(nlp):
    # "under-" and "uni-" begin words that negate nothing
    terms = _claim(nlp, "Ravi Menon said the report was understated and the vote was unanimous.")
    assert "not" not in terms.lemmas
