"""Editors' changes. Each is one transaction that locks the rows it changes,
records an Edit holding the state it replaced, and can be undone exactly.

Locks are always taken in the same order, Edit -> Speaker -> Quote ->
Appearance, and by ascending id within a table, so two editors working on
overlapping rows wait for each other instead of deadlocking; the second then
re-checks the rows it locked and refuses if the first changed them.

Appearances are recorded by their natural key (article, start) as well as by
id: re-extraction of an article deletes and re-creates its appearances, and an
undo after such an ingest must still find (or re-create) the same printings.
"""
from collections.abc import Iterable
from dataclasses import replace

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article
from quotes.editing.errors import EditConflict, EditInvalid
from quotes.editing.record import UndoRecord
from quotes.models import Appearance, Edit, Quote, Speaker, SpeakerAlias, SuppressedSpan
from quotes.nlp.marks import DOUBLE, SINGLE
from quotes.services.speakers import name_key, speaker_alias_add, speaker_create
from quotes.services.derived import quotes_refresh_derived

_APPEARANCE_FIELDS = ("quote_id", "article_id", "start", "end", "spans", "text", "kind", "cue", "speaker_as_written")
# What extraction decided about a printing, which no later step derives
# again: how it was attributed and how sure (the review queue and the
# "unverified" mark read them) and a claim's terms (the linker compares new
# claims on them). Undo records written before these were kept lack them.
_APPEARANCE_EXTRACTED = {"sieve": "", "confidence": 0.0, "terms": {}}
_QUOTE_MARKS = set(DOUBLE) | set(SINGLE)
_ALIAS_FIELDS = ("speaker_id", "alias", "key", "added_by_editor")


# --- quotes -----------------------------------------------------------------


@transaction.atomic
def quote_merge(*, target: Quote, sources: Iterable[Quote], by, canonical_text: str | None = None) -> Edit:
    """Move every printing of `sources` onto `target`. The sources are kept,
    hidden and pointing at the target, so that the merge can be undone."""
    source_ids = {q.id for q in sources} - {target.id}
    if not source_ids:
        raise EditInvalid("Choose at least one other quote to merge.")
    quotes = _lock_quotes({target.id, *source_ids})
    if len(quotes) != len(source_ids) + 1:
        raise EditConflict("A quote no longer exists; reload the page.")
    _require_visible(quotes.values())
    target = quotes[target.id]
    canonical_text = " ".join((canonical_text or "").split())
    moved = list(Appearance.objects.filter(quote_id__in=source_ids).order_by("id"))
    quotes_before = {
        **_quote_states([target], ("text", "editor_locked")),
        **_quote_states([quotes[i] for i in source_ids], ("hidden", "merged_into_id", "editor_locked")),
    }
    appearances = _appearance_states(moved)
    Appearance.objects.filter(id__in=[a.id for a in moved]).update(quote=target)
    Quote.objects.filter(id__in=source_ids).update(
        hidden=True, merged_into=target, editor_locked=True, updated_at=timezone.now()
    )
    target.editor_locked = True
    if canonical_text:
        target.text = canonical_text
    target.save(update_fields=["text", "editor_locked", "updated_at"])
    ordered = sorted(source_ids)
    return _edit_record(
        action=Edit.Action.MERGE_QUOTES,
        by=by,
        quote=target,
        summary=f"Merged quote{'s' if len(ordered) > 1 else ''} {_ids(ordered)} into #{target.id}",
        record=UndoRecord(quotes_before=quotes_before, appearances=appearances, touched_quotes=(target.id, *ordered)),
    )


