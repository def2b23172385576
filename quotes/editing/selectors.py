"""Reads for the editor tools. Possible duplicates: quotes.selectors.quotes_similar."""
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from articles.models import Article
from quotes.browse import speaker_matches
from claimtrack.params import parse_int
from quotes.editing.record import UndoRecord
from quotes.models import Appearance, Edit, Quote, Speaker, SpeakerAlias


def edits_for_quote(*, quote: Quote, limit: int = 50):
    """Every edit that changed this quote, newest first."""
    return (
        Edit.objects.filter(Q(quote=quote) | Q(after__touched__quotes__contains=[quote.id]))
        .select_related("user", "undone_by")
        .order_by("-created_at", "-id")[:limit]
    )


def edits_with_users() -> QuerySet:
    """Edits with who made and who undid them (the undo endpoint's lookup)."""
    return Edit.objects.select_related("user", "undone_by")


def edits_recent(*, limit: int = 100):
    return Edit.objects.select_related("user", "undone_by", "quote").order_by("-created_at", "-id")[:limit]


def speaker_choices(*, search: str = "", exclude: str = "", limit: int = 20):
    """Suggestions for the editors' speaker fields: the most quoted speakers
    whose name or alias contains what was typed (trigram-indexed), so the
    list stays short and fast however many speakers there are. Without
    JavaScript the field still takes any slug or exact name."""
    search = " ".join(search.split())[:100]
    qs = Speaker.objects.all()
    if search:
        qs = qs.filter(speaker_matches(search) | Q(slug__startswith=search))
    if exclude:  # the speaker whose page this is: not a merge target for itself
        qs = qs.exclude(slug=exclude)
    return qs.order_by("-quote_count", "name", "id").values("slug", "name")[:limit]


def speaker_lookup(value: str) -> list[Speaker]:
    """Speakers matching what an editor typed: a slug, or an exact name."""
    value = " ".join(value.split())
    if not value:
        return []
    by_slug = list(Speaker.objects.filter(slug=value))
    return by_slug or list(Speaker.objects.filter(name__iexact=value)[:2])


def review_queue(*, limit: int = 50):
    """Quotes whose attribution no editor has confirmed and the extractor was
    not sure of (no speaker, or confidence below the threshold), newest
    first, each with its printings' outlets and how they were attributed."""
    printings = Appearance.objects.select_related("article__outlet").order_by("article__published", "id")
    return (
        Quote.objects.filter(attribution_confirmed=False, hidden=False, merged_into__isnull=True)
        .filter(Q(speaker__isnull=True) | Q(attribution_confidence__lt=settings.ATTRIBUTION_VERIFIED_AT))
        .select_related("speaker")
        .prefetch_related(Prefetch("appearances", queryset=printings))
        .order_by("-id")[:limit]
    )


MISQUOTES_PAGE = 50


def misquotes_flagged(*, before: int | None = None, limit: int | None = None) -> list[Appearance]:
    """Printings of visible quotes whose words differ from what at least as
    many other outlets print (Appearance.misquote), newest first; `before`
    pages on (an appearance id). Walks the partial index of flagged rows."""
    qs = Appearance.objects.filter(misquoted=True, quote__hidden=False)
    if before is not None:
        qs = qs.filter(id__lt=before)
    return list(qs.select_related("article__outlet", "quote__speaker").order_by("-id")[: limit or MISQUOTES_PAGE])


def quote_lives_in(quote: Quote) -> Quote:
    """Where a merged-away quote's printings are now: the end of its chain of
    merges (the quote it was merged into may have been merged in turn)."""
    seen = {quote.id}
    while quote.merged_into_id and quote.merged_into_id not in seen:
        following = Quote.objects.filter(id=quote.merged_into_id).first()
        if following is None:
            break
        seen.add(following.id)
        quote = following
    return quote


def quote_merged_from(*, quote: Quote, raw_id: str) -> Quote | None:
    """The quote named by `?from=` on a quote page, if it was merged into this one."""
    source_id = parse_int(raw_id)
    if source_id is None:
        return None
    source = Quote.objects.filter(id=source_id, merged_into__isnull=False).first()
    return source if source is not None and quote_lives_in(source).id == quote.id else None


# --- the edit history as people read it ------------------------------------------


@dataclass(frozen=True)
class Part:
    """A piece of one line of history: plain text, a link, or a word the
    edit added (`ins`) or took out (`del`)."""

    text: str
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    edit: Edit
    lines: list[list[Part]]


_QUOTE_WORDS = 60


