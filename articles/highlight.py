"""Split an article's text into plain and quoted segments for the article
page, so the template can escape every piece and still mark the quotes."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    appearance: object | None = None  # the Appearance this span belongs to


def highlighted_segments(text: str, appearances) -> list[Segment]:
    spans = sorted(((s, e, a) for a in appearances for s, e in a.spans), key=lambda t: t[0])
    segments, pos = [], 0
    for start, end, appearance in spans:
        if start < pos:  # overlapping spans: show the first only
            continue
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], appearance))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return segments
