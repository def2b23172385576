from rest_framework import serializers

from quotes.models import Appearance, Edit, Quote, Speaker


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "slug", "name", "source_kind"]


class SpeakerSerializer(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")

    class Meta:
        model = Speaker
        fields = ["id", "slug", "name", "is_group", "source_kind", "aliases"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)
    unverified = serializers.BooleanField(read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "speaker",
            "text",
            "kind",
            "outlet_count",
            "appearance_count",
            "first_published",
            "last_published",
            "attribution_confidence",
            "attribution_confirmed",
            "unverified",
        ]


class AppearanceSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    source_name = serializers.CharField(source="article.source_name", read_only=True)
    url = serializers.URLField(source="article.url", read_only=True, allow_null=True)
    outlet = serializers.CharField(source="article.outlet.name", read_only=True)
    outlet_slug = serializers.CharField(source="article.outlet.slug", read_only=True)
    published = serializers.DateField(source="article.published", read_only=True, allow_null=True)
    spans = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    )

    class Meta:
        model = Appearance
        fields = [
            "id",
            "article",
            "article_title",
            "source_name",
            "url",
            "outlet",
            "outlet_slug",
            "published",
            "text",
            "start",
            "end",
            "spans",
            "kind",
            "cue",
            "speaker_as_written",
            "sieve",
            "confidence",
        ]


class QuoteDetailSerializer(QuoteSerializer):
    appearances = AppearanceSerializer(many=True, read_only=True)

    class Meta(QuoteSerializer.Meta):
        # A merged-away or hidden quote is still served, so that clients
        # holding its id can follow `merged_into`.
        fields = QuoteSerializer.Meta.fields + ["hidden", "merged_into", "editor_locked", "appearances"]


class QuoteEditResultSerializer(QuoteDetailSerializer):
    edit_id = serializers.IntegerField(read_only=True, help_text="Pass to /api/edits/<id>/undo/ to undo.")

    class Meta(QuoteDetailSerializer.Meta):
        fields = QuoteDetailSerializer.Meta.fields + ["edit_id"]


class QueryParamsSerializer(serializers.Serializer):
    """Query parameters as the schema documents them. DRF reads `?kind=` as
    if `kind` were left out; the schema says a given value is not blank, so a
    blank one is refused here, with its name."""

    def to_internal_value(self, data):
        blank = {name: ["May not be blank: give a value or leave the parameter out."]
                 for name in self.fields if name in data and data.get(name) == ""}
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)


class QuoteFilterSerializer(QueryParamsSerializer):
    speaker = serializers.CharField(required=False, help_text="Speaker id or slug.")
    since = serializers.DateField(required=False, help_text="Quotes printed on or after this date (YYYY-MM-DD).")
    kind = serializers.ChoiceField(choices=Quote.Kind.choices, required=False)
    outlet = serializers.CharField(required=False, help_text="Outlet id or slug: quotes it carried.")


class MergeRequestSerializer(serializers.Serializer):
    target = serializers.IntegerField(help_text="The quote that remains.")
    sources = serializers.ListField(child=serializers.IntegerField(), min_length=1, help_text="Quotes merged into it.")
    canonical_text = serializers.CharField(required=False, allow_blank=True, help_text="Defaults to the target's text.")


class SplitRequestSerializer(serializers.Serializer):
    appearances = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, help_text="Appearances moved to the new quote."
    )


class ReattributeRequestSerializer(serializers.Serializer):
    speaker = serializers.CharField(max_length=300, required=False, help_text="The speaker it is given to: id or slug.")
    new_speaker = serializers.CharField(
        max_length=200, required=False, help_text="Instead of `speaker`: the name of a person not yet known, created."
    )
    alias = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="",
        help_text="Also record this wording (e.g. a title) as an alias of that speaker.",
    )
    appearance = serializers.IntegerField(
        required=False, help_text="Only this printing, which becomes a quote of its own; without it, the whole quote."
    )


    def validate(self, data):
        if ("speaker" in data) == ("new_speaker" in data):
            raise serializers.ValidationError("Give either `speaker` (id or slug) or `new_speaker` (a name).")
        return data


class HideRequestSerializer(serializers.Serializer):
    appearance = serializers.IntegerField(
        required=False, help_text="Only this printing is not a quote; without it, the whole quote is hidden."
    )


class EditSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, allow_null=True)
    undone_by = serializers.CharField(source="undone_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Edit
        fields = ["id", "action", "summary", "quote", "user", "created_at", "undone_at", "undone_by", "before", "after"]


# --- browse and search (issue 7) ----------------------------------------------------------------


class SpeakerDirectorySerializer(SpeakerSerializer):
    class Meta(SpeakerSerializer.Meta):
        fields = SpeakerSerializer.Meta.fields + ["quote_count", "outlet_count", "last_quoted"]


class QuoteListFilterSerializer(QuoteFilterSerializer):
    until = serializers.DateField(required=False, help_text="Quotes first printed on or before this date.")


class SearchFilterSerializer(QuoteListFilterSerializer):
    q = serializers.CharField(help_text="Words, a phrase in double quotes, or a fragment; typos are tolerated.")
    cursor = serializers.CharField(required=False, help_text="The `next` link's cursor.")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class PrintingFilterSerializer(QueryParamsSerializer):
    first = serializers.BooleanField(
        required=False, help_text="Only the quotes this outlet carried first (on their first date)."
    )
    speaker = serializers.CharField(required=False, help_text="Speaker id or slug.")
    kind = serializers.ChoiceField(choices=Quote.Kind.choices, required=False)


class SearchHitSerializer(QuoteSerializer):
    rank = serializers.FloatField(read_only=True)
    fuzzy = serializers.BooleanField(read_only=True, help_text="Matched by spelling similarity only.")
    highlighted = serializers.CharField(
        read_only=True, help_text="The text as escaped HTML, matched words in <mark>."
    )

    class Meta(QuoteSerializer.Meta):
        fields = QuoteSerializer.Meta.fields + ["rank", "fuzzy", "highlighted"]


class OutletSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    domain = serializers.CharField()
    latest_article = serializers.DateField(source="latest", allow_null=True, read_only=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    source_name = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    outlet = serializers.CharField(source="outlet.name")
    outlet_slug = serializers.CharField(source="outlet.slug")
    published = serializers.DateField(allow_null=True)
    byline = serializers.CharField()
    status = serializers.CharField()


class PrintingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    quote = QuoteSerializer()
    text = serializers.CharField()
    kind = serializers.CharField()
    spans = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    speaker_as_written = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")
    outlet = serializers.CharField(source="article.outlet.name")
    outlet_slug = serializers.CharField(source="article.outlet.slug")
    url = serializers.CharField(source="article.url", allow_null=True)
    published = serializers.DateField(source="article.published", allow_null=True)
    carried_first = serializers.SerializerMethodField()

    def get_carried_first(self, a) -> bool:
        return a.article.published is not None and a.article.published == a.quote.first_published


class ArticleQuotesSerializer(ArticleSerializer):
    printings = PrintingSerializer(many=True, read_only=True, help_text="Every quotation, in text order.")
