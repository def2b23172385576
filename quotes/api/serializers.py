from rest_framework import serializers

from quotes.models import Appearance, Edit, Quote, Speaker


class SpeakerRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Speaker
        fields = ["id", "slug", "name"]


class SpeakerSerializer(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")

    class Meta:
        model = Speaker
        fields = ["id", "slug", "name", "is_group", "aliases"]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = SpeakerRefSerializer(read_only=True, allow_null=True)

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


class QuoteFilterSerializer(serializers.Serializer):
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


class EditSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True, allow_null=True)
    undone_by = serializers.CharField(source="undone_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Edit
        fields = ["id", "action", "summary", "quote", "user", "created_at", "undone_at", "undone_by", "before", "after"]
