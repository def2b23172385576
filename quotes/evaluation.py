"""Scoring against hand-annotated gold quotes (format: shared/README.md).

The semantics follow the team's independent scorer (quoteval.py) so that
the project can measure itself without reading anything outside it at run
time: a predicted span matches a gold quote when the bag-of-words F1 of the
texts is >= 0.75 and the spans overlap; a prediction covering several
segments of one quotation split by its attribution matches all of them.

Linking is scored over pairs of required gold quotes: pairs sharing an
utterance must be in one Quote; pairs in different gold groups (connected
components over shared utterances) must not be, unless a `loose` pair
joins their utterances; pairs in one group without a shared utterance are
not scored. Plain Python, no Django: a later evaluate_extraction command
can share the matching.
"""
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import PurePath

MIN_TEXT_F1 = 0.75


def score_tokens(text: str) -> list[str]:
    text = re.sub(r"[\u2018\u2019\u201b`\u00b4]", "'", text.lower())
    text = re.sub(r"[^\w\s']", " ", text)
    return [t.strip("'") for t in text.split() if t.strip("'")]


def bag_f1(a: list[str], b: list[str]) -> float:
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / max(1, len(a)), common / max(1, len(b))
    return 2 * p * r / (p + r)


def _overlaps(pred: dict, gold: dict) -> bool:
    if pred.get("start") is None or pred.get("end") is None:
        return True
    return pred["start"] < gold["end"] and gold["start"] < pred["end"]


def _article_key(name) -> str:
    return PurePath(str(name)).name


def match_article(golds: list[dict], preds: list[dict]) -> dict[str, int]:
    """{gold quote id: index of the prediction that found it}, best text
    matches first, each prediction used once; then unused predictions that
    cover a whole split quotation."""
    gold_tokens = {g["id"]: score_tokens(g["text"]) for g in golds}
    pred_tokens = [score_tokens(p.get("text") or "") for p in preds]
    pairs = sorted(
        (
            (score, i, g["id"])
            for i, p in enumerate(preds)
            for g in golds
            if (score := bag_f1(pred_tokens[i], gold_tokens[g["id"]])) >= MIN_TEXT_F1 and _overlaps(p, g)
        ),
        reverse=True,
    )
    used: set[int] = set()
    found: dict[str, int] = {}
    for _, i, gid in pairs:
        if i not in used and gid not in found:
            used.add(i)
            found[gid] = i
    segments = defaultdict(list)
    for g in golds:
        for u in g["utterances"]:
            segments[u].append(g)
    for i, p in enumerate(preds):
        if i in used:
            continue
        for segs in segments.values():
            if len(segs) < 2:
                continue
            union = [t for g in sorted(segs, key=lambda g: g["start"]) for t in gold_tokens[g["id"]]]
            if bag_f1(pred_tokens[i], union) >= MIN_TEXT_F1 and all(_overlaps(p, g) for g in segs):
                used.add(i)
                for g in segs:
                    found.setdefault(g["id"], i)
                break
    return found


@dataclass
class LinkScore:
    linked: int = 0  # must-link pairs in one quote
    missed: int = 0  # must-link pairs in different quotes
    wrong: int = 0  # must-not-link pairs in one quote
    unfound: int = 0  # must-link pairs with a quote extraction did not find
    log: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.linked / (self.linked + self.wrong) if self.linked + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.linked / (self.linked + self.missed) if self.linked + self.missed else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_linking(gold: dict, export: list[dict]) -> LinkScore:
    """Pairwise link scores of an export_quotes dump against gold."""
    preds = defaultdict(list)
    for quote in export:
        for a in quote["appearances"]:
            preds[_article_key(a["article"])].append(dict(a, cluster=quote["id"]))
    golds = defaultdict(list)
    for g in gold["quotes"]:
        golds[_article_key(g["article"])].append(g)
    cluster = {}
    for article, items in golds.items():
        plist = preds.get(article, [])
        for gid, i in match_article(items, plist).items():
            cluster[gid] = plist[i]["cluster"]

    required = [q for q in gold["quotes"] if q["required"]]
    group = _groups(required)
    group_utts = defaultdict(set)
    for q in required:
        group_utts[group[q["id"]]] |= set(q["utterances"])
    loose = {frozenset(p) for p in gold.get("loose", [])}
    score = LinkScore()
    for a, b in combinations(required, 2):
        share = bool(set(a["utterances"]) & set(b["utterances"]))
        ga, gb = group[a["id"]], group[b["id"]]
        if not share and (
            ga == gb or any(frozenset((u, v)) in loose for u in group_utts[ga] for v in group_utts[gb])
        ):
            continue
        if a["id"] not in cluster or b["id"] not in cluster:
            score.unfound += share
            continue
        together = cluster[a["id"]] == cluster[b["id"]]
        pair = f"{a['id']} ~ {b['id']} | {a['text'][:45]} | {b['text'][:45]}"
        if share and together:
            score.linked += 1
        elif share:
            score.missed += 1
            score.log.append(f"NOT LINKED {pair}")
        elif together:
            score.wrong += 1
            score.log.append(f"WRONGLY LINKED {pair}")
    return score


