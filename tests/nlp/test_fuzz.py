"""Whatever the input, extraction never crashes and every span is a true
slice of the source."""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotes.nlp import extract_article, to_contract

MARKS = "\"'“”‘’„«»‹›"
_newsy = st.lists(st.sampled_from(list(MARKS) + list("abcXYZ .,;:!?-—()\n\t")
                                  + ["said", " he said", "Mr. Lee", " according to ", "’s"]), max_size=80).map("".join)
_any = st.text(max_size=400)


def _check(text, extraction):
    for q in extraction.quotes:
        assert q.spans and q.kind in ("direct", "partial", "indirect")
        assert list(q.spans) == sorted(q.spans, key=lambda s: s.start)
        for s in q.spans:
            assert 0 <= s.start < s.end <= len(text)
            assert s.text == text[s.start:s.end]
    for row in to_contract(extraction):
        assert text[row["start"]:row["end"]] == row["text"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_newsy, _any), min_size=1, max_size=6).map("".join))
def test_random_text_never_breaks_offsets(nlp, text):
    _check(text, extract_article(nlp, text))


def test_one_megabyte_single_paragraph(nlp):
    rng = random.Random(7)
    parts = ["“We will", " win,” said Dana Ortiz.", " ”Maybe", " ‘not’", " she said", " Ortiz’s team", " '", '"',
             " the plan is “bold", ".", " According to Ortiz,", " ünïcödé", " 日本語", "—"]
    chunks, size = [], 0
    while size < 1_000_000:
        piece = rng.choice(parts)
        chunks.append(piece)
        size += len(piece)
    text = "".join(chunks)
    assert "\n" not in text and len(text) >= 1_000_000
    _check(text, extract_article(nlp, text))