@transaction.atomic
def quote_split(*, quote: Quote, appearances: Iterable[Appearance], by, text: str | None = None) -> Edit:
    """Move some printings of `quote` into a new quote (the Edit's quote)."""
    quote = _lock_quote(quote.id)
    _require_visible([quote])
    wanted = {a.id for a in appearances}
    moved = list(Appearance.objects.select_for_update().filter(quote=quote, id__in=wanted).order_by("id"))
    if not moved or len(moved) != len(wanted):
        raise EditInvalid("Choose one or more printings of this quote to split off.")
    if not quote.appearances.exclude(id__in=wanted).exists():
        raise EditInvalid("Leave at least one printing in the original quote.")
    quotes_before = _quote_states([quote], ("editor_locked",))
    appearances = _appearance_states(moved)
    longest = max(moved, key=lambda a: len(a.text))
    new = Quote.objects.create(
        speaker_id=quote.speaker_id,
        text=" ".join((text or "").split()) or longest.text,
        kind=longest.kind,
        editor_locked=True,
    )
    Appearance.objects.filter(id__in=wanted).update(quote=new)
    quote.editor_locked = True
    quote.save(update_fields=["editor_locked", "updated_at"])
    return _edit_record(
        action=Edit.Action.SPLIT_QUOTE,
        by=by,
        quote=new,
        summary=f"Split {len(moved)} printing{'s' if len(moved) > 1 else ''} of #{quote.id} into new quote #{new.id}",
        record=UndoRecord(
            quotes_before=quotes_before,
            appearances=appearances,
            created_quotes=(new.id,),
            origin=quote.id,
            touched_quotes=(quote.id, new.id),
        ),
    )


@transaction.atomic
def quote_reattribute(
    *, quote: Quote, speaker: Speaker | None = None, new_speaker: str = "", by, alias: str = ""
) -> Edit:
    """Give the whole quote (all its printings) to another speaker: an
    existing one, or a person not yet known, created by name (`new_speaker`)."""
    speaker, created_speakers = _speaker_for_edit(speaker, new_speaker)
    return _quote_reattribute(quote=quote, speaker=speaker, created_speakers=created_speakers, by=by, alias=alias)


def _quote_reattribute(*, quote: Quote, speaker: Speaker, created_speakers: list[int], by, alias: str) -> Edit:
    quote = _lock_quote(quote.id)
    _require_visible([quote])
    if quote.speaker_id == speaker.id:
        raise EditInvalid(f"This quote is already attributed to {speaker.name}.")
    old = quote.speaker
    quotes_before = _quote_states([quote], ("speaker_id", "editor_locked", "attribution_confirmed"))
    quote.speaker = speaker
    quote.editor_locked = True
    quote.attribution_confirmed = True   # an editor chose this speaker
    quote.save(update_fields=["speaker", "editor_locked", "attribution_confirmed", "updated_at"])
    created_aliases = _alias_add(speaker=speaker, alias=alias)
    return _edit_record(
        action=Edit.Action.REATTRIBUTE,
        by=by,
        quote=quote,
        summary=f"Reattributed #{quote.id} from {old.name if old else 'unattributed'} to {speaker.name}"
        + (" (new speaker)" if created_speakers else "")
        + (f" (alias “{alias.strip()}” added)" if created_aliases else ""),
        record=UndoRecord(
            quotes_before=quotes_before,
            created_aliases=tuple(created_aliases),
            created_speakers=tuple(created_speakers),
            touched_quotes=(quote.id,),
            touched_speakers=tuple(created_speakers),
        ),
    )


