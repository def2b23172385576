"""The learned attribution ranker: the sieves' last step.

Every quotation gets a list of candidate speakers: the people, groups and
sources mentioned within a few sentences of it (the attributor's salience
list: subjects of cues and of main clauses, and named mentions), plus the
sieves' own choice. Each candidate is described by features (distance, the
syntactic role of its nearest mention, where it sits relative to the quote,
how salient it is, and, for the sieves' choice, which sieve made it), and two
small logistic models trained on the gold by `make ranker` (never on a blind
set) score them, in the manner of O'Keefe et al. (2012) and Pareti (2015):

- the *candidate* model sees only the candidates, not the sieves. Where the
  sieves left a quote without a speaker, its favourite becomes the speaker
  if it is sure enough (`assign_floor`, chosen by leaving one gold set out);
- the *confidence* model also sees what the sieves did. Its probability for
  the speaker a quote ends up with, mapped through a two-number Platt
  scaling (`calibration`), is that attribution's confidence. The scaling is
  fitted on held-out predictions (each gold set scored by models trained
  without it, their table feature counted without it too), so it corrects
  the over-confidence a model shows on text it was not trained on;
  `manage.py train_ranker` prints the held-out reliability before and after.

Letting the candidate model overrule a speaker the sieves chose was measured
the same way and never helped, so the sieves keep every choice they make.
The models ship as a small JSON file of weights (data/attribution_ranker.json),
so inference is a dot product and needs no learning library.
"""
from __future__ import annotations

import bisect
import functools
import json
import math
import re
from dataclasses import dataclass, replace

from .headings import topic_heading
from .lexicon import DATA_DIR
from .results import ExtractedQuote

MODEL = DATA_DIR / "attribution_ranker.json"
_BEFORE, _AFTER = 4, 2   # sentences of context on each side of a quote
SIEVES = ("cue-syntax", "cue-nearest", "cue-next-sentence", "headline", "heading", "topic-heading", "adjacent-after",
          "conversation", "continuation", "colon-intro", "colon-continuation", "adjacent-sentence", "adjacent-mention", "echo")
VIAS = ("name", "name-unknown", "pronoun", "pronoun-ambiguous", "cataphora", "description", "description-next", "role",
        "organisation", "document", "unnamed", "group")
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Candidate:
    speaker: str
    is_group: bool
    via: str
    as_written: str | None
    features: dict[str, float]


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return dict(weights=self.weights, bias=self.bias)

    @classmethod
    def from_json(cls, data: dict) -> Model:
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]))


@dataclass(frozen=True)
class Ranker:
    candidate: Model          # blind to the sieves: who, of the candidates, said it
    confidence: Model         # sees the sieves too: how likely the final speaker is right
    assign_floor: float       # the candidate model's favourite fills an empty speaker from here up
    calibration: tuple[float, float] = (1.0, 0.0)   # Platt scaling of the confidence model's logit: a, b

    def confidence_of(self, features: dict[str, float]) -> float:
        """The attribution's confidence: the confidence model's probability, calibrated."""
        p = min(max(self.confidence.probability(features), 1e-9), 1 - 1e-9)
        a, b = self.calibration
        z = a * math.log(p / (1 - p)) + b
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return dict(candidate=self.candidate.to_json(), confidence=self.confidence.to_json(),
                    assign_floor=self.assign_floor, calibration=list(self.calibration))

    @classmethod
    def from_json(cls, data: dict) -> Ranker:
        a, b = data.get("calibration", (1.0, 0.0))
        return cls(Model.from_json(data["candidate"]), Model.from_json(data["confidence"]),
                   float(data["assign_floor"]), (float(a), float(b)))


def sieve_blind(features: dict[str, float]) -> dict[str, float]:
    """The candidate model's view: everything except what the sieves chose."""
    return {k: v for k, v in features.items() if not k.startswith(_SIEVE_FEATURES)}


_SIEVE_FEATURES = ("chosen", "sieve=", "via=")


@functools.cache
def load_ranker() -> Ranker | None:
    """The shipped model, or None (the sieves alone) when it has not been built."""
    if not MODEL.exists():
        return None
    return Ranker.from_json(json.loads(MODEL.read_text(encoding="utf-8")))


# candidates -------------------------------------------------------------------
def candidates(view, attributor, people, quotes: list[ExtractedQuote]) -> list[list[Candidate]]:
    """For each quote (document order), its candidate speakers with features."""
    salience = attributor._salience          # (pos, sentence id, rank, referent), document order
    positions = [e[0] for e in salience]
    # "On Dario Venn": who the quotes below are about, never a candidate
    # (headings.py); decided once per mention, not once per quote near it
    in_heading = [topic_heading(view.text, view.paragraphs[view.para_index(p)]) for p in positions]
    sent_of = attributor._sentence_of
    total_mentions = {}
    for _, _, _, ref in salience:
        total_mentions[ref.speaker] = total_mentions.get(ref.speaker, 0) + 1
    top = max(total_mentions.values(), default=0)
    out, previous, asked = [], None, False
    for q in quotes:
        qs, qe = q.spans[0].start, q.spans[-1].end
        s0, s1 = sent_of(qs), sent_of(max(qs, qe - 1))
        q_para = view.para_index(qs)
        para = view.paragraphs[q_para]
        # (short slices only: a one-line article can be a megabyte long)
        whole = qs - para.start < 8 and not view.text[para.start:qs].strip(" \"“”‘’'") \
            and para.end - qe < 8 and not view.text[qe:para.end].strip(" \"“”‘’'.,;!?")
        starts = attributor._starts   # sentence k spans [starts[k-1], starts[k])
        lo = bisect.bisect_left(positions, starts[max(0, min(len(starts), s0 - _BEFORE) - 1)] if starts else 0)
        hi = bisect.bisect_left(positions, starts[s1 + _AFTER] if s1 + _AFTER < len(starts) else len(view.text))
        mentions: dict[str, list] = {}
        for k in range(lo, hi):
            if not in_heading[k]:
                pos, sid, rank, ref = salience[k]
                mentions.setdefault(ref.speaker, []).append((pos, sid, rank, ref))
        if q.speaker and q.speaker not in mentions:
            mentions[q.speaker] = []
        quote_words = {w.lower() for s in q.spans for w in _WORD.findall(s.text)}
        rows = []
        for speaker, ms in mentions.items():
            f = _features(q, speaker, ms, s0, s1, qs, qe, q_para, view, whole, quote_words,
                          total_mentions.get(speaker, 0), top, previous, len(mentions))
            if asked and speaker == previous:
                f["previous_speaker_asked"] = 1.0
            ref = ms[-1][3] if ms else None
            chosen = speaker == q.speaker
            rows.append(Candidate(
                speaker, q.is_group if chosen else bool(ref and ref.is_group),
                (q.via if chosen else ref.via) or "name",
                q.speaker_as_written if chosen else speaker, f))
        out.append(rows)
        if q.speaker:
            previous = q.speaker
        asked = q.spans[-1].text.rstrip(" \"“”‘’'").endswith("?")
    return out


