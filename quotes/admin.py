"""Quotes, printings, speakers and aliases are read-only here: every change
to them goes through the editing services (quotes/editing/services.py),
which record an Edit that can be undone; the admin saving a row directly
would bypass that record. Each page links to the editor's page instead.
The edit log itself is read-only too, and cannot be deleted."""
from django.contrib import admin
from django.urls import reverse

from .models import Appearance, Edit, Quote, Speaker, SpeakerAlias, SuppressedSpan


class ReadOnly:
    """View only: no add, change or delete, in lists, forms and inlines."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SpeakerAliasInline(ReadOnly, admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["alias", "key", "added_by_editor"]


@admin.register(Speaker)
class SpeakerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "slug", "is_group", "quote_count"]
    search_fields = ["name", "aliases__alias"]
    inlines = [SpeakerAliasInline]

    def view_on_site(self, obj):
        return reverse("quotes:speaker_detail", args=[obj.slug])


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["alias", "speaker", "added_by_editor"]
    search_fields = ["alias", "speaker__name"]
    raw_id_fields = ["speaker"]

    def view_on_site(self, obj):
        return reverse("quotes:speaker_detail", args=[obj.speaker.slug])


class AppearanceInline(ReadOnly, admin.TabularInline):
    model = Appearance
    extra = 0
    fields = ["article", "text", "spans", "kind", "cue"]
    raw_id_fields = ["article"]


@admin.register(Quote)
class QuoteAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "speaker", "kind", "outlet_count", "hidden", "editor_locked"]
    list_filter = ["kind", "hidden", "editor_locked"]
    search_fields = ["text", "speaker__name"]
    raw_id_fields = ["speaker"]
    inlines = [AppearanceInline]

    def view_on_site(self, obj):
        return reverse("quotes:quote_detail", args=[obj.id])


@admin.register(Appearance)
class AppearanceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "quote", "article", "kind"]
    raw_id_fields = ["quote", "article"]

    def view_on_site(self, obj):
        return reverse("quotes:quote_detail", args=[obj.quote_id]) + f"#p{obj.id}"


@admin.register(SuppressedSpan)
class SuppressedSpanAdmin(admin.ModelAdmin):
    list_display = ["article", "start", "end", "created_by", "created_at"]
    raw_id_fields = ["article"]


@admin.register(Edit)
class EditAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["summary", "action", "user", "created_at", "undone_at"]
    list_filter = ["action"]
