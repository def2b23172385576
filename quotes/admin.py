from django.contrib import admin

from .models import Appearance, Edit, Quote, Speaker, SpeakerAlias, SuppressedSpan


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["alias", "key", "added_by_editor"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_group"]
    search_fields = ["name", "aliases__alias"]
    inlines = [SpeakerAliasInline]


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "speaker", "added_by_editor"]
    search_fields = ["alias", "speaker__name"]
    raw_id_fields = ["speaker"]


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    fields = ["article", "text", "spans", "kind", "cue"]
    raw_id_fields = ["article"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "kind", "outlet_count", "hidden", "editor_locked"]
    list_filter = ["kind", "hidden", "editor_locked"]
    search_fields = ["text", "speaker__name"]
    raw_id_fields = ["speaker"]
    readonly_fields = ["outlet_count", "appearance_count", "first_published", "last_published"]
    inlines = [AppearanceInline]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quote", "article", "kind"]
    raw_id_fields = ["quote", "article"]


@admin.register(SuppressedSpan)
class SuppressedSpanAdmin(admin.ModelAdmin):
    list_display = ["article", "start", "end", "created_by", "created_at"]
    raw_id_fields = ["article"]


@admin.register(Edit)
class EditAdmin(admin.ModelAdmin):
    list_display = ["summary", "action", "user", "created_at", "undone_at"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in Edit._meta.fields]