@transaction.atomic
def appearance_reattribute(
    *, appearance: Appearance, speaker: Speaker | None = None, new_speaker: str = "", by, alias: str = ""
) -> Edit:
    """Give one printing to another speaker (or a new one, by name), as a
    quote of its own. A quote's only printing is reattributed by moving the
    whole quote."""
    speaker, created_speakers = _speaker_for_edit(speaker, new_speaker)
    origin = _lock_quote(appearance.quote_id)
    _require_visible([origin])
    appearance = Appearance.objects.select_for_update().filter(id=appearance.id, quote=origin).first()
    if appearance is None:
        raise EditConflict("That printing has moved to another quote; reload the page.")
    if not Appearance.objects.filter(quote=origin).exclude(id=appearance.id).exists():
        return _quote_reattribute(
            quote=origin, speaker=speaker, created_speakers=created_speakers, by=by, alias=alias
        )
    if origin.speaker_id == speaker.id:
        raise EditInvalid(f"This printing is already attributed to {speaker.name}.")
    quotes_before = _quote_states([origin], ("editor_locked",))
    appearances = _appearance_states([appearance])
    new = Quote.objects.create(
        speaker=speaker, text=appearance.text, kind=appearance.kind, editor_locked=True, attribution_confirmed=True)
    appearance.quote = new
    appearance.save(update_fields=["quote"])
    origin.editor_locked = True
    origin.save(update_fields=["editor_locked", "updated_at"])
    created_aliases = _alias_add(speaker=speaker, alias=alias)
    return _edit_record(
        action=Edit.Action.REATTRIBUTE,
        by=by,
        quote=new,
        summary=f"Reattributed one printing of #{origin.id} to {speaker.name}"
        + (" (new speaker)" if created_speakers else "")
        + f" as new quote #{new.id}",
        record=UndoRecord(
            quotes_before=quotes_before,
            appearances=appearances,
            created_quotes=(new.id,),
            created_aliases=tuple(created_aliases),
            created_speakers=tuple(created_speakers),
            origin=origin.id,
            touched_quotes=(origin.id, new.id),
            touched_speakers=tuple(created_speakers),
        ),
    )


@transaction.atomic
def quote_confirm(*, quote: Quote, by) -> Edit:
    """An editor checked the speaker the extractor gave and agrees: the quote
    leaves the review queue and loses its "unverified" mark."""
    quote = _lock_quote(quote.id)
    _require_visible([quote])
    if quote.speaker_id is None:
        raise EditInvalid("This quote has no speaker to confirm; reattribute it instead.")
    if quote.attribution_confirmed:
        raise EditInvalid(f"The attribution of #{quote.id} is already confirmed.")
    quotes_before = _quote_states([quote], ("attribution_confirmed",))
    quote.attribution_confirmed = True
    quote.save(update_fields=["attribution_confirmed", "updated_at"])
    return _edit_record(
        action=Edit.Action.CONFIRM,
        by=by,
        quote=quote,
        summary=f"Confirmed #{quote.id} as {quote.speaker.name}'s",
        record=UndoRecord(quotes_before=quotes_before, touched_quotes=(quote.id,)),
    )


@transaction.atomic
def quote_hide(*, quote: Quote, by) -> Edit:
    """Mark a whole quote "not a quote". Its spans are suppressed so that
    re-extraction does not bring it back; its printings are removed (they are
    kept in the Edit, and the hidden quote row stays for the audit)."""
    quote = _lock_quote(quote.id)
    _require_visible([quote])
    printings = list(Appearance.objects.select_for_update().filter(quote=quote).order_by("id"))
    quotes_before = _quote_states([quote], ("hidden", "editor_locked"))
    appearances = _appearance_states(printings)
    suppressed = _spans_suppress(printings, by=by)
    Appearance.objects.filter(id__in=[a.id for a in printings]).delete()
    quote.hidden = True
    # Locked, so that the stats refresh keeps the empty row instead of deleting it.
    quote.editor_locked = True
    quote.save(update_fields=["hidden", "editor_locked", "updated_at"])
    return _edit_record(
        action=Edit.Action.HIDE_QUOTE,
        by=by,
        quote=quote,
        summary=f"Hid #{quote.id} as not a quote ({len(printings)} printing{'s' if len(printings) != 1 else ''})",
        record=UndoRecord(
            quotes_before=quotes_before,
            appearances=appearances,
            suppressed_spans=suppressed,
            touched_quotes=(quote.id,),
        ),
    )


