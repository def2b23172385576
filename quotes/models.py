import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Func, Q
from django.db.models.fields.json import KeyTransform


class Speaker(models.Model):
    class SourceKind(models.TextChoices):
        PERSON = "person"
        ORGANISATION = "organisation"
        DOCUMENT = "document"
        UNNAMED = "unnamed"   # "officials", "a source familiar with the talks": never given a name

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    is_group = models.BooleanField(default=False)
    # What kind of source the extractor first saw this speaker as; editors
    # can correct it in the admin.
    source_kind = models.CharField(max_length=12, choices=SourceKind.choices, default=SourceKind.PERSON)
    created_at = models.DateTimeField(auto_now_add=True)
    # Denormalised for the speaker directory, which must not aggregate the
    # quotes table per request; kept current by
    # quotes.services.directory.speakers_refresh_stats.
    quote_count = models.PositiveIntegerField(default=0)
    outlet_count = models.PositiveIntegerField(default=0)
    last_quoted = models.DateField(null=True, blank=True)
    # The profile: learned at ingest from the articles' own titles and
    # appositives ("NATO Secretary-General Mark Rutte"), or set by an editor.
    # A field in `profile_locked` was set by an editor and learning never
    # overwrites it.
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=100, blank=True)
    # Wikidata's id ("Q42"), for telling namesakes apart; editors only.
    wikidata_id = models.CharField(max_length=20, blank=True)
    profile_locked = models.JSONField(default=list, blank=True)

    PROFILE_FIELDS = ("role", "organisation", "country", "wikidata_id")

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory's keyset orders: most quoted, latest quoted, by name.
            models.Index(fields=["-quote_count", "id"], name="speaker_by_quotes"),
            models.Index(fields=["-last_quoted", "id"], name="speaker_by_recent"),
            models.Index(fields=["name", "id"], name="speaker_by_name"),
            # "heal" finds Healey: the directory search box; people search's
            # shortlist. No pending list (fastupdate): until a vacuum flushed
            # it, every lookup read it through (8 ms for 2,500 speakers).
            GinIndex(fields=["name"], name="speaker_name_trgm", opclasses=["gin_trgm_ops"], fastupdate=False),
        ]

    def __str__(self):
        return self.name


