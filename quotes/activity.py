"""A speaker's activity chart: statements per day, stacked by the outlet
that printed them, drawn as a server-rendered SVG (no JavaScript). The
geometry is computed here so the template only places shapes."""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quotes.models import Appearance, Speaker

WIDTH, HEIGHT = 640, 170
_LEFT, _RIGHT, _TOP, _BOTTOM = 28, 8, 10, 24
# The most recent stretch shown: a speaker quoted for years would otherwise
# draw bars a fraction of a pixel wide.
DAYS = 60
# Colours for the outlets that printed most; the rest share "other outlets".
PALETTE = ("#0b5cad", "#c05621", "#2f855a", "#805ad5", "#b7791f", "#c53030")
OTHER = "#8a949e"
_OTHERS = "other outlets"
_MAX_BAR = 36  # a few active days should not draw slabs


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # "BBC: 2 statements on 14 Feb 2025", for the tooltip


@dataclass(frozen=True)
class Activity:
    bars: list[Bar]
    legend: list[tuple[str, str, int]]  # (outlet, colour, statements in the window)
    axis: list[tuple[str, float]]  # (date label, x)
    peak: int
    first: datetime.date | None
    last: datetime.date | None
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def rects(self) -> SafeString:
        """The bars as SVG markup, escaped: built here in one pass because a
        template loop over a few hundred bars cost more than the query."""
        # format_html_join's output, written out: it escaped every number
        # of every bar (1,300 bars for a much-quoted speaker, 20 ms);
        # numbers need no escaping, and each label is escaped once.
        labels = {label: escape(label) for label in {b.label for b in self.bars} | {b.colour for b in self.bars}}
        return mark_safe("\n".join(
            f'<rect x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}" fill="{labels[b.colour]}">'
            f"<title>{labels[b.label]}</title></rect>"
            for b in self.bars
        ))

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def summary(self) -> str:
        """For screen readers: the chart as a sentence."""
        if self.empty:
            return "No dated statements."
        outlets = "; ".join(f"{name} {n}" for name, _, n in self.legend)
        return f"Statements per day from {self.first:%d %b %Y} to {self.last:%d %b %Y}, by outlet: {outlets}."


def speaker_activity(*, speaker: Speaker, days: int = DAYS) -> Activity:
    """Statements (distinct quotes) per day and outlet over the speaker's
    last `days` days of printings. One grouped query over the speaker's
    printings (quote_speaker_recent, appearance_quote_article)."""
    printed = Appearance.objects.filter(quote__speaker=speaker, quote__hidden=False, article__published__isnull=False)
    last = speaker.last_quoted or max(printed.values_list("article__published", flat=True), default=None)
    if last is None:
        return Activity([], [], [], 0, None, None)
    first = last - datetime.timedelta(days=days - 1)
    rows = (
        # A quote printed inside the window was last printed on or after its
        # first day: the bound lets the speaker's quotes (quote_speaker_recent)
        # lead, where the planner otherwise read every printing of the
        # window, whoever said it.
        printed.filter(quote__last_published__gte=first, article__published__range=(first, last))
        .values("article__published", "article__outlet__name")
        .annotate(n=Count("quote", distinct=True))
        .order_by()
    )
    counts = defaultdict(dict)  # day -> outlet -> n
    totals = defaultdict(int)
    for row in rows:
        counts[row["article__published"]][row["article__outlet__name"]] = row["n"]
        totals[row["article__outlet__name"]] += row["n"]
    if not counts:
        return Activity([], [], [], 0, None, None)
    first = min(counts)  # start at the first active day in the window
    ranked = sorted(totals, key=lambda name: (-totals[name], name))
    colour = {name: PALETTE[i] if i < len(PALETTE) else OTHER for i, name in enumerate(ranked)}
    legend = [(name, colour[name], totals[name]) for name in ranked[: len(PALETTE)]]
    if len(ranked) > len(PALETTE):
        legend.append((_OTHERS, OTHER, sum(totals[name] for name in ranked[len(PALETTE):])))
    # Outlets past the palette share one bar a day: they share its colour
    # anyway, and a bar each (1,275 on a page for a speaker quoted by 60
    # outlets in the 20k bench corpus) could not be read or hovered.
    shown = set(ranked[: len(PALETTE)])
    for day, by_outlet in counts.items():
        rest = sum(n for name, n in by_outlet.items() if name not in shown)
        counts[day] = {name: n for name, n in by_outlet.items() if name in shown}
        if rest:
            counts[day][_OTHERS] = rest
    span = (last - first).days + 1
    peak = max(sum(day.values()) for day in counts.values())
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM
    step = plot_w / span
    bars = []
    place = {name: i for i, name in enumerate(ranked[: len(PALETTE)])} | {_OTHERS: len(PALETTE)}
    colour[_OTHERS] = OTHER
    for day, by_outlet in sorted(counts.items()):
        x = _LEFT + (day - first).days * step
        base = HEIGHT - _BOTTOM
        on = f"{day:%d %b %Y}"
        for name in sorted(by_outlet, key=place.__getitem__):
            h = by_outlet[name] / peak * plot_h
            base -= h
            n = by_outlet[name]
            w = min(max(step * 0.8, 1), _MAX_BAR)
            bars.append(Bar(round(x + (step - w) / 2, 1), round(base, 1), round(w, 1), round(h, 1),
                            colour[name], f"{name}: {n} statement{'s' if n != 1 else ''} on {on}"))
    ticks = sorted({first, first + (last - first) / 2, last})
    axis = [(f"{d:%d %b}", round(_LEFT + ((d - first).days + 0.5) * step, 1)) for d in ticks]
    return Activity(bars, legend, axis, peak, first, last)
