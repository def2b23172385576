"""Train the attribution ranker (quotes/nlp/data/attribution_ranker.json) on
gold sets, through `make ranker`. Never give it a blind set: a set the ranker
learned from no longer measures it.

Each quote the sieves found and the gold holds gives one row per candidate
speaker, labelled by whether it names the gold speaker. How sure the
candidate model must be to fill an empty speaker is chosen by leaving one
gold set out at a time, scoring a wrong speaker as twice as bad as none,
because a misattributed line in print is the worst failure.

The confidence is calibrated out of sample. The confidence table
(`make calibrate`) is one of the confidence model's features; on a set the
table was counted on it is optimistic, so each gold set's rows get the
table's value with that set's own counts taken out (and, in a fold, the
held-out set's too). The held-out folds' probabilities, each set scored by
models that never saw it, then fit a Platt scaling (two numbers, shipped
with the weights) that maps the model's probability to the share right.
`--calibrate-on` limits that fit to the sets the rules were not tuned on:
on a tuning set even a held-out model looks better than it will on new
text, because the sieves were written against that set. `--fill-on` keeps
the candidate model (and its floor) to some of the sets while the
confidence model learns from all.
The reliability is printed on the held-out folds before and after the
scaling; after it, the scaling itself is fitted without the set it scores."""
from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quotes.evaluation import _article_key, attribution_outcomes, match_article, sieve_counts, speaker_right
from quotes.management.commands.evaluate_extraction import load_gold_sets
from quotes.nlp import extract_texts, load_pipeline, to_contract
from quotes.nlp.confidence import confidence, load_counts, load_sources
from quotes.nlp.ranker import MODEL, Model, Ranker, rerank, sieve_blind

FLOORS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.1)     # 1.1: never fill an empty speaker
BUCKETS = ((0, .5), (.5, .7), (.7, .8), (.8, .9), (.9, .95), (.95, 1.01))
WRONG_COST = 2


def collect(nlp, gold_path: str):
    """[(quotes, candidate rows, gold speaker per quote or None)] per article, the
    gold's groups, and this set's own rows of the confidence table (the
    sieves' (sieve, via) -> (right, total), counted as `make calibrate` does)."""
    gold, texts = load_gold_sets(gold_path, None)
    groups = frozenset(gold["groups"]) if gold.get("groups") else None
    by_article = {}
    for g in gold["quotes"]:
        by_article.setdefault(_article_key(g["article"]), []).append(g)
    seen = []
    extracted = list(extract_texts(nlp, [t for _, t in texts], use_ranker=False,
                                   observe=lambda q, r: seen.append((q, r))))
    counts = sieve_counts(attribution_outcomes(
        gold, [{"file": n, "quotes": to_contract(x)} for (n, _), x in zip(texts, extracted)]))
    articles = []
    for (name, _), (quotes, rows) in zip(texts, seen):
        golds = by_article.get(_article_key(name), [])
        preds = [dict(start=q.spans[0].start, end=q.spans[-1].end, text=q.text) for q in quotes]
        found = {i: gid for gid, i in match_article(golds, preds).items()}
        speaker_of = {g["id"]: g["speaker"] for g in golds}
        articles.append((quotes, rows, [speaker_of.get(found.get(i)) for i in range(len(quotes))]))
    return articles, groups, counts


def without(table: dict, *parts: dict) -> dict:
    """The table's counts with some sets' own counts taken out."""
    out = dict(table)
    for part in parts:
        for key, (r, t) in part.items():
            if key in out:
                out[key] = (max(0, out[key][0] - r), max(0, out[key][1] - t))
    return {k: (r, t) for k, (r, t) in out.items() if t > 0}


def table_out_of(sets, counted: list[bool], exclude: int | None = None):
    """The sets with the confidence model's table feature read off a table
    that never counted the set itself (nor set `exclude`): what the feature
    is on text the table has not seen."""
    table = load_counts()
    out = []
    for j, (articles, groups, own) in enumerate(sets):
        parts = [own] if counted[j] else []
        if exclude is not None and exclude != j and counted[exclude]:
            parts.append(sets[exclude][2])
        counts = without(table, *parts)
        new_articles = []
        for quotes, rows, golds in articles:
            new_rows = []
            for q, cands in zip(quotes, rows):
                new_rows.append([
                    replace(c, features={**c.features, "chosen_confidence": confidence(q.sieve, q.via, counts)})
                    if "chosen_confidence" in c.features and q.speaker == c.speaker else c
                    for c in cands])
            new_articles.append((quotes, new_rows, golds))
        out.append((new_articles, groups, own))
    return out