@transaction.atomic
def span_suppress(*, appearance: Appearance, by) -> Edit:
    """Mark one printing "not a quote": it is removed from its quote and
    re-extraction skips its spans. A quote left with no printing is hidden."""
    quote = _lock_quote(appearance.quote_id)
    appearance = Appearance.objects.select_for_update().filter(id=appearance.id, quote=quote).first()
    if appearance is None:
        raise EditConflict("That printing has changed; reload the page.")
    if not Appearance.objects.filter(quote=quote).exclude(id=appearance.id).exists():
        return quote_hide(quote=quote, by=by)
    quotes_before = _quote_states([quote], ("editor_locked",))
    appearances = _appearance_states([appearance])
    suppressed = _spans_suppress([appearance], by=by)
    appearance.delete()
    quote.editor_locked = True
    quote.save(update_fields=["editor_locked", "updated_at"])
    article = appearances[0]
    return _edit_record(
        action=Edit.Action.HIDE_QUOTE,
        by=by,
        quote=quote,
        summary=f"Marked a printing of #{quote.id} (article {article['article_id']}, "
        f"chars {article['start']}–{article['end']}) not a quote",
        record=UndoRecord(
            quotes_before=quotes_before,
            appearances=appearances,
            suppressed_spans=suppressed,
            touched_quotes=(quote.id,),
        ),
    )


# --- speakers and aliases -----------------------------------------------------


@transaction.atomic
def speaker_merge(*, target: Speaker, sources: Iterable[Speaker], by) -> Edit:
    """Move every quote and alias of `sources` to `target`. The source rows are
    kept, empty, so that the merge can be undone."""
    source_ids = {s.id for s in sources} - {target.id}
    if not source_ids:
        raise EditInvalid("Choose another speaker to merge into this one.")
    locked = Speaker.objects.select_for_update().filter(id__in={target.id, *source_ids}).order_by("id")
    speakers = {s.id: s for s in locked}
    if len(speakers) != len(source_ids) + 1:
        raise EditConflict("A speaker no longer exists; reload the page.")
    target = speakers[target.id]
    moved_quotes = list(Quote.objects.select_for_update().filter(speaker_id__in=source_ids).order_by("id"))
    aliases = list(SpeakerAlias.objects.select_for_update().filter(speaker_id__in=source_ids).order_by("id"))
    target_keys = set(SpeakerAlias.objects.filter(speaker=target).values_list("key", flat=True))
    quotes_before = _quote_states(moved_quotes, ("speaker_id",))
    alias_states = tuple(_alias_state(a) for a in aliases)
    Quote.objects.filter(id__in=[q.id for q in moved_quotes]).update(speaker=target, updated_at=timezone.now())
    # Every alias leaves the source speakers, or name lookups would find two
    # speakers for one name; an alias the target already has is dropped.
    duplicate = [a.id for a in aliases if a.key in target_keys]
    SpeakerAlias.objects.filter(id__in=duplicate).delete()
    SpeakerAlias.objects.filter(id__in=[a.id for a in aliases if a.id not in duplicate]).update(speaker=target)
    names = ", ".join(speakers[i].name for i in sorted(source_ids))
    return _edit_record(
        action=Edit.Action.MERGE_SPEAKERS,
        by=by,
        quote=None,
        summary=f"Merged speaker {names} into {target.name} ({len(moved_quotes)} quotes, {len(aliases)} aliases)",
        record=UndoRecord(
            quotes_before=quotes_before,
            aliases=alias_states,
            speaker=target.id,
            touched_quotes=tuple(q.id for q in moved_quotes),
            touched_speakers=tuple(sorted({target.id, *source_ids})),
        ),
    )


@transaction.atomic
def alias_add(*, speaker: Speaker, alias: str, by) -> Edit:
    speaker = Speaker.objects.select_for_update().get(id=speaker.id)
    if not name_key(alias):
        raise EditInvalid("An alias needs at least one letter.")
    created = _alias_add(speaker=speaker, alias=alias)
    if not created:
        raise EditInvalid(f"{speaker.name} already has the alias “{alias.strip()}”.")
    return _edit_record(
        action=Edit.Action.EDIT_ALIAS,
        by=by,
        quote=None,
        summary=f"Added alias “{alias.strip()}” to {speaker.name}",
        record=UndoRecord(created_aliases=tuple(created), speaker=speaker.id, touched_speakers=(speaker.id,)),
    )