def _groups(quotes: list[dict]) -> dict[str, str]:
    """Connected components of gold quotes over shared utterances."""
    parent = {q["id"]: q["id"] for q in quotes}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner = {}
    for q in quotes:
        for u in q["utterances"]:
            if u in owner:
                parent[root(q["id"])] = root(owner[u])
            else:
                owner[u] = q["id"]
    return {q["id"]: root(q["id"]) for q in quotes}


# --- extraction and attribution -------------------------------------------

_GROUP_STOP = {"the", "of", "and", "a", "an", "some", "several", "other"}


def _speaker_words(name: str) -> list[str]:
    # Folded as speakers are matched in the product (Zelensky / Zelenskyy / Zelenskiy).
    from quotes.names import name_words

    return name_words(name or "")


def is_group_name(name: str) -> bool:
    """A gold speaker is a group when its head word is a common noun
    ("NATO members", "European foreign ministers"), not a surname."""
    words = (name or "").split()
    return bool(words) and words[-1][:1].islower()


# quoteval's words that name a group in any gold file.
_GROUP_WORDS = {"nato", "members", "ministers", "european", "officials", "allies", "europe", "alliance", "countries",
                "leaders", "foreign", "reporter", "kremlin", "journalist"}


def speaker_right(predicted: str | None, gold: str, groups: frozenset[str] | None = None) -> bool:
    """Right when the gold surname is among the predicted speaker's words;
    for a group, when they share a content word. A gold file that lists its
    `groups` is read as quoteval reads it: every other speaker is a person,
    known by the last word of the name (hyphens split words)."""
    if not predicted:
        return False
    if groups is not None:
        pred_tokens = set(score_tokens(predicted))
        gold_tokens = score_tokens(gold)
        if gold in groups:
            return bool(pred_tokens & (_GROUP_WORDS | (set(gold_tokens) - _GROUP_STOP)))
        folded = _speaker_words(gold)   # Zelensky / Zelenskyy, as the product folds names
        return bool(gold_tokens) and (
            gold_tokens[-1] in pred_tokens or bool(folded) and folded[-1] in _speaker_words(predicted))
    pred = set(_speaker_words(predicted))
    gold_words = _speaker_words(gold)
    if is_group_name(gold):
        return bool(pred & (set(gold_words) - _GROUP_STOP))
    return bool(gold_words) and gold_words[-1] in pred


def _names_a_person(predicted: str | None) -> bool:
    return bool(predicted) and not is_group_name(predicted)


