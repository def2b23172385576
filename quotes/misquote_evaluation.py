"""Measuring the misquote flag (quotes/linking/misquote.py) on link gold.

Gold quotes sharing an utterance id are printings of one statement. Left as
they are, none of them was changed on purpose, though some outlets trimmed,
split or lightly reworded the statement: every flag there counts as false
(the false-flag rate). Then, one at a time, a copy of a printing with one
word substituted or inserted is added to its statement as another outlet's
printing: the flag should catch the copy (recall) and nothing else in that
statement (precision counts every other printing flagged in that trial,
including those flagged without any injection). Changes are made at a word
inside the printing ("interior") or at its first or last word ("edge"),
where a changed word cannot be told from a quotation started or ended
elsewhere. Plain Python, no Django; `manage.py evaluate_misquotes` prints it.
"""
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from quotes.linking.misquote import Printing, misquotes
from quotes.linking.text import GAP, tokenize

KINDS = ("substitution", "insertion")
PLACES = ("interior", "edge")
# A printing needs a word either side of the changed one for an interior change.
MIN_WORDS = 3


@dataclass
class Tally:
    trials: int = 0
    caught: int = 0  # the injected copy was flagged
    others_flagged: int = 0  # untouched printings flagged in the same trials
    ties: int = 0  # of those, the printing copied, where only it and the copy print that stretch

    @property
    def recall(self) -> float:
        return self.caught / self.trials if self.trials else 0.0

    @property
    def precision(self) -> float:
        flagged = self.caught + self.others_flagged
        return self.caught / flagged if flagged else 1.0

    @property
    def precision_ties_as_one(self) -> float:
        """A one-against-one disagreement read as one flag: the pair is what
        an editor checks, and no reading of two printings can say which
        outlet changed the words."""
        flagged = self.caught + self.others_flagged - self.ties
        return self.caught / flagged if flagged else 1.0


@dataclass
class Report:
    statements: int = 0
    printings: int = 0
    false_flags: int = 0  # untouched printings flagged with no injection
    flagged_untouched: list[tuple[str, str, list]] = field(default_factory=list)  # (group, text, changes)
    tallies: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))

    @property
    def false_flag_rate(self) -> float:
        return self.false_flags / self.printings if self.printings else 0.0

    def total(self, place: str | None = None) -> Tally:
        out = Tally()
        for (_, p), t in self.tallies.items():
            if place is None or p == place:
                out.trials += t.trials
                out.caught += t.caught
                out.others_flagged += t.others_flagged
                out.ties += t.ties
        return out


def statements(paths: list[Path]) -> dict[str, list[Printing]]:
    """Printings (key: gold id, source: article) of every utterance printed
    at least twice, from gold files in the shared format."""
    groups: dict[str, list[Printing]] = defaultdict(list)
    for path in paths:
        for q in json.loads(Path(path).read_text(encoding="utf-8"))["quotes"]:
            for u in q.get("utterances") or []:
                groups[f"{Path(path).name}:{u}"].append(Printing(q["id"], q["text"], q["article"]))
    return {k: v for k, v in groups.items() if len(v) > 1}


def inject(text: str, kind: str, place: str, rng: random.Random, pool: list[str]) -> str | None:
    """`text` with one word substituted or inserted, at a word inside it or
    at its edge; None if the printing is too short for it."""
    toks = [t for t in tokenize(text) if t.norm != GAP]
    if len(toks) < MIN_WORDS:
        return None
    present = {t.norm for t in toks}
    word = rng.choice([w for w in pool if w not in present])
    if kind == "substitution":
        i = rng.randrange(1, len(toks) - 1) if place == "interior" else rng.choice((0, len(toks) - 1))
        return text[: toks[i].start] + word + text[toks[i].end:]
    if place == "interior":
        i = rng.randrange(1, len(toks))
        return text[: toks[i].start] + word + " " + text[toks[i].start:]
    if rng.random() < 0.5:
        return text[: toks[0].start] + word + " " + text[toks[0].start:]
    return text[: toks[-1].end] + " " + word + text[toks[-1].end:]


def evaluate(paths: list[Path], *, seed: int = 0) -> Report:
    groups = statements(paths)
    pool = sorted({t.norm for ps in groups.values() for p in ps for t in tokenize(p.text)
                   if t.norm.isalpha() and len(t.norm) >= 3})
    report = Report()
    for name, printings in sorted(groups.items()):
        baseline = misquotes(printings)
        report.statements += 1
        report.printings += len(printings)
        report.false_flags += len(baseline)
        for p in printings:
            if p.key in baseline:
                report.flagged_untouched.append((name, p.text, baseline[p.key]))
        for p in printings:
            for kind in KINDS:
                for place in PLACES:
                    rng = random.Random(f"{seed}:{name}:{p.key}:{kind}:{place}")
                    changed = inject(p.text, kind, place, rng, pool)
                    if changed is None:
                        continue
                    copy = Printing(("injected", p.key), changed, ("injected", p.key))
                    flags = misquotes([*printings, copy])
                    tally = report.tallies[(kind, place)]
                    tally.trials += 1
                    tally.caught += copy.key in flags
                    tally.others_flagged += sum(1 for k in flags if k != copy.key)
                    tally.ties += p.key not in baseline and p.key in flags and all(
                        c.disputed for c in flags.get(copy.key, []))
    return report


def table(report: Report) -> list[str]:
    lines = [
        f"{report.statements} statements printed more than once, {report.printings} printings",
        f"untouched printings flagged: {report.false_flags} of {report.printings} "
        f"(false-flag rate {report.false_flag_rate:.3f})",
        "",
        f"{'injected':<14} {'where':<9} {'trials':>6} {'caught':>6} {'recall':>7} {'others':>7} {'ties':>5} "
        f"{'precision':>9} {'p(tie=1)':>8}",
    ]
    rows = [(k, p, report.tallies[(k, p)]) for k in KINDS for p in PLACES]
    rows += [("all", "interior", report.total("interior")), ("all", "edge", report.total("edge")),
             ("all", "all", report.total())]
    for kind, place, t in rows:
        lines.append(f"{kind:<14} {place:<9} {t.trials:>6} {t.caught:>6} {t.recall:>7.3f} "
                     f"{t.others_flagged:>7} {t.ties:>5} {t.precision:>9.3f} {t.precision_ties_as_one:>8.3f}")
    return lines