@transaction.atomic
def alias_remove(*, alias: SpeakerAlias, by) -> Edit:
    speaker = Speaker.objects.select_for_update().get(id=alias.speaker_id)
    alias = SpeakerAlias.objects.select_for_update().filter(id=alias.id, speaker=speaker).first()
    if alias is None:
        raise EditConflict("That alias has already changed; reload the page.")
    state = _alias_state(alias)
    alias.delete()
    return _edit_record(
        action=Edit.Action.EDIT_ALIAS,
        by=by,
        quote=None,
        summary=f"Removed alias “{state['alias']}” from {speaker.name}",
        record=UndoRecord(aliases=(state,), speaker=speaker.id, touched_speakers=(speaker.id,)),
    )


@transaction.atomic
def speaker_profile_edit(*, speaker: Speaker, by, **values: str) -> Edit:
    """Set a speaker's profile (role, organisation, country, Wikidata id).
    Every field the editor changed is locked (`profile_locked`): what
    ingest learns later never overwrites it. Undo puts back the old values
    and the old locks, so learning resumes."""
    speaker = Speaker.objects.select_for_update().get(id=speaker.id)
    unknown = set(values) - set(Speaker.PROFILE_FIELDS)
    if unknown:
        raise EditInvalid(f"Not a profile field: {', '.join(sorted(unknown))}.")
    changed = {f: " ".join(v.split()) for f, v in values.items() if " ".join(v.split()) != getattr(speaker, f)}
    if not changed:
        raise EditInvalid("Nothing changed in the profile.")
    before = {f: getattr(speaker, f) for f in changed} | {"profile_locked": list(speaker.profile_locked)}
    after = changed | {"profile_locked": sorted(set(speaker.profile_locked) | set(changed))}
    Speaker.objects.filter(id=speaker.id).update(**after)
    shown = "; ".join(f"{f.replace('_', ' ')} “{v}”" if v else f"{f.replace('_', ' ')} cleared" for f, v in changed.items())
    return _edit_record(
        action=Edit.Action.EDIT_PROFILE,
        by=by,
        quote=None,
        summary=f"Profile of {speaker.name}: {shown}"[:500],
        record=UndoRecord(speakers_before={speaker.id: before}, speakers_after={speaker.id: after},
                          speaker=speaker.id, touched_speakers=(speaker.id,)),
    )


# --- undo ------------------------------------------------------------------------


@transaction.atomic
def edit_undo(*, edit: Edit, by) -> Edit:
    """Put back exactly what `edit` replaced. Printings re-extracted since are
    found by (article, start); printings removed since are re-created. An edit
    that a later, still standing edit built on cannot be undone before it."""
    edit = Edit.objects.select_for_update().get(id=edit.id)
    if edit.undone_at is not None:
        raise EditConflict("This edit has already been undone.")
    record = UndoRecord.of(edit)
    speaker_ids = set(record.touched_speakers) | {a["speaker_id"] for a in record.aliases}
    list(Speaker.objects.select_for_update().filter(id__in=speaker_ids).order_by("id"))
    quote_ids = record.quote_ids()
    quotes = _lock_quotes(quote_ids)
    missing = quote_ids - set(quotes)
    if missing and edit.action != Edit.Action.MERGE_SPEAKERS:
        raise EditConflict(f"Cannot undo: quote {_ids(sorted(missing))} no longer exists.")
    # A speaker merge does not lock the quotes it moved: automatic linking may
    # since have merged one into another quote, which then keeps its printings.
    quote_ids -= missing
    later = _later_edits(edit)
    if later is not None:
        when = date_format(timezone.localtime(later.created_at), "DATETIME_FORMAT")
        raise EditConflict(f"Undo the later edit first: “{later.summary}” ({when}).")

    if spans := _any(Q(article_id=a, start=s, end=e) for a, s, e in record.suppressed_spans):
        SuppressedSpan.objects.filter(spans).delete()
    changed = _appearances_restore(record.appearances, moved_spans=record.suppressed_spans)
    created = list(record.created_quotes)
    if created and record.origin:
        # Printings an ingest linked to a quote the edit created belong back with its origin.
        changed |= set(Appearance.objects.filter(quote_id__in=created).values_list("quote_id", flat=True))
        Appearance.objects.filter(quote_id__in=created).update(quote_id=record.origin)
    now = timezone.now()
    for quote_id, state in record.quotes_before.items():
        Quote.objects.filter(id=quote_id).update(**state, updated_at=now)
    Quote.objects.filter(id__in=created).update(hidden=True, editor_locked=True, updated_at=now)
    SpeakerAlias.objects.filter(id__in=record.created_aliases).delete()
    _aliases_restore(record.aliases)
    for speaker_id, state in record.speakers_before.items():
        Speaker.objects.filter(id=speaker_id).update(**state)
    _speakers_uncreate(record.created_speakers, created_quotes=created)
    _refresh(record=record, action=edit.action, also=(quote_ids | changed) - missing)
    edit.undone_at = now
    edit.undone_by = by
    edit.save(update_fields=["undone_at", "undone_by"])
    return edit


