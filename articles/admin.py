from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html

from .models import Article, Outlet, UploadBatch, UploadItem, UploadOriginal
from .services import article_requeue


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "published", "status", "attempts", "updated_at"]
    list_filter = ["status", "outlet"]
    search_fields = ["title", "source_name", "url"]
    readonly_fields = ["content_hash", "created_at", "updated_at", "processed_at", "attempts"]
    actions = ["rerun_extraction"]

    @admin.action(description="Re-run extraction")
    def rerun_extraction(self, request, queryset):
        sent = sum(article_requeue(article=a) for a in queryset)
        messages.info(request, f"Queued {queryset.count()} article(s); {sent} sent to the worker.")


class UploadItemInline(admin.TabularInline):
    model = UploadItem
    fields = ["name", "article", "outcome", "original_file"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Whether each item kept its file, in the same query (and without the bytes).
        return super().get_queryset(request).annotate(kept=Exists(UploadOriginal.objects.filter(item=OuterRef("pk"))))

    @admin.display(description="original")
    def original_file(self, item):
        if not item.kept:
            return "-"
        return format_html('<a href="{}" download>download</a>', reverse("articles:upload_original", args=[item.id]))


@admin.register(UploadBatch)
class UploadBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "worker_available"]
    readonly_fields = ["created_by", "created_at", "worker_available"]
    inlines = [UploadItemInline]


@admin.register(UploadOriginal)
class UploadOriginalAdmin(admin.ModelAdmin):
    # The bytes themselves are offered as a download, never shown in a page.
    list_display = ["item", "size", "sha256"]
    fields = ["item", "size", "sha256", "download"]
    readonly_fields = fields

    @admin.display(description="file")
    def download(self, original):
        url = reverse("articles:upload_original", args=[original.item_id])
        return format_html('<a href="{}" download>download</a>', url)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")  # lists never read the files

    def has_add_permission(self, request):
        return False
