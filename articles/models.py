from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    domain = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:220] or "outlet"
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def stale_queued(self, *, older_than):
        return self.filter(status=Article.Status.QUEUED, updated_at__lt=older_than)

    def with_quote_count(self):
        # Distinct quotes: a quotation split by its attribution is one
        # appearance, but a quote printed twice in one article is two.
        return self.annotate(quote_count=models.Count("appearances__quote", distinct=True))


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        PROCESSING = "processing"
        DONE = "done"
        FAILED = "failed"

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="articles")
    # The uploaded file name, or the URL when there was no file: the name the
    # export and the scorers use to refer to the article.
    source_name = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    # The decoded text exactly as extracted from: appearance offsets index it.
    text = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            # One article per canonical URL: a re-upload with new content updates it.
            models.UniqueConstraint(fields=["url"], condition=Q(url__isnull=False), name="article_unique_url"),
        ]
        indexes = [
            # The stale-queue sweep scans by status and age.
            models.Index(fields=["status", "updated_at"], name="article_status_updated"),
            models.Index(fields=["outlet", "published"], name="article_outlet_published"),
            # The front page: its windows end at the newest publication date
            # (MAX(published)) and its "latest articles" are the newest
            # uploads; without these both read the whole table.
            models.Index(fields=["-published", "-id"], name="article_recent"),
            models.Index(fields=["-created_at", "-id"], name="article_created"),
        ]

    def __str__(self):
        return self.title or self.source_name


class UploadBatch(models.Model):
    """One upload (or one `manage.py ingest` run): what its status page lists."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # False when the broker was unreachable at upload: the page says so, and
    # the stale sweep sends the articles once it is back.
    worker_available = models.BooleanField(default=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"upload {self.id}"


class UploadItem(models.Model):
    """One document of a batch and what became of it."""

    class Outcome(models.TextChoices):
        CREATED = "created"
        UPDATED = "updated", "updated (same URL, new text)"
        DUPLICATE = "duplicate", "already ingested"

    batch = models.ForeignKey(UploadBatch, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="upload_items")
    name = models.CharField(max_length=500)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    # How the file's bytes were read ("utf-8", "cp1252", ...), and what an
    # admin should check when that was guessed or bytes were replaced.
    encoding = models.CharField(max_length=40, blank=True, default="")
    warning = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class UploadOriginal(models.Model):
    """The file exactly as an admin uploaded it (for a zip, the member), kept
    beside the text parsed from it: if parsing lost something, the source is
    still here to check or re-parse. Its own table, so that listing uploads
    never reads the bytes."""

    item = models.OneToOneField(UploadItem, on_delete=models.CASCADE, related_name="original")
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self):
        return f"original of {self.item}"