# --- helpers ---------------------------------------------------------------------


def _lock_quotes(ids: set[int]) -> dict[int, Quote]:
    # Ordered by id: two editors locking overlapping sets never deadlock.
    return {q.id: q for q in Quote.objects.select_for_update().filter(id__in=ids).order_by("id")}


def _lock_quote(quote_id: int) -> Quote:
    quote = _lock_quotes({quote_id}).get(quote_id)
    if quote is None:
        raise EditConflict(f"Quote #{quote_id} no longer exists; reload the page.")
    return quote


def _require_visible(quotes: Iterable[Quote]) -> None:
    for quote in quotes:
        if quote.merged_into_id:
            raise EditConflict(f"Quote #{quote.id} was merged into #{quote.merged_into_id}; reload the page.")
        if quote.hidden:
            raise EditConflict(f"Quote #{quote.id} is hidden; reload the page.")


def _quote_states(quotes: Iterable[Quote], fields: tuple[str, ...]) -> dict[int, dict]:
    return {q.id: {f: getattr(q, f) for f in fields} for q in quotes}


def _quotes_now(states: dict[int, dict]) -> dict[int, dict]:
    """The current values of the quote fields these states recorded."""
    rows = Quote.objects.filter(id__in=states).in_bulk()
    return {i: {f: getattr(rows[i], f) for f in fields} for i, fields in states.items()}


def _appearance_states(printings: list[Appearance]) -> tuple[dict, ...]:
    """Each printing as recorded for undo, with its article's content hash:
    offsets mean something only in the text they were taken from."""
    hashes = dict(Article.objects.filter(id__in={a.article_id for a in printings}).values_list("id", "content_hash"))
    return tuple(
        {"id": a.id, **{f: getattr(a, f) for f in (*_APPEARANCE_FIELDS, *_APPEARANCE_EXTRACTED)},
         "content_hash": hashes.get(a.article_id)}
        for a in printings
    )


def _alias_state(a: SpeakerAlias) -> dict:
    return {"id": a.id, **{f: getattr(a, f) for f in _ALIAS_FIELDS}}


def _speaker_for_edit(speaker: Speaker | None, new_speaker: str) -> tuple[Speaker, list[int]]:
    """The locked speaker an edit gives quotes to, and the ids of speakers it
    created: a name that is not yet a speaker becomes one, known by that name
    from then on (so later ingests attribute to it too)."""
    if speaker is not None:
        return Speaker.objects.select_for_update().get(id=speaker.id), []
    name = " ".join(new_speaker.split())[:200]
    if not name_key(name):
        raise EditInvalid("Give the new speaker's name.")
    existing = [s for s in Speaker.objects.filter(name__iexact=name) if not s.is_group]
    if existing:
        raise EditInvalid(f"{existing[0].name} is already a speaker ({existing[0].slug}): choose them instead.")
    created = speaker_create(name=name)
    speaker_alias_add(speaker=created, alias=name, by_editor=True)
    return Speaker.objects.select_for_update().get(id=created.id), [created.id]