def edits_readable(edits) -> list[HistoryEntry]:
    """Each edit with what it changed, in words: the quotes (linked), the
    speakers (linked), the wording before and after as a word diff, the
    printings it moved or removed and the aliases. Reads the names for all
    the edits at once, so a page's query count does not grow with its rows."""
    edits = list(edits)
    records = {e.id: UndoRecord.of(e) for e in edits}
    quote_ids, speaker_ids, article_ids, alias_ids = set(), set(), set(), set()
    for e in edits:
        r = records[e.id]
        quote_ids |= r.quote_ids() | {e.quote_id} | {
            s["merged_into_id"] for s in r.quotes_after.values() if s.get("merged_into_id")
        }
        speaker_ids |= r.speaker_ids()
        article_ids |= {a["article_id"] for a in r.appearances}
        alias_ids |= set(r.created_aliases)
    names = _Names(
        quotes=dict(Quote.objects.filter(id__in=quote_ids - {None}).values_list("id", "text")),
        speakers={s["id"]: s for s in Speaker.objects.filter(id__in=speaker_ids).values("id", "name", "slug")},
        articles={a["id"]: a for a in Article.objects.filter(id__in=article_ids).values("id", "title", "outlet__name")},
        aliases=dict(SpeakerAlias.objects.filter(id__in=alias_ids).values_list("id", "alias")),
    )
    return [HistoryEntry(edit=e, lines=_lines(e, records[e.id], names)) for e in edits]


@dataclass(frozen=True)
class _Names:
    quotes: dict
    speakers: dict
    articles: dict
    aliases: dict

    def quote(self, quote_id) -> list[Part]:
        text = self.quotes.get(quote_id, "")
        short = text if len(text) <= _QUOTE_WORDS else text[:_QUOTE_WORDS].rsplit(" ", 1)[0] + "…"
        parts = [Part(f"#{quote_id}", reverse("quotes:quote_detail", args=[quote_id]))]
        return parts + [Part(f" “{short}”")] if short else parts

    def speaker(self, speaker_id) -> Part:
        s = self.speakers.get(speaker_id)
        if s is None:
            return Part("unattributed" if speaker_id is None else f"a removed speaker (#{speaker_id})")
        return Part(s["name"], reverse("quotes:speaker_detail", args=[s["slug"]]))


def _lines(edit: Edit, record: UndoRecord, names: _Names) -> list[list[Part]]:
    lines = []
    for quote_id, before in record.quotes_before.items():
        after = record.quotes_after.get(quote_id, {})
        if "text" in before and before["text"] != after.get("text", before["text"]):
            diff = _word_diff(before["text"], after["text"])
            lines.append([Part("Wording of "), *names.quote(quote_id), Part(": "), *diff])
        if "speaker_id" in before and before["speaker_id"] != after.get("speaker_id", before["speaker_id"]):
            lines.append([*names.quote(quote_id), Part(" from "), names.speaker(before["speaker_id"]),
                          Part(" to "), names.speaker(after["speaker_id"])])
        if after.get("merged_into_id") and not before.get("merged_into_id"):
            lines.append([*names.quote(quote_id), Part(" merged into "), *names.quote(after["merged_into_id"])[:1]])
        elif after.get("hidden") and not before.get("hidden"):
            lines.append([*names.quote(quote_id), Part(" hidden as not a quote")])
    moved_to = record.created_quotes[0] if record.created_quotes else edit.quote_id
    for a in record.appearances:
        article = names.articles.get(a["article_id"], {})
        where = article.get("outlet__name", "an article")
        where += f", “{article['title']}”" if article.get("title") else ""
        line = [Part(f"Printing in {where}: “{a['text'][:_QUOTE_WORDS]}” ")]
        if record.suppressed_spans and not record.created_quotes:
            line.append(Part("marked not a quote", kind="del"))
        else:
            line += [Part("from "), *names.quote(a["quote_id"])[:1], Part(" to "), *names.quote(moved_to)[:1]]
        lines.append(line)
    if record.created_speakers:
        lines += [[Part("New speaker "), names.speaker(i)] for i in record.created_speakers]
    for alias_id in record.created_aliases:
        alias = names.aliases.get(alias_id, "(since removed)")
        lines.append(
            [Part("Alias "), Part(f"“{alias}”", kind="ins"), Part(" added to "), names.speaker(record.speaker)]
        )
    for a in record.aliases:
        if edit.action == Edit.Action.MERGE_SPEAKERS:
            lines.append([Part(f"Alias “{a['alias']}” moved from "), names.speaker(a["speaker_id"]),
                          Part(" to "), names.speaker(record.speaker)])
        else:
            lines.append([Part("Alias "), Part(f"“{a['alias']}”", kind="del"), Part(" removed from "),
                          names.speaker(a["speaker_id"])])
    if edit.action == Edit.Action.MERGE_SPEAKERS and record.quotes_before:
        n = len(record.quotes_before)
        lines.append([Part(f"{n} quote{'s' if n != 1 else ''} moved to "), names.speaker(record.speaker)])
    return lines


def _word_diff(before: str, after: str) -> list[Part]:
    old, new = before.split(), after.split()
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(Part(" ".join(old[i1:i2]), kind="del"))
        if op in ("insert", "replace"):
            parts.append(Part(" ".join(new[j1:j2]), kind="ins"))
        if op == "equal":
            parts.append(Part(" ".join(old[i1:i2])))
    spaced = []
    for part in parts:
        spaced += [Part(" "), part] if spaced else [part]
    return spaced
