"""The undo record of an Edit: what the edit replaced and what it made, as
one typed value. It is stored as the Edit's `before` and `after` JSON in the
layout rows have always had, so existing rows load unchanged:

    before = {"quotes": {"<id>": {field: value}}, "appearances": [state],
              "aliases": [state], "speakers": {"<id>": {field: value}}}
    after  = {"quotes": {"<id>": {field: value}}, "touched": {"quotes": [id],
              "speakers": [id]}, "created_quotes": [id], "created_aliases": [id],
              "created_speakers": [id], "origin": id, "speaker": id,
              "suppressed_spans": [[article_id, start, end]],
              "speakers": {"<id>": {field: value}}}

`after.touched` is what the GIN indexes on Edit (edit_touched_quotes,
edit_touched_speakers) serve: the quote page's history and undo's "did a
later edit touch the same rows?" look edits up by it, so the key stays.
`from_json` is the one reader of this layout; `to_json` the one writer.
"""
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UndoRecord:
    # The fields of each quote the edit changed, as they were and as it left them.
    quotes_before: dict[int, dict[str, Any]] = field(default_factory=dict)
    quotes_after: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Printings the edit moved or removed, as they were (appearance fields,
    # their old id, and the article's content hash at the time).
    appearances: tuple[dict[str, Any], ...] = ()
    # Aliases the edit moved or removed, as they were.
    aliases: tuple[dict[str, Any], ...] = ()
    # Every quote and speaker whose rows the edit changed: a later edit on
    # any of them must be undone first.
    touched_quotes: tuple[int, ...] = ()
    touched_speakers: tuple[int, ...] = ()
    created_quotes: tuple[int, ...] = ()
    created_aliases: tuple[int, ...] = ()
    created_speakers: tuple[int, ...] = ()
    # The quote a split or a one-printing reattribution took printings from.
    origin: int | None = None
    # The speaker a speaker merge or an alias edit was about.
    speaker: int | None = None
    suppressed_spans: tuple[tuple[int, int, int], ...] = ()
    # The speaker fields an edit changed (a profile), as they were and as it left them.
    speakers_before: dict[int, dict[str, Any]] = field(default_factory=dict)
    speakers_after: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, before: dict | None, after: dict | None) -> "UndoRecord":
        before, after = before or {}, after or {}
        touched = after.get("touched") or {}
        return cls(
            quotes_before={int(k): dict(v) for k, v in (before.get("quotes") or {}).items()},
            quotes_after={int(k): dict(v) for k, v in (after.get("quotes") or {}).items()},
            appearances=tuple(before.get("appearances") or ()),
            aliases=tuple(before.get("aliases") or ()),
            touched_quotes=tuple(touched.get("quotes") or ()),
            touched_speakers=tuple(touched.get("speakers") or ()),
            created_quotes=tuple(after.get("created_quotes") or ()),
            created_aliases=tuple(after.get("created_aliases") or ()),
            created_speakers=tuple(after.get("created_speakers") or ()),
            origin=after.get("origin"),
            speaker=after.get("speaker"),
            suppressed_spans=tuple(tuple(s) for s in after.get("suppressed_spans") or ()),
            speakers_before={int(k): dict(v) for k, v in (before.get("speakers") or {}).items()},
            speakers_after={int(k): dict(v) for k, v in (after.get("speakers") or {}).items()},
        )

    @classmethod
    def of(cls, edit) -> "UndoRecord":
        return cls.from_json(edit.before, edit.after)

    def to_json(self) -> tuple[dict, dict]:
        """(before, after), in the stored layout; empty parts are left out,
        except `touched`, which the indexes read."""
        before = {
            "quotes": {str(k): v for k, v in self.quotes_before.items()},
            "appearances": list(self.appearances),
            "aliases": list(self.aliases),
            "speakers": {str(k): v for k, v in self.speakers_before.items()},
        }
        after = {
            "quotes": {str(k): v for k, v in self.quotes_after.items()},
            "touched": {"quotes": list(self.touched_quotes), "speakers": list(self.touched_speakers)},
            "created_quotes": list(self.created_quotes),
            "created_aliases": list(self.created_aliases),
            "created_speakers": list(self.created_speakers),
            "origin": self.origin,
            "speaker": self.speaker,
            "suppressed_spans": [list(s) for s in self.suppressed_spans],
            "speakers": {str(k): v for k, v in self.speakers_after.items()},
        }
        keep = {"touched"}
        return (
            {k: v for k, v in before.items() if v},
            {k: v for k, v in after.items() if v or k in keep},
        )

    def quote_ids(self) -> set[int]:
        """Every quote the edit changed, or took printings from or gave them to."""
        ids = set(self.quotes_before) | set(self.touched_quotes) | set(self.created_quotes)
        ids |= {a["quote_id"] for a in self.appearances}
        if self.origin:
            ids.add(self.origin)
        return ids

    def speaker_ids(self) -> set[int]:
        """Every speaker the edit moved quotes or aliases from or to."""
        ids = set(self.touched_speakers) | set(self.created_speakers) | {a["speaker_id"] for a in self.aliases}
        ids |= set(self.speakers_before)
        for states in (self.quotes_before, self.quotes_after):
            ids |= {s["speaker_id"] for s in states.values() if s.get("speaker_id")}
        if self.speaker:
            ids.add(self.speaker)
        return ids