def _speakers_uncreate(speaker_ids: list[int], *, created_quotes: list[int]) -> None:
    """Undo of an edit that created speakers: remove each one nothing else
    has come to use. The edit's own created quotes are hidden and empty by now,
    and so are those of later edits already undone (a split of the quote):
    they stay for the audit, unattributed. A speaker an ingest or another
    standing edit has since given quotes stays."""
    for speaker_id in speaker_ids:
        named = Quote.objects.filter(speaker_id=speaker_id).exclude(id__in=created_quotes)
        if named.filter(hidden=False).exists():
            continue
        leftovers = {q for q in named.values_list("id", flat=True) if _undone_leftover(q)}
        if named.exclude(id__in=leftovers).exists():
            continue
        Quote.objects.filter(speaker_id=speaker_id, id__in={*created_quotes, *leftovers}).update(speaker=None)
        Speaker.objects.filter(id=speaker_id).delete()


def _undone_leftover(quote_id: int) -> bool:
    """A quote an edit created that has since been undone: hidden, empty, kept for the audit."""
    return (
        Quote.objects.filter(id=quote_id, hidden=True, appearance_count=0).exists()
        and Edit.objects.filter(after__created_quotes__contains=[quote_id], undone_at__isnull=False).exists()
        and not Edit.objects.filter(after__touched__quotes__contains=[quote_id], undone_at__isnull=True).exists()
    )


def _alias_add(*, speaker: Speaker, alias: str) -> list[int]:
    """Add an editor's alias; the ids of the rows created (none if it existed)."""
    if not alias.strip():
        return []
    existed = set(SpeakerAlias.objects.filter(speaker=speaker).values_list("id", flat=True))
    obj = speaker_alias_add(speaker=speaker, alias=alias, by_editor=True)
    return [obj.id] if obj is not None and obj.id not in existed else []


def _spans_suppress(printings: list[Appearance], *, by) -> tuple[tuple[int, int, int], ...]:
    created = []
    for a in printings:
        for start, end in a.spans:
            _, new = SuppressedSpan.objects.get_or_create(
                article_id=a.article_id, start=start, end=end, defaults={"created_by": by}
            )
            if new:
                created.append((a.article_id, start, end))
    return tuple(created)


def _appearances_restore(states, *, moved_spans=()) -> set[int]:
    """Put each recorded printing back on its quote; return the quotes they
    were taken from. `moved_spans`: the spans the edit suppressed, as they
    are now (they follow their words when an article's text changes)."""
    taken_from = set()
    for state in states:
        article = Article.objects.filter(id=state["article_id"]).values("text", "content_hash").first()
        if article is None:
            continue
        if state.get("content_hash") not in (None, article["content_hash"]) and (
            _reads(article["text"], state["spans"]) != state["text"]
        ):
            # The article came back with other text, and these words are no
            # longer at these offsets. A suppressed printing is where its
            # spans followed the words (no extraction will add it); any other
            # was placed by re-extraction wherever its words are now, or is gone.
            state = _relocated(state, article["text"], [(s, e) for a, s, e in moved_spans if a == state["article_id"]])
            if state is None:
                continue
        current = (
            Appearance.objects.select_for_update().filter(article_id=state["article_id"], start=state["start"]).first()
        )
        if current is not None:
            if current.quote_id != state["quote_id"]:
                taken_from.add(current.quote_id)
                current.quote_id = state["quote_id"]
                current.save(update_fields=["quote"])
            continue
        # A later extraction that found the same words with other offsets
        # already holds them: re-creating them would print them twice. Other
        # printings may overlap this one (a partial quote inside a longer
        # quote of the same article): they are not this printing.
        if Appearance.objects.filter(
            article_id=state["article_id"], start__lt=state["end"], end__gt=state["start"], text=state["text"]
        ).exists():
            continue
        # Under its old id where free, so links to the printing (#a<id>) work again.
        reuse = {} if Appearance.objects.filter(id=state["id"]).exists() else {"id": state["id"]}
        Appearance.objects.create(**reuse, **{f: state[f] for f in _APPEARANCE_FIELDS},
                                  **{f: state.get(f, default) for f, default in _APPEARANCE_EXTRACTED.items()})
    return taken_from


