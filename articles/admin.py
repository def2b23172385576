from django.contrib import admin, messages

from .models import Article, Outlet, UploadBatch, UploadItem
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
    fields = ["name", "article", "outcome"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(UploadBatch)
class UploadBatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "worker_available"]
    readonly_fields = ["created_by", "created_at", "worker_available"]
    inlines = [UploadItemInline]