@dataclass
class ExtractionScore:
    required: int = 0
    found: int = 0
    speaker_right: int = 0
    counted: int = 0  # predictions that count for precision
    matched: int = 0  # counted predictions that matched some gold quote
    true_positive: int = 0
    unattributed: int = 0  # required gold quotes found but given no speaker
    log: list[str] = field(default_factory=list)

    @property
    def unattributed_share(self) -> float:
        return self.unattributed / self.found if self.found else 0.0

    @property
    def detection_recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def detection_precision(self) -> float:
        return self.matched / self.counted if self.counted else 0.0

    @property
    def attribution_accuracy(self) -> float:
        return self.speaker_right / self.found if self.found else 0.0

    @property
    def precision(self) -> float:
        return self.true_positive / self.counted if self.counted else 0.0

    @property
    def recall(self) -> float:
        return self.speaker_right / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_extraction(gold: dict, predictions: list[dict]) -> ExtractionScore:
    """Score extract_quotes output ([{"file", "quotes"}]) against gold.
    Indirect claims are not scored: the gold holds direct and partial quotes."""
    groups = frozenset(gold["groups"]) if gold.get("groups") else None
    golds, ignores = defaultdict(list), defaultdict(list)
    for g in gold["quotes"]:
        golds[_article_key(g["article"])].append(g)
    for g in gold.get("ignore", []):
        ignores[_article_key(g["article"])].append(g)
    preds = {
        _article_key(p["file"]): [q for q in p["quotes"] if q.get("kind") != "indirect"] for p in predictions
    }
    score = ExtractionScore(required=sum(1 for g in gold["quotes"] if g["required"]))
    for article, items in golds.items():
        plist = preds.get(article, [])
        match = match_article(items, plist)
        by_id = {g["id"]: g for g in items}
        counted, found, found_before = set(), {}, set()
        for gid, i in sorted(match.items(), key=lambda kv: not by_id[kv[0]]["required"]):
            g, p = by_id[gid], plist[i]
            ok = speaker_right(p.get("speaker"), g["speaker"], groups)
            if g["required"]:
                found[gid] = ok
                score.unattributed += not p.get("speaker") and gid not in found_before
                found_before.add(gid)
            if i in counted:
                continue
            counted.add(i)
            if g["required"]:
                score.counted += 1
                score.matched += 1
                score.true_positive += ok
                if not ok:
                    score.log.append(f"WRONG SPEAKER {article} {gid}: {p.get('speaker')!r} for {g['speaker']!r}")
            elif _names_a_person(p.get("speaker")) and not ok:
                score.counted += 1
                score.matched += 1
                score.log.append(f"WRONG SPEAKER (optional) {article} {gid}: {p.get('speaker')!r}")
        used = set(match.values())
        for i, p in enumerate(plist):
            if i in used:
                continue
            tokens = score_tokens(p.get("text") or "")
            if any(bag_f1(tokens, score_tokens(s["text"])) >= MIN_TEXT_F1 and _overlaps(p, s) for s in ignores[article]):
                if _names_a_person(p.get("speaker")):
                    score.counted += 1
                    score.log.append(f"FP (not a statement) {article}: {p.get('speaker')!r}")
                continue
            score.counted += 1
            score.log.append(f"FP {article}: {p.get('speaker')!r} | {(p.get('text') or '')[:70]}")
        for g in items:
            if g["required"] and g["id"] not in found:
                score.log.append(f"MISS {article} {g['id']}: {g['speaker']} | {g['text'][:70]}")
        score.found += len(found)
        score.speaker_right += sum(found.values())
    return score


# --- calibration -------------------------------------------------------------

RELIABILITY_BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class Outcome:
    """One attribution the extractor made on a gold quote, and whether its
    speaker was right."""
    article: str
    sieve: str | None
    via: str | None
    confidence: float
    right: bool


def attribution_outcomes(gold: dict, predictions: list[dict]) -> list[Outcome]:
    """Every prediction that names a speaker and found a gold quote (a
    required one, or an optional one it gives to a person), with whether the
    speaker is right: what confidence is calibrated against."""
    groups = frozenset(gold["groups"]) if gold.get("groups") else None
    golds = defaultdict(list)
    for g in gold["quotes"]:
        golds[_article_key(g["article"])].append(g)
    out = []
    for p in predictions:
        article = _article_key(p["file"])
        plist = [q for q in p["quotes"] if q.get("kind") != "indirect"]
        by_id = {g["id"]: g for g in golds.get(article, [])}
        seen = set()
        for gid, i in sorted(match_article(golds.get(article, []), plist).items(),
                             key=lambda kv: not by_id[kv[0]]["required"]):
            q, g = plist[i], by_id[gid]
            if i in seen or not q.get("speaker") or not (g["required"] or _names_a_person(q["speaker"])):
                continue
            seen.add(i)
            out.append(Outcome(article, q.get("sieve"), q.get("via"), float(q.get("confidence") or 0.0),
                               speaker_right(q["speaker"], g["speaker"], groups)))
    return out