def _reads(text: str, spans) -> str:
    return " ".join(text[s:e] for s, e in spans)


def _relocated(state: dict, text: str, moved: list[tuple[int, int]]) -> dict | None:
    """The recorded printing at the moved spans that read its words, in order
    and of the same lengths; None if its words are not among them."""
    spans, free = [], sorted(moved)
    for s, e in state["spans"]:
        after = spans[-1][1] if spans else -1
        found = next(((ms, me) for ms, me in free if me - ms == e - s and ms >= after), None)
        if found is None:
            return None
        spans.append(found)
    if _reads(text, spans) != state["text"]:
        return None
    # A direct or partial quotation opens with a quotation mark; words that
    # now sit inside another quotation are no quotation of their own.
    if state["kind"] != Quote.Kind.INDIRECT and any(text[:s].rstrip()[-1:] not in _QUOTE_MARKS for s, _ in spans):
        return None
    return {**state, "spans": [list(x) for x in spans], "start": spans[0][0], "end": spans[-1][1]}


def _aliases_restore(states: list[dict]) -> None:
    for state in states:
        fields = {f: state[f] for f in _ALIAS_FIELDS}
        if SpeakerAlias.objects.filter(id=state["id"]).update(**fields):
            continue
        # Re-created under its old id, unless an ingest has since learned it again.
        if not SpeakerAlias.objects.filter(speaker_id=state["speaker_id"], key=state["key"]).exists():
            SpeakerAlias.objects.create(id=state["id"], **fields)


def _later_edits(edit: Edit) -> Edit | None:
    """The first later, standing edit that touched the same quotes or speakers."""
    record = UndoRecord.of(edit)
    overlap = _any(
        [Q(after__touched__quotes__contains=[i]) for i in record.touched_quotes]
        + [Q(after__touched__speakers__contains=[i]) for i in record.touched_speakers]
    )
    if overlap is None:
        return None
    return Edit.objects.filter(overlap, id__gt=edit.id, undone_at__isnull=True).order_by("id").first()


def _any(conditions: Iterable[Q]) -> Q | None:
    combined = None
    for c in conditions:
        combined = c if combined is None else combined | c
    return combined


def _edit_record(*, action, by, quote: Quote | None, summary: str, record: UndoRecord) -> Edit:
    record = replace(record, quotes_after=_quotes_now(record.quotes_before))
    _refresh(record=record, action=action)
    before, after = record.to_json()
    return Edit.objects.create(
        action=action, user=by, quote=quote, summary=summary[:500], before=before, after=after
    )


def _refresh(*, record: UndoRecord, action: str, also: set[int] = frozenset()) -> None:
    """Once per edit and per undo: everything derived from the printings of
    the quotes it touched, and the directory counts of every speaker it moved
    quotes from or to. The postings follow printings an edit moved, so that
    new printings find the quotes as the editor left them; a speaker merge
    moves no printing."""
    quote_ids = record.quote_ids() | set(also)
    moved = set()
    if action == Edit.Action.MERGE_SPEAKERS:
        # Their printings stayed where they were; only their speaker changed.
        quote_ids, moved = set(), quote_ids
    quotes_refresh_derived(quote_ids=quote_ids, speaker_ids=record.speaker_ids(), reindex=quote_ids, moved=moved)


def _ids(ids: list[int]) -> str:
    return ", ".join(f"#{i}" for i in ids)
