"""Who quotes whom: how many of each speaker's statements each outlet
carried, for the outlet × speaker page. Two queries whatever the corpus:
the most quoted speakers (the denormalised count, index speaker_by_quotes),
then one grouped count of their visible quotes by outlet."""
import math
from dataclasses import dataclass

from django.db.models import Count

from quotes.models import Appearance, Speaker

MAX_SPEAKERS = 30
MAX_OUTLETS = 12
SHADES = 5  # heat-1 .. heat-5 in claimtrack.css; heat-0 is "none"


@dataclass(frozen=True)
class OutletColumn:
    name: str
    slug: str
    total: int


@dataclass(frozen=True)
class Cell:
    outlet: OutletColumn
    count: int
    shade: int  # 0 (none) .. SHADES, relative to the busiest cell


@dataclass(frozen=True)
class SpeakerRow:
    speaker: Speaker
    cells: list[Cell]  # one per column, in the columns' order


@dataclass(frozen=True)
class Coverage:
    outlets: list[OutletColumn]
    rows: list[SpeakerRow]
    busiest: int
    more_speakers: bool  # the table shows only the MAX_SPEAKERS most quoted
    more_outlets: bool


def shade(count: int, busiest: int) -> int:
    """1..SHADES in proportion to the busiest cell, rounded up so that a
    single quote is still visible; 0 for none."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(SHADES, math.ceil(SHADES * count / busiest))


def outlet_speaker_coverage(*, max_speakers: int = MAX_SPEAKERS, max_outlets: int = MAX_OUTLETS) -> Coverage:
    speakers = list(Speaker.objects.filter(quote_count__gt=0).order_by("-quote_count", "id")[: max_speakers + 1])
    more_speakers = len(speakers) > max_speakers
    speakers = speakers[:max_speakers]
    # A statement counts once per outlet, however many of its articles printed it.
    counts = (
        Appearance.objects.filter(quote__speaker__in=speakers, quote__hidden=False)
        .values("quote__speaker_id", "article__outlet_id", "article__outlet__name", "article__outlet__slug")
        .annotate(n=Count("quote", distinct=True))
        .order_by()
    )
    by_pair, totals, names = {}, {}, {}
    for c in counts:
        outlet = c["article__outlet_id"]
        by_pair[(c["quote__speaker_id"], outlet)] = c["n"]
        totals[outlet] = totals.get(outlet, 0) + c["n"]
        names[outlet] = (c["article__outlet__name"], c["article__outlet__slug"])
    ranked = sorted(totals, key=lambda o: (-totals[o], names[o][0].lower(), o))
    columns = ranked[:max_outlets]
    outlets = [OutletColumn(*names[o], totals[o]) for o in columns]
    busiest = max((by_pair.get((s.id, o), 0) for s in speakers for o in columns), default=0)
    rows = [
        SpeakerRow(s, [Cell(col, n := by_pair.get((s.id, o), 0), shade(n, busiest))
                       for o, col in zip(columns, outlets)])
        for s in speakers
    ]
    return Coverage(
        outlets=outlets,
        rows=[r for r in rows if any(c.count for c in r.cells)],
        busiest=busiest,
        more_speakers=more_speakers,
        more_outlets=len(ranked) > max_outlets,
    )