def _features(q, speaker, ms, s0, s1, qs, qe, q_para, view, whole, quote_words, total, top,
              previous, n_candidates) -> dict[str, float]:
    f: dict[str, float] = {}
    chosen = speaker == q.speaker
    if chosen:
        f["chosen"] = 1.0
        f["chosen_confidence"] = q.confidence
        f[f"sieve={q.sieve}" if q.sieve in SIEVES else "sieve=other"] = 1.0
        f[f"via={q.via}" if q.via in VIAS else "via=other"] = 1.0
    if not q.speaker:
        f["sieves_gave_none"] = 1.0
    before = [m for m in ms if m[0] < qs]
    after = [m for m in ms if m[0] >= qe]
    inside_sentence = [m for m in ms if s0 <= m[1] <= s1]
    for label, group, dist in (("before", before, lambda m: s0 - m[1]), ("after", after, lambda m: m[1] - s1)):
        if group:
            d = min(dist(m) for m in group)
            f[f"{label}_dist={min(d, 3)}"] = 1.0
            best = min(m[2] for m in group if dist(m) == d)
            f[f"{label}_rank={best}"] = 1.0
        else:
            f[f"{label}_none"] = 1.0
    if inside_sentence:
        f[f"same_sentence_rank={min(m[2] for m in inside_sentence)}"] = 1.0
    paras = {view.para_index(m[0]) for m in ms}
    if q_para in paras:
        f["same_paragraph"] = 1.0
    if q_para - 1 in paras:
        f["previous_paragraph"] = 1.0
    if q_para + 1 in paras:
        f["next_paragraph"] = 1.0
    if ms:
        f[f"nearest_via={ms[-1][3].via}" if ms[-1][3].via in VIAS else "nearest_via=other"] = 1.0
        if any(m[3].is_group for m in ms):
            f["group"] = 1.0
    f["mentions_window"] = math.log1p(len(ms))
    f["mentions_article"] = math.log1p(total)
    if total and total == top:
        f["most_mentioned"] = 1.0
    if previous and speaker == previous:
        f["previous_speaker"] = 1.0
    words = {w.lower() for w in _WORD.findall(speaker)}
    if words and words & quote_words:
        f["named_in_quote"] = 1.0
    if whole:
        f["whole_paragraph"] = 1.0
    n_words = sum(len(s.text.split()) for s in q.spans)
    f[f"quote_words={min(n_words, 4)}" if n_words < 4 else "quote_words=4+"] = 1.0   # short ones are often titles
    if q.kind == "partial":
        f["partial"] = 1.0
    f["one_candidate"] = 1.0 if n_candidates == 1 else 0.0
    return f


# deciding ---------------------------------------------------------------------
_INDEFINITE = ("a ", "an ", "one ", "another ", "some ")


def rerank(quotes: list[ExtractedQuote], rows: list[list[Candidate]], ranker: Ranker) -> list[ExtractedQuote]:
    """The sieves' quotes with the ranker's decisions: a speaker where the
    sieves gave none and the candidate model is sure enough, and the
    confidence model's probability as every scored attribution's confidence."""
    out = []
    for q, cands in zip(quotes, rows):
        if not cands or q.kind == "indirect":
            out.append(q)
            continue
        if q.speaker:
            chosen = next(c for c in cands if c.speaker == q.speaker)
            out.append(replace(q, confidence=round(ranker.confidence_of(chosen.features), 3)))
            continue
        if q.cue and q.speaker_as_written and q.speaker_as_written.lower().startswith(_INDEFINITE):
            # its cue's subject is someone the article introduces without a
            # name ("…?” a reporter asked): never a nearby person
            out.append(q)
            continue
        # the quote after a question is the answer: never the asker's (the
        # continuation sieve's rule, which the sieves applied before)
        scored = [(ranker.candidate.probability(sieve_blind(c.features)), c) for c in cands
                  if "previous_speaker_asked" not in c.features]
        best_p, best = max(scored, key=lambda pc: pc[0], default=(0.0, None))
        if best is None or best_p < ranker.assign_floor:
            out.append(q)
            continue
        out.append(replace(q, speaker=best.speaker, is_group=best.is_group, via=best.via, cue=None,
                           speaker_as_written=best.as_written, sieve="ranker",
                           confidence=round(ranker.confidence_of(best.features), 3)))
    return out