class SpeakerAlias(models.Model):
    """A way an article names a speaker: "Hegseth", "Mr. Hegseth",
    "the U.S. defense secretary". Learned from articles, corrected by editors."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    # Case- and punctuation-folded form, used for lookups.
    key = models.CharField(max_length=300, db_index=True)
    added_by_editor = models.BooleanField(default=False)

    class Meta:
        ordering = ["alias"]
        constraints = [models.UniqueConstraint(fields=["speaker", "key"], name="alias_unique_per_speaker")]
        # people search looks names up by trigram word similarity ("Hegseht"):
        # without this it scans every alias, several times per query
        # (no pending list, as for speaker_name_trgm)
        indexes = [GinIndex(fields=["key"], name="alias_key_trgm", opclasses=["gin_trgm_ops"], fastupdate=False)]

    def __str__(self):
        return self.alias


class QuoteQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)

    def by_speaker(self, speaker):
        return self.visible().filter(speaker=speaker)


class Quote(models.Model):
    """One statement as it was spoken; its printings are Appearances."""

    class Kind(models.TextChoices):
        DIRECT = "direct"
        PARTIAL = "partial"
        INDIRECT = "indirect"

    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes")
    # The canonical wording: the most complete variant seen.
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIRECT)
    # Denormalised from appearances so that list pages sort and filter
    # without aggregating (kept current by the linking service).
    outlet_count = models.PositiveIntegerField(default=0)
    # Which outlets (ids, ascending): the speaker directory counts a
    # speaker's outlets from these, reading the speaker's quotes alone rather
    # than joining every printing of them to its article after each article.
    outlet_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    appearance_count = models.PositiveIntegerField(default=0)
    first_published = models.DateField(null=True, blank=True)
    last_published = models.DateField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    # Set when an editor merged or split this quote: automatic linking never
    # merges or splits it again.
    editor_locked = models.BooleanField(default=False)
    # A quote merged away by an editor is kept (hidden) for the audit and for undo.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The best calibrated confidence among its printings' attributions
    # (quotes/nlp/confidence.py), kept current with the other derived fields;
    # below settings.ATTRIBUTION_VERIFIED_AT the quote is "unverified" until
    # an editor confirms or reattributes it.
    attribution_confidence = models.FloatField(default=0.0)
    attribution_confirmed = models.BooleanField(default=False)
    search = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The words alone, lower case, space-separated and space-padded: the
    # speaker page finds a fragment inside a longer statement by substring
    # ("stand beside you," lies in "the US “stand beside you”") without
    # punctuation or a part of a word ("war" in "warning") getting in the way.
    plain = models.GeneratedField(
        expression=Func(
            "text", template="(' ' || btrim(regexp_replace(lower(%(expressions)s), '[^[:alnum:]]+', ' ', 'g')) || ' ')",
            output_field=models.TextField(),
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-last_published", "-id"]
        indexes = [
            GinIndex(fields=["search"], name="quote_search_gin"),
            # Editors' "find similar" view (trigram), filtered by speaker first.
            GinIndex(fields=["text"], name="quote_text_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["speaker", "-last_published", "-id"], name="quote_speaker_recent"),
            models.Index(fields=["speaker", "-outlet_count", "-id"], name="quote_speaker_reach"),
            # Search sorted by date and the unfiltered API list walk these.
            models.Index(fields=["-last_published", "-id"], name="quote_recent"),
            # The API list (newest id first) for one speaker, e.g. a newsroom
            # script pulling "all quotes by X since D": stops after a page.
            models.Index(fields=["speaker", "-id"], name="quote_speaker_id"),
            # The speaker directory's counts, refreshed after every article
            # (services/directory.py): read from the index alone, not from a
            # heap page per quote of a speaker quoted thousands of times.
            models.Index(
                fields=["speaker"], include=["last_published", "outlet_ids"], name="quote_speaker_visible",
                condition=Q(hidden=False),
            ),
            # The editors' review queue: unconfirmed visible quotes, newest first.
            models.Index(
                fields=["-id"], name="quote_review_queue",
                condition=Q(attribution_confirmed=False, hidden=False, merged_into__isnull=True),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def unverified(self) -> bool:
        """No editor has confirmed an attribution the extractor was not sure of."""
        return not self.attribution_confirmed and (
            self.speaker_id is None or self.attribution_confidence < settings.ATTRIBUTION_VERIFIED_AT)


# A fragment is looked for inside statements printed within this many days
# of it: the story it was cut from (linking's window is 7 days). Without the
# bound each quote would be compared with every quote of its speaker.
FRAGMENT_WINDOW = datetime.timedelta(days=14)


class QuoteFragment(models.Model):
    """`fragment`'s words lie inside `statement`'s, a longer quote of the same
    speaker printed within FRAGMENT_WINDOW of it (Quote.plain as a substring;
    the first and last dates' ranges, widened by the window, overlap). The
    speaker page shows a quote as a statement unless a statement it lies in
    passes the page's filters, and shows under each statement the fragments
    inside it: read here by index, rather than each row compared with the
    speaker's quotes around it, which grow with the archive. Hidden quotes
    keep their pairs (the page filters them out), so hiding changes none.
    Derived data, kept by services/derived.py for every quote whose speaker,
    words or dates a change touches."""

    # The pair is unique, and its index (fragment first) is what the page's
    # "is this row a fragment" probe reads; the statement's own index finds
    # the fragments under a page's statements.
    fragment = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="+", db_index=False)
    statement = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["fragment", "statement"], name="quote_fragment_unique")]


class Appearance(models.Model):
    """One printing of (part of) a Quote in one article, as the outlet printed it."""

    # No single-column indexes: "appearance_quote_article" (quote, article) and
    # "appearance_unique_start" (article, start) lead with these columns and
    # serve the same lookups, so two more indexes only slowed every write.
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="appearances", db_index=False)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="appearances",
                                db_index=False)
    # [[start, end], ...] character offsets into article.text; a quotation
    # split by its attribution has several spans.
    spans = models.JSONField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=10, choices=Quote.Kind.choices)
    cue = models.CharField(max_length=50, blank=True)
    speaker_as_written = models.CharField(max_length=300, blank=True)
    # How the extractor tied this printing to its speaker (the sieve) and how
    # sure it is (0-1, calibrated on the tuning gold; 0 when no speaker).
    sieve = models.CharField(max_length=30, blank=True)
    confidence = models.FloatField(default=0.0)
    # Misquote watch (quotes/linking/misquote.py): this printing's words
    # differ from what at least as many other outlets print at some point.
    # `misquote` holds each such point, {"old", "new", "agree_old",
    # "agree_new"}: the others' words and this printing's, and how many
    # outlets print each. Derived from the quote's printings, kept current
    # by services/derived.py.
    misquoted = models.BooleanField(default=False)
    misquote = models.JSONField(default=list, blank=True)
    # A reported claim's terms as extraction read them off its parse
    # ({"lemmas", "names", "numbers"}; empty for quotations): the linker
    # compares a new claim with the speaker's recent ones on them
    # (linking/claims.py), without parsing their articles again.
    terms = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            # Re-extraction replaces an article's appearances; this makes a
            # duplicate printing impossible even if two workers race.
            models.UniqueConstraint(fields=["article", "start"], name="appearance_unique_start"),
        ]
        indexes = [
            models.Index(fields=["quote", "article"], name="appearance_quote_article"),
            # The editors' misquote list, newest first, reads only flagged rows.
            models.Index(fields=["-id"], name="appearance_misquoted", condition=Q(misquoted=True)),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def span_texts(self) -> list[str]:
        return [self.article.text[s:e] for s, e in self.spans]


class Word(models.Model):
    """The search vocabulary: every word (folded to lower case) of the
    quotes, so that a misspelt search term is corrected to the closest word
    the quotes actually use. Kept current by services/derived.py; a word
    whose quotes are all gone stays (a correction to it then finds nothing,
    and search keeps what was typed)."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self):
        return self.word


class QuoteShingle(models.Model):
    """Postings list: hashed word shingles of a quote's printings, so that
    candidate quotes for a new printing are found by index lookups rather
    than by scanning the corpus."""

    hash = models.BigIntegerField()
    # No index of its own: "shingle_quote" below is the same index, and every
    # posting written (about forty per quote) updated both.
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="shingles", db_index=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hash", "quote"], name="shingle_unique")]
        indexes = [models.Index(fields=["quote"], name="shingle_quote")]


class SuppressedSpan(models.Model):
    """A span an editor marked "not a quote": re-extraction skips it."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="suppressed_spans")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "start", "end"], name="suppressed_unique")]


class Edit(models.Model):
    """An editor's change, with enough state to undo it exactly."""

    class Action(models.TextChoices):
        MERGE_QUOTES = "merge_quotes"
        SPLIT_QUOTE = "split_quote"
        MERGE_SPEAKERS = "merge_speakers"
        REATTRIBUTE = "reattribute"
        HIDE_QUOTE = "hide_quote"
        EDIT_ALIAS = "edit_alias"
        CONFIRM = "confirm_attribution"
        EDIT_PROFILE = "edit_profile"

    action = models.CharField(max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="edits")
    summary = models.CharField(max_length=500)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        # The quote page's history and undo's "has a later edit touched the
        # same rows?" look up edits by the ids in after.touched; without
        # these each lookup scanned the whole edit log.
        indexes = [
            GinIndex(KeyTransform("quotes", KeyTransform("touched", "after")), name="edit_touched_quotes"),
            GinIndex(KeyTransform("speakers", KeyTransform("touched", "after")), name="edit_touched_speakers"),
        ]

    def __str__(self):
        return self.summary


class SpeakerConflict(models.Model):
    """Linking joined printings of identical words that extraction gave
    different speakers (one perhaps none). The quote keeps one attribution
    (services/linking.py `_speaker_conflict`); this row is what an editor
    should look at: `speaker` is what extraction said for the printing in
    `article`. `resolved_at` is for the editors' review queue to set."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="speaker_conflicts")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    speaker = models.ForeignKey(Speaker, null=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quote", "article", "speaker"], name="speaker_conflict_unique")
        ]

    def __str__(self):
        return f"quote {self.quote_id}: {self.speaker_id} in article {self.article_id}"


class DerivedVersion(models.Model):
    """One row, `n`, raised by `quotes_refresh_derived` in the transaction of
    every ingest, edit and undo: a result computed from the printings while
    `n` had some value is current while it still has it (FrontPageCache).
    A missing row reads as 0."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    n = models.BigIntegerField(default=0)


class FrontPageCache(models.Model):
    """The front page's window lists as ids and counts: the quotes most
    carried, [[quote id, outlets]], and the rising speakers, [[speaker id,
    now, before]]. They aggregate every printing of the window, which grows
    with the archive; computed on a read (services/front_page.py) and used
    while `version` is DerivedVersion.n and the window still ends on `end`."""

    window = models.CharField(max_length=8, primary_key=True)
    version = models.BigIntegerField()
    end = models.DateField()
    carried = models.JSONField(default=list)
    rising = models.JSONField(default=list)