def platt(pairs) -> tuple[float, float]:
    """(a, b) with sigmoid(a * logit(p) + b) the share right, fitted on (p, right) pairs."""
    from sklearn.linear_model import LogisticRegression
    xs = [[_logit(p)] for p, _ in pairs]
    ys = [int(ok) for _, ok in pairs]
    if len(set(ys)) < 2:
        return 1.0, 0.0
    model = LogisticRegression(C=1e4, max_iter=5000).fit(xs, ys)
    return round(float(model.coef_[0][0]), 5), round(float(model.intercept_[0]), 5)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def fit(samples, view=lambda f: f) -> Model:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vec = DictVectorizer()
    x = vec.fit_transform([view(f) for f, _ in samples])
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x, [y for _, y in samples])
    weights = {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])}
    return Model(weights, round(float(model.intercept_[0]), 5))


def train(sets, floor: float, fill_sets=None) -> Ranker:
    """The candidate model on `fill_sets` (default: all the sets), the confidence model on all of them."""
    fill_sets = sets if fill_sets is None else fill_sets
    return Ranker(fit(samples_of(fill_sets, with_non_quotes=True), sieve_blind), fit(samples_of(sets)), floor)


def samples_of(sets, with_non_quotes: bool = False):
    """(features, label) per candidate. With non_quotes, the candidates of
    quotes the gold does not hold (titles, scare quotes) are all negatives:
    the candidate model must learn that those have no speaker to fill."""
    out = []
    for articles, groups, _ in sets:
        for quotes, rows, golds in articles:
            for cands, gold in zip(rows, golds):
                if gold is None:
                    if with_non_quotes:
                        out += [(c.features, 0) for c in cands]
                    continue
                out += [(c.features, int(speaker_right(c.speaker, gold, groups))) for c in cands]
    return out


def outcomes(sets, ranker: Ranker | None):
    """(right, wrong, none, [(confidence, right)], invented) over the quotes
    the sieves found: right/wrong/none over those the gold holds; `invented`
    counts speakers given to quotes the gold does not hold (a scare quote, a
    title), each a false attribution in print."""
    right = wrong = none = invented = 0
    conf = []
    for articles, groups, _ in sets:
        for quotes, rows, golds in articles:
            decided = rerank(quotes, rows, ranker) if ranker else quotes
            for before, q, gold, cands in zip(quotes, decided, golds, rows):
                if gold is None:
                    invented += bool(q.speaker and not before.speaker)
                    continue
                if not q.speaker:
                    none += 1
                    continue
                ok = speaker_right(q.speaker, gold, groups)
                right, wrong = right + ok, wrong + (not ok)
                # unrounded, for fitting the calibration
                chosen = next((c for c in cands if c.speaker == q.speaker), None) if ranker else None
                conf.append((ranker.confidence_of(chosen.features) if chosen else q.confidence, ok))
    return right, wrong, none, conf, invented


