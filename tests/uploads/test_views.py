import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Outlet, UploadBatch, UploadItem, UploadOriginal
from quotes.models import Appearance
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory

from .conftest import fixture_bytes

pytestmark = pytest.mark.django_db
UPLOAD = reverse("articles:upload")
TEXT = "“We are ready,” said the mayor on Monday, in front of the town hall.\n\nThe road opens in May.\n"


def _file(name, data=None):
    return SimpleUploadedFile(name, fixture_bytes(name) if data is None else data)


def _row_counts():
    return (
        Article.objects.count(), Outlet.objects.count(), UploadBatch.objects.count(), UploadItem.objects.count(),
        UploadOriginal.objects.count(),
    )


# --- permissions ---------------------------------------------------------


def _pages(article):
    batch = UploadBatch.objects.create()
    UploadItem.objects.create(batch=batch, article=article, name="a.txt", outcome="created")
    status = f"{reverse('articles:status_list')}?ids={article.id}"
    return [UPLOAD, reverse("articles:upload_status", args=[batch.id]), status], batch


def test_pages_redirect_anonymous_to_login(client):
    pages, _ = _pages(ArticleFactory())
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    response = client.post(reverse("articles:article_requeue", args=[Article.objects.get().id]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["journalist", "editor", "nobody"])
def test_pages_forbid_roles_without_add_article(client, request, role):
    client.force_login(request.getfixturevalue(role))
    article = ArticleFactory()
    pages, _ = _pages(article)
    for url in pages:
        assert client.get(url).status_code == 403, url
    assert client.post(UPLOAD, {"text": TEXT}).status_code == 403
    assert client.post(reverse("articles:article_requeue", args=[article.id])).status_code == 403
    assert Article.objects.count() == 1


def test_pages_work_for_admin(admin_client):
    pages, _ = _pages(ArticleFactory())
    for url in pages:
        assert admin_client.get(url).status_code == 200, url


# --- uploading -----------------------------------------------------------


def test_upload_stores_queues_and_redirects_to_the_status_list(admin_client, admin_user, enqueued):
    response = admin_client.post(UPLOAD, {"files": [_file("news_article.html"), _file("latin1.txt")]})
    batch = UploadBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("articles:upload_status", args=[batch.id])
    news, latin = [item.article for item in batch.items.order_by("id")]
    assert enqueued == [news.id, latin.id]
    assert (news.status, news.title, news.outlet.name, news.byline) == (
        "queued", "Harbour bridge reopens after two years of repairs", "The Coastal Ledger", "Maria Okafor"
    )
    assert news.source_name == "news_article.html" and str(news.published) == "2025-03-04"
    assert latin.text == fixture_bytes("latin1.txt").decode("latin-1") and latin.outlet.name == "Unknown outlet"
    assert batch.created_by == admin_user
    page = admin_client.get(response["Location"]).text
    assert "0 of 2 done" in page and page.count('data-status="queued"') == 2


def test_pasted_text_with_metadata_and_a_new_outlet(admin_client):
    response = admin_client.post(
        UPLOAD,
        {"text": TEXT.replace("\n", "\r\n"), "new_outlet": "Town Crier", "url": "https://crier.example/road",
         "published": "2025-05-01", "title": "Road opens"},
    )
    assert response.status_code == 302
    article = Article.objects.get()
    # Browsers send textareas with CRLF; pasted text has no offsets to keep.
    assert article.text == TEXT.strip()
    assert (article.outlet.name, article.url, str(article.published), article.title, article.source_name) == (
        "Town Crier", "https://crier.example/road", "2025-05-01", "Road opens", "https://crier.example/road"
    )


def test_picked_outlet_wins_over_the_page(admin_client):
    outlet = OutletFactory(name="Picked Outlet")
    admin_client.post(UPLOAD, {"files": [_file("news_article.html")], "outlet": outlet.id})
    assert Article.objects.get().outlet == outlet


def test_outlet_from_url_domain_when_the_text_names_none(admin_client):
    known = OutletFactory(name="Kyiv Independent", domain="kyivindependent.com")
    admin_client.post(UPLOAD, {"text": TEXT, "url": "https://www.kyivindependent.com/some-story"})
    assert Article.objects.get().outlet == known


@pytest.mark.parametrize(
    "files, data, message",
    [
        (["image.png"], {}, "image.png: the file is a PNG image, not text"),
        (["binary.txt"], {}, "binary.txt: the file is binary, not text"),
        (["empty.txt"], {}, "empty.txt: the file is empty"),
        (["no_article.html"], {}, "no_article.html: the HTML page has no article text"),
        (["traversal.zip"], {}, "has an unsafe path"),
        # One bad file refuses the whole batch: the good one is not stored either.
        (["news_article.html", "binary.txt"], {"new_outlet": "Never Created"}, "binary.txt: the file is binary"),
        ([], {}, "Nothing to upload"),
        (["news_article.html", "latin1.txt"], {"url": "https://x.example/a"}, "A URL names one article"),
    ],
)
def test_refused_upload_names_the_problem_and_stores_nothing(admin_client, enqueued, files, data, message):
    before = _row_counts()
    response = admin_client.post(UPLOAD, {"files": [_file(f) for f in files], **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was uploaded" in response.content.decode()
    assert _row_counts() == before and enqueued == []


def test_ten_megabyte_file_is_refused_with_the_size_message(admin_client):
    big = SimpleUploadedFile("big.txt", b"An ordinary line of article text.\n" * (10 * 1024 * 1024 // 34 + 1))
    response = admin_client.post(UPLOAD, {"files": [big]})
    assert response.status_code == 400
    assert "big.txt: the file is 10.0 MB; the limit is 5.0 MB per file" in response.content.decode()
    assert Article.objects.count() == 0


def test_body_over_the_batch_limit_is_refused_unread(admin_client, settings):
    settings.UPLOAD_MAX_BATCH_BYTES = 1000
    big = SimpleUploadedFile("big.txt", b"x" * (2 * 1024 * 1024))
    response = admin_client.post(UPLOAD, {"files": [big]})
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()
    assert UploadBatch.objects.count() == 0


def test_choosing_an_outlet_and_naming_a_new_one_is_refused(admin_client):
    outlet = OutletFactory()
    response = admin_client.post(UPLOAD, {"text": TEXT, "outlet": outlet.id, "new_outlet": "Other"})
    assert response.status_code == 400 and "not both" in response.content.decode()
    assert Article.objects.count() == 0


# --- duplicates and updates ---------------------------------------------


def test_same_content_again_is_already_ingested_and_creates_no_row(admin_client, enqueued):
    admin_client.post(UPLOAD, {"files": [_file("news_article.html")]})
    counts = _row_counts()
    article = Article.objects.get()
    response = admin_client.post(UPLOAD, {"files": [_file("news_article.html")]}, follow=True)
    assert _row_counts() == counts and len(enqueued) == 1
    page = response.content.decode()
    assert "Already ingested" in page
    # The status list of the existing article, without a batch row.
    assert response.redirect_chain[-1][0] == f"{reverse('articles:status_list')}?ids={article.id}"
    assert f'id="article-{article.id}"' in page and "0 of 1 done" in page


def test_a_batch_with_new_and_old_documents_marks_the_old_ones(admin_client, enqueued):
    admin_client.post(UPLOAD, {"files": [_file("news_article.html")]})
    response = admin_client.post(UPLOAD, {"files": [_file("news_article.html"), _file("latin1.txt")]}, follow=True)
    assert list(UploadItem.objects.values_list("outcome", flat=True)) == ["created", "duplicate", "created"]
    assert "already ingested" in response.content.decode() and "0 of 2 done" in response.content.decode()
    assert len(enqueued) == 2


def test_status_list_by_ids_polls_and_requeues(admin_client, enqueued):
    articles = [ArticleFactory(status="done"), ArticleFactory(status="failed")]
    ids = ",".join(str(a.id) for a in articles)
    url = f"{reverse('articles:status_list')}?ids={ids}"
    page = admin_client.get(url).content.decode()
    assert "1 of 2 done" in page and "hx-trigger" not in page
    fragment = admin_client.post(
        reverse("articles:article_requeue", args=[articles[1].id]), {"ids": ids}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "1 of 2 done" in fragment and 'hx-trigger="every 2s"' in fragment and enqueued == [articles[1].id]


def test_crlf_copy_of_a_text_is_a_duplicate(admin_client):
    crlf = fixture_bytes("crlf.txt")
    admin_client.post(UPLOAD, {"files": [_file("crlf.txt")]})
    admin_client.post(UPLOAD, {"files": [_file("lf.txt", crlf.replace(b"\r\n", b"\n"))]})
    assert Article.objects.count() == 1
    assert Article.objects.get().text == crlf.decode()  # the first copy, exactly


def test_same_url_with_new_text_updates_the_article_and_requeues_it(admin_client, enqueued):
    url = "https://crier.example/road"
    admin_client.post(UPLOAD, {"text": TEXT, "url": url})
    article = Article.objects.get()
    Article.objects.filter(id=article.id).update(status="done")
    appearance = AppearanceFactory(article=article)
    admin_client.post(UPLOAD, {"text": TEXT + "Update: it opens in June.\n", "url": url})
    article.refresh_from_db()
    assert Article.objects.count() == 1
    assert article.text.endswith("June.") and article.status == "queued"
    assert enqueued == [article.id, article.id]
    # The old appearance stays linked until re-extraction replaces it, so the
    # quote is never left without its printing in between.
    assert Appearance.objects.filter(id=appearance.id, article=article).exists()
    assert UploadItem.objects.last().outcome == "updated"


# --- the status list ------------------------------------------------------


def _batch_of(statuses):
    batch = UploadBatch.objects.create()
    for i, status in enumerate(statuses):
        article = ArticleFactory(status=status, error="ValueError: boom" if status == "failed" else "")
        UploadItem.objects.create(batch=batch, article=article, name=f"{i}.txt", outcome="created")
    return batch


def test_status_list_shows_progress_quote_counts_and_errors(admin_client):
    batch = _batch_of(["done", "done", "done", "failed", "queued", "processing"])
    done = batch.items.first().article
    AppearanceFactory(article=done, start=0)
    AppearanceFactory(article=done, start=30)
    page = admin_client.get(reverse("articles:upload_status", args=[batch.id])).content.decode()
    assert "3 of 6 done" in page and "1 failed" in page
    assert "2 quotes" in page and "0 quotes" in page
    assert "ValueError: boom" in page
    assert 'hx-trigger="every 2s"' in page


def test_htmx_poll_gets_the_fragment_and_stops_when_all_are_finished(admin_client):
    batch = _batch_of(["done", "queued"])
    url = reverse("articles:upload_status", args=[batch.id])
    fragment = admin_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="upload-status"') and "<html" not in fragment
    assert 'hx-trigger="every 2s"' in fragment
    Article.objects.update(status="failed")
    fragment = admin_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment and "0 of 2 done" in fragment and "2 failed" in fragment


def test_status_list_query_count_does_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    small, big = _batch_of(["done"]), _batch_of(["done"] * 20)
    for batch in (small, big):
        AppearanceFactory(article=batch.items.last().article, start=0)
        with django_assert_max_num_queries(10):
            response = admin_client.get(reverse("articles:upload_status", args=[batch.id]))
        # Every row is on the page, with its quote count: the count stays flat
        # because the rows are fetched together, not because they are missing.
        page = response.content.decode()
        n = batch.items.count()
        assert f"{n} of {n} done" in page
        assert page.count('class="upload-item"') == n
        assert page.count('class="quote-count">0 quotes<') == n - 1 and "1 quote<" in page
        for item in batch.items.all():
            assert f'id="article-{item.article_id}"' in page and f"<td>{item.name}" in page


def test_worker_unavailable_at_upload_keeps_the_article_queued_and_says_so(admin_client, broker_down):
    response = admin_client.post(UPLOAD, {"files": [_file("news_article.html")]}, follow=True)
    page = response.content.decode()
    assert "The worker is unavailable" in page
    assert Article.objects.get().status == "queued"
    assert UploadBatch.objects.get().worker_available is False


def test_rerun_extraction_requeues(admin_client, enqueued):
    batch = _batch_of(["failed"])
    article = batch.items.get().article
    url = reverse("articles:article_requeue", args=[article.id])
    response = admin_client.post(url, {"batch": batch.id})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.error, enqueued) == ("queued", "", [article.id])
    # From htmx: the refreshed status list, polling again.
    fragment = admin_client.post(url, {"batch": batch.id}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="upload-status"' in fragment and 'hx-trigger="every 2s"' in fragment


def test_rerun_needs_post(admin_client):
    article = ArticleFactory()
    assert admin_client.get(reverse("articles:article_requeue", args=[article.id])).status_code == 405


# --- nothing from an upload is rendered as markup ---------------------------


def test_uploaded_markup_is_never_rendered(admin_client):
    admin_client.post(UPLOAD, {"files": [_file("script_onerror.html")]})
    admin_client.post(UPLOAD, {"text": "<script>alert('pasted')</script> <img src=x onerror=alert(1)> she said.",
                               "title": "<b>bold</b> title"})
    batch_pages = [reverse("articles:upload_status", args=[b.id]) for b in UploadBatch.objects.all()]
    article_pages = [reverse("articles:article_detail", args=[a.id]) for a in Article.objects.all()]
    for url in batch_pages + article_pages:
        page = admin_client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page, url
    council = Article.objects.get(title="Council vote delayed")
    page = admin_client.get(reverse("articles:article_detail", args=[council.id])).content.decode()
    assert "&lt;script&gt;alert(&quot;sign&quot;)&lt;/script&gt;" in page  # shown as the text it is


# --- originals -------------------------------------------------------------


def test_the_uploaded_file_is_kept_exactly_and_offered_as_a_download(admin_client):
    raw = fixture_bytes("script_onerror.html")
    response = admin_client.post(UPLOAD, {"files": [_file("script_onerror.html")]}, follow=True)
    item = UploadItem.objects.get()
    assert bytes(item.original.data) == raw and item.original.size == len(raw)
    url = reverse("articles:upload_original", args=[item.id])
    assert url in response.text
    download = admin_client.get(url)
    assert download.content == raw
    # Never rendered as a page: its script must not run in our origin.
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"] == 'attachment; filename="script_onerror.html"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_zip_members_are_kept_one_by_one_and_duplicates_add_nothing(admin_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.txt", TEXT)
        archive.writestr("two.html", fixture_bytes("news_article.html"))
    admin_client.post(UPLOAD, {"files": [_file("bundle.zip", buffer.getvalue())]})
    kept = {o.item.name: bytes(o.data) for o in UploadOriginal.objects.select_related("item")}
    assert kept == {"bundle.zip/one.txt": TEXT.encode(), "bundle.zip/two.html": fixture_bytes("news_article.html")}
    admin_client.post(UPLOAD, {"files": [_file("news_article.html")]})
    assert UploadOriginal.objects.count() == 2, "an already-ingested file is not stored again"


def test_pasted_text_is_kept_too(admin_client):
    admin_client.post(UPLOAD, {"text": TEXT})
    assert bytes(UploadOriginal.objects.get().data) == TEXT.strip().encode()  # the form trims the ends


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_only_admins_download_originals(client, request, role, admin_client):
    admin_client.post(UPLOAD, {"text": TEXT})
    url = reverse("articles:upload_original", args=[UploadItem.objects.get().id])
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 403


def test_admin_lists_originals_without_reading_them_and_links_the_download(admin_client):
    admin_client.post(UPLOAD, {"text": TEXT})
    item = UploadItem.objects.get()
    download = reverse("articles:upload_original", args=[item.id])
    listing = admin_client.get(reverse("admin:articles_uploadoriginal_changelist"))
    assert listing.status_code == 200
    batch = admin_client.get(reverse("admin:articles_uploadbatch_change", args=[item.batch_id]))
    assert batch.status_code == 200 and download in batch.text