def reliability_table(outcomes: list[Outcome]) -> list[tuple[str, int, float]]:
    """(confidence bucket, attributions in it, share right), lowest first."""
    rows = []
    edges = list(RELIABILITY_BUCKETS) + [1.0001]
    for lo, hi in zip(edges, edges[1:]):
        inside = [o for o in outcomes if lo <= o.confidence < hi]
        label = f"{lo:.2f}-{min(hi, 1.0):.2f}"
        rows.append((label, len(inside), sum(o.right for o in inside) / len(inside) if inside else float("nan")))
    return rows


def sieve_counts(outcomes: list[Outcome]) -> dict[tuple[str, str], tuple[int, int]]:
    """{(sieve, via): (right, total)}: the calibration table's rows."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        if o.sieve and o.via:
            counts[o.sieve, o.via][0] += o.right
            counts[o.sieve, o.via][1] += 1
    return {k: (r, t) for k, (r, t) in counts.items()}


# --- reported claims ---------------------------------------------------------

_WORD_RE = re.compile(r"\w+")


@dataclass
class ClaimScore:
    gold: int = 0
    found: int = 0            # gold claims whose words predicted spans cover at least half of
    speaker_right: int = 0    # found, and the covering prediction names the right source
    kind_right: int = 0       # found, and the source kind is the gold's
    predicted: int = 0        # indirect predictions (one per span)
    predicted_right: int = 0  # mostly inside a gold claim, with the right speaker
    log: list[str] = field(default_factory=list)

    @property
    def detection_recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.speaker_right / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _inside(p: dict, g: dict) -> bool:
    """Most of the prediction lies inside the gold claim."""
    overlap = min(p["end"], g["end"]) - max(p["start"], g["start"])
    return overlap > 0 and overlap * 2 > p["end"] - p["start"]


def score_claims(gold: dict, predictions: list[dict]) -> ClaimScore:
    """Reported claims (kind "indirect") against claim gold
    ({"claims": [{"article", "speaker", "source_kind", "text", "start", "end", …}]}):
    a claim is found when predictions that lie mostly inside it cover at least
    half of its words; it is right when the best of them names its speaker."""
    golds = defaultdict(list)
    for g in gold["claims"]:
        golds[_article_key(g["article"])].append(g)
    score = ClaimScore(gold=len(gold["claims"]))
    for p in predictions:
        article = _article_key(p["file"])
        plist = [q for q in p["quotes"] if q.get("kind") == "indirect"]
        score.predicted += len(plist)
        right_preds = set()
        for g in golds.get(article, []):
            inside = [i for i, q in enumerate(plist) if _inside(q, g)]
            words = [(g["start"] + m.start(), g["start"] + m.end()) for m in _WORD_RE.finditer(g["text"])]
            covered = sum(any(plist[i]["start"] <= (a + b) // 2 < plist[i]["end"] for i in inside) for a, b in words)
            if not words or covered * 2 < len(words):
                score.log.append(f"MISS {article} {g['id']}: {g['speaker']} | {g['text'][:70]}")
                continue
            score.found += 1
            right = [i for i in inside if speaker_right(plist[i].get("speaker"), g["speaker"])]
            right_preds.update(right)
            if right:
                score.speaker_right += 1
                score.kind_right += any(plist[i].get("source_kind") == g.get("source_kind") for i in right)
            else:
                score.log.append(f"WRONG SPEAKER {article} {g['id']}: {plist[inside[0]].get('speaker')!r} "
                                 f"for {g['speaker']!r} | {g['text'][:60]}")
        score.predicted_right += len(right_preds)
        for i, q in enumerate(plist):
            if i not in right_preds and not any(_inside(q, g) for g in golds.get(article, [])):
                score.log.append(f"FP {article}: {q.get('speaker')!r} | {q['text'][:70]}")
    return score