class Command(BaseCommand):
    help = "Train the attribution ranker on gold sets (never a blind one) and write its weights."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("gold", nargs="+", help="training gold JSON files (articles beside them, or in seeds/)")
        parser.add_argument("--model", default=None)
        parser.add_argument("--out", default=str(MODEL))
        parser.add_argument("--calibrate-on", nargs="+", default=None, metavar="GOLD",
                            help="fit the calibration on these training sets' held-out predictions only (sets the "
                                 "rules were not tuned on: what new text looks like); default: all of them")
        parser.add_argument("--fill-on", nargs="+", default=None, metavar="GOLD",
                            help="train the candidate model (which fills empty speakers) and choose its floor on "
                                 "these training sets only; the confidence model learns from all; default: all")

    def handle(self, *args, gold, model, out, calibrate_on, fill_on, **options):
        if len(gold) < 2:
            raise CommandError("give at least two gold sets: the floor is chosen by leaving one out")
        resolved = [Path(g).resolve() for g in gold]

        def subset(paths, option):
            if paths is None:
                return set(range(len(gold)))
            missing = [c for c in paths if Path(c).resolve() not in resolved]
            if missing:
                raise CommandError(f"{option} sets must be training sets too: {', '.join(missing)}")
            return {resolved.index(Path(c).resolve()) for c in paths}
        fit_on, fill = subset(calibrate_on, "--calibrate-on"), subset(fill_on, "--fill-on")
        if len(fill) < 2:
            raise CommandError("--fill-on needs at least two gold sets: the floor is chosen by leaving one out")
        nlp = load_pipeline(model or settings.SPACY_MODEL)
        raw = [collect(nlp, g) for g in gold]
        sources = {Path(s).resolve() for s in load_sources()}
        counted = [Path(g).resolve() in sources for g in gold]
        self.stdout.write("confidence table counted on: " + ", ".join(
            Path(g).name for g, c in zip(gold, counted) if c) + " (their own counts are taken out of their rows)")
        sets = table_out_of(raw, counted)
        fold_sets = [table_out_of(raw, counted, exclude=k) for k in range(len(raw))]
        folds = [train([s for j, s in enumerate(fs) if j != k], 1.1, [fs[j] for j in sorted(fill - {k})])
                 for k, fs in enumerate(fold_sets)]

        def held_out(floor):
            return [outcomes([fold_sets[k][k]], Ranker(r.candidate, r.confidence, floor)) for k, r in enumerate(folds)]
        floor = max(FLOORS, key=lambda f: (sum(r - WRONG_COST * w - x for k, (r, w, _, _, x) in enumerate(held_out(f))
                                               if k in fill), f))
        self.stdout.write("held out, one gold set at a time: right/wrong/no speaker (+ speakers given to non-quotes), "
                          "sieves alone -> with the ranker")
        per_set = []
        for k, after in enumerate(held_out(floor)):
            base = outcomes([sets[k]], None)
            per_set.append(after[3])
            self.stdout.write(f"  {Path(gold[k]).name:28s} {base[0]:4d}/{base[1]:3d}/{base[2]:3d} -> "
                              f"{after[0]:4d}/{after[1]:3d}/{after[2]:3d} (+{after[4]})")
        self.stdout.write(f"chosen: the candidate model, trained on "
                          f"{', '.join(Path(gold[k]).name for k in sorted(fill))}, fills an empty speaker from {floor}")
        pooled = [pc for pcs in per_set for pc in pcs]
        calibration = platt([pc for k in sorted(fit_on) for pc in per_set[k]])
        # the scaling's own reliability, each set's scaled by a fit without that set
        scaled, per_set_scaled = [], []
        for k, pcs in enumerate(per_set):
            a, b = platt([pc for j in sorted(fit_on - {k}) for pc in per_set[j]])
            per_set_scaled.append([(1 / (1 + math.exp(-(a * _logit(p) + b))), ok) for p, ok in pcs])
            scaled += per_set_scaled[-1]
        self.stdout.write(f"calibration (Platt, fitted on the held-out folds of "
                          f"{', '.join(Path(gold[k]).name for k in sorted(fit_on))}): "
                          f"a {calibration[0]}, b {calibration[1]}")
        self.stdout.write("held out, confidence >= 0.9: attributions, share right: the model's probability -> calibrated")
        for k, (pcs, spcs) in enumerate(zip(per_set, per_set_scaled)):
            hi, hi2 = [ok for c, ok in pcs if c >= .9], [ok for c, ok in spcs if c >= .9]
            self.stdout.write(f"  {Path(gold[k]).name:28s} {len(hi):4d}  {sum(hi) / len(hi) if hi else float('nan'):.3f}"
                              f" -> {len(hi2):4d}  {sum(hi2) / len(hi2) if hi2 else float('nan'):.3f}")
        self.stdout.write("held-out reliability of the confidence (bucket: attributions, share right: "
                          "the model's probability -> calibrated)")
        for lo, hi in BUCKETS:
            hits = [ok for c, ok in pooled if lo <= c < hi]
            hits2 = [ok for c, ok in scaled if lo <= c < hi]
            self.stdout.write(f"  {lo:.2f}-{min(hi, 1):.2f}: {len(hits):4d}  "
                              f"{sum(hits) / len(hits) if hits else float('nan'):.3f} -> {len(hits2):4d}  "
                              f"{sum(hits2) / len(hits2) if hits2 else float('nan'):.3f}")
        ranker = replace(train(sets, floor, [sets[k] for k in sorted(fill)]), calibration=calibration)
        data = dict(ranker.to_json(), trained_on=[Path(g).name for g in gold])
        Path(out).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(samples_of(sets))} candidates -> {out}")
