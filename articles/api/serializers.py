from rest_framework import serializers

from articles import selectors
from articles.models import Article
from claimtrack.params import parse_int


class JsonFileSerializer(serializers.Serializer):
    """A file sent inside JSON: its name (the suffix says text or HTML) and its text."""

    name = serializers.CharField(max_length=500)
    content = serializers.CharField(trim_whitespace=False, allow_blank=True)


class UploadSerializer(serializers.Serializer):
    """The upload page's fields. Multipart sends `files` as files; JSON sends
    them as [{"name", "content"}]. Everything but a document is optional."""

    files = serializers.ListField(child=serializers.FileField(allow_empty_file=True), required=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    outlet = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=200,
        help_text="The outlet as `manage.py ingest --outlet` takes it: an id, a slug or a name (any case); "
        "a name not yet known creates that outlet.",
    )
    new_outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    url = serializers.URLField(required=False, allow_blank=True, allow_null=True, max_length=1000)
    published = serializers.DateField(required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def validate_outlet(self, value):
        """An Outlet, or the name of a new one (created with the articles)."""
        value = " ".join((value or "").split())
        if not value:
            return None
        if (pk := parse_int(value)) is not None:
            if (outlet := selectors.outlet_by_id(pk)) is None:
                raise serializers.ValidationError(f"No outlet has the id {pk}.")
            return outlet
        return selectors.outlet_named(value) or value

    def validate(self, data):
        if data.get("outlet") and (data.get("new_outlet") or "").strip():
            raise serializers.ValidationError("Pick an outlet or name a new one, not both.")
        return data


class JsonUploadSerializer(UploadSerializer):
    files = JsonFileSerializer(many=True, required=False)


class UploadedArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    name = serializers.CharField()
    outcome = serializers.CharField(help_text="created, updated (same URL, new text) or duplicate (already ingested)")
    encoding = serializers.CharField(help_text="How the file was read: utf-8, or the encoding guessed (e.g. cp1252)")
    warning = serializers.CharField(
        allow_blank=True, help_text="What to check: an encoding guessed, or invalid bytes replaced; empty if none"
    )


class UploadResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the first (usually only) article of the upload")
    status = serializers.CharField()
    outcome = serializers.CharField()
    batch = serializers.IntegerField(allow_null=True, help_text="null when nothing new was stored")
    worker_available = serializers.BooleanField(allow_null=True)
    articles = UploadedArticleSerializer(many=True)


class ArticleStatusSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name")
    quote_count = serializers.IntegerField()

    class Meta:
        model = Article
        fields = ["id", "status", "error", "quote_count", "title", "outlet", "url", "source_name", "published"]
