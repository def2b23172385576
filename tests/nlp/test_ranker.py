"""The learned attribution ranker: what it may and may not do to the sieves'
quotes, the shipped model, and the forms it was added for."""
import json
import math

import pytest
from django.core.management import call_command

from quotes.nlp import extract_article
from quotes.nlp.ranker import MODEL, Candidate, Model, Ranker, load_ranker, rerank
from quotes.nlp.results import ExtractedQuote, Span


def _quote(speaker=None, sieve=None, confidence=0.0, text="We will rebuild the bridge."):
    return ExtractedQuote((Span(0, len(text), text),), "direct", speaker, speaker, "said" if speaker else None,
                          False, sieve, "name" if speaker else None, confidence)


def _cand(speaker, **features):
    return Candidate(speaker, False, "name", speaker, {k: float(v) for k, v in features.items()})


# the candidate model likes a mention in the same paragraph; the confidence model likes the sieves' choice
RANKER = Ranker(candidate=Model({"same_paragraph": 4.0}, -2.0),
                confidence=Model({"chosen": 3.0, "same_paragraph": 1.0}, -1.0), assign_floor=0.8)


def test_an_empty_speaker_is_filled_when_the_candidate_model_is_sure():
    (q,) = rerank([_quote()], [[_cand("Ann Lee", same_paragraph=1), _cand("Tom Reyes", before_none=1)]], RANKER)
    assert (q.speaker, q.sieve, q.cue) == ("Ann Lee", "ranker", None)
    assert q.confidence == pytest.approx(RANKER.confidence.probability({"same_paragraph": 1.0}), abs=1e-3)


def test_an_empty_speaker_stays_empty_below_the_floor():
    (q,) = rerank([_quote()], [[_cand("Ann Lee", before_none=1), _cand("Tom Reyes", after_none=1)]], RANKER)
    assert q.speaker is None and q.sieve is None


def test_the_sieves_choice_is_kept_and_only_its_confidence_changes():
    sieved = _quote("Tom Reyes", "cue-syntax", 0.5)
    rows = [[_cand("Ann Lee", same_paragraph=1), _cand("Tom Reyes", chosen=1)]]
    (q,) = rerank([sieved], rows, RANKER)
    assert (q.speaker, q.sieve) == ("Tom Reyes", "cue-syntax")
    assert q.confidence == pytest.approx(RANKER.confidence.probability({"chosen": 1.0}), abs=1e-3)


def test_the_answer_to_a_question_is_never_given_to_the_asker():
    rows = [[_cand("Ann Lee", same_paragraph=1, previous_speaker_asked=1)]]
    (q,) = rerank([_quote()], rows, RANKER)
    assert q.speaker is None


def test_the_shipped_model_was_built_from_gold_and_is_not_a_blind_set():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    ranker = load_ranker()
    assert ranker is not None and 0 < ranker.assign_floor <= 1
    assert len(ranker.candidate.weights) > 10 and len(ranker.confidence.weights) > 10
    # C, D and I measure the ranker: training on them would make them useless for that (F and H, written
    # blind, have been training sets since the calibration round: the calibration is fitted on them)
    assert not {"c_quotes.json", "d1_quotes.json", "d2_quotes.json", "i_quotes.json"} & set(data["trained_on"])


@pytest.mark.parametrize("text, phrase, speaker", [
    # the forms this round's fixes were for (sentences written for the test)
    ("The hearing was chaired by the county's MP, Helen Achebe-Price, who repeated what she had said in May: "
     "“The defences were promised twice.”", "promised twice", "Helen Achebe-Price"),
    ("Gov. Maria Oyelaran signed the bill. “This is the largest investment in a generation,” the governor said.",
     "largest investment", "Maria Oyelaran"),
    ("Tarrowby’s MP, Helen Achebe-Price, has arrived at the shelter.\n\n“People here were told twice,” she said.",
     "told twice", "Helen Achebe-Price"),
    ("Priya Ellwood, 34, said she had misjudged the depth. Chief Fire Officer Dominic Lasseter thanked the crews."
     "\n\n“It looked like a puddle,” she said.", "looked like a puddle", "Priya Ellwood"),
])
def test_forms(nlp, text, phrase, speaker):
    hits = [q for q in extract_article(nlp, text).quotes if phrase in q.text]
    assert hits and hits[0].speaker == speaker, [(q.text, q.speaker) for q in hits]


def test_an_interview_answer_goes_to_the_person_its_headline_names(nlp):
    # her captain is named more often than she is; the headline says who answers
    text = ("Annette Crowther: ‘I don’t pick teams to be liked’\n\n"
            "Three days after the derby, Annette Crowther is eating toast in the canteen. She took off her captain, "
            "Marcus Oyelowo, at half-time. Oyelowo was furious. Oyelowo has since apologised.\n\n"
            "Q: Was the substitution planned?\n\nIt was the right call. Marcus had a knock and he was carrying it.\n\n"
            "Q: And the fans?\n\nThey have been patient with us, and I am grateful.\n\n"
            "Q: What happens in March?\n\nThen we play them again, and nobody remembers this one.")
    answers = [q for q in extract_article(nlp, text).quotes if q.sieve == "transcript"]
    assert answers and {q.speaker for q in answers} == {"Annette Crowther"}


@pytest.mark.django_db
def test_train_ranker_writes_a_model_that_loads(tmp_path, shared):
    out = tmp_path / "ranker.json"
    call_command("train_ranker", str(shared / "gold" / "seed_quotes.json"), "tests/fixtures/heldout/gold.json",
                 "--out", str(out), stdout=open(tmp_path / "log.txt", "w"))
    ranker = Ranker.from_json(json.loads(out.read_text()))
    assert ranker.candidate.weights and ranker.confidence.weights
    log = (tmp_path / "log.txt").read_text()
    assert "held-out reliability" in log and "seed_quotes.json" in log


def test_the_calibration_maps_the_confidence_models_probability_and_round_trips():
    shrunk = Ranker(RANKER.candidate, RANKER.confidence, RANKER.assign_floor, calibration=(0.5, 0.0))
    sieved = _quote("Tom Reyes", "cue-syntax", 0.5)
    rows = [[_cand("Tom Reyes", chosen=1, same_paragraph=1)]]
    raw = RANKER.confidence.probability({"chosen": 1.0, "same_paragraph": 1.0})   # logit 3
    (q,) = rerank([sieved], rows, shrunk)
    assert q.confidence == pytest.approx(1 / (1 + math.exp(-1.5)), abs=1e-3) and q.confidence < raw
    assert Ranker.from_json(json.loads(json.dumps(shrunk.to_json()))) == shrunk
    # a model file from before the calibration reads as the identity
    old = {k: v for k, v in RANKER.to_json().items() if k != "calibration"}
    assert Ranker.from_json(old).calibration == (1.0, 0.0)
