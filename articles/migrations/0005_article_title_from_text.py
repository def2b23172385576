"""Articles stored without a title (a plain-text file with no manifest
title, pasted text) showed their file name; give them their first line, as
ingest now does (articles.parsing.title_from_text, copied here so that this
migration does not change when that function does)."""
from django.db import migrations

TITLE_MAX_CHARS = 200


def title_from_text(text):
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = " ".join(line.split())
    if len(line) <= TITLE_MAX_CHARS:
        return line
    return line[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def fill_titles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    batch = []
    for article in Article.objects.filter(title="").only("id", "text").iterator(chunk_size=500):
        article.title = title_from_text(article.text)[:500]
        batch.append(article)
        if len(batch) == 500:
            Article.objects.bulk_update(batch, ["title"])
            batch = []
    Article.objects.bulk_update(batch, ["title"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_upload_item_encoding")]
    operations = [migrations.RunPython(fill_titles, migrations.RunPython.noop)]
