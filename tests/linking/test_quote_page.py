"""The quote page: every outlet's wording with its differences from the
canonical text, where and when it was printed, and who carried it first."""
from datetime import date

from django.urls import reverse

from quotes.models import Quote
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory
from tests.linking.conftest import link_from_gold


def url(quote):
    return reverse("quotes:quote_detail", args=[quote.id])


def test_quote_page_shows_every_outlet_and_its_wording(client, journalist, seed_articles, gold):
    link_from_gold(seed_articles, gold)
    quote = Quote.objects.get(text__startswith="I think realism")
    client.force_login(journalist)

    html = client.get(url(quote)).content.decode()

    for outlet in ("The Kyiv Independent", "Euromaidan Press", "The Epoch Times"):
        assert outlet in html
    # One outlet printed "investment in sacrifice", another "investment and
    # sacrifice": whichever the canonical text has, the other is marked.
    marked = ['<del class="diff">in</del> <ins class="diff">and </ins>', '<del class="diff">and</del> <ins class="diff">in </ins>']
    assert any(m in html for m in marked)
    assert "First carried by <strong>" in html
    assert "<svg" in html and html.count("<circle") == quote.appearance_count
    assert "paragraph" in html and f"#a{quote.appearances.first().id}" in html


def test_first_carried_by_the_earliest_outlet(client, journalist):
    quote = QuoteFactory(text="We will rebuild the harbour before the storms come back")
    late = ArticleFactory(outlet=OutletFactory(name="Late Gazette"), published=date(2025, 5, 9))
    early = ArticleFactory(outlet=OutletFactory(name="Early Herald"), published=date(2025, 5, 1))
    AppearanceFactory(quote=quote, article=late, text="rebuild the harbour before the storms")
    AppearanceFactory(quote=quote, article=early)
    client.force_login(journalist)

    html = client.get(url(quote)).content.decode()

    assert "First carried by <strong>Early Herald</strong> on 1 May 2025" in html
    assert html.index("Early Herald") < html.index("Late Gazette")


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(url(QuoteFactory()))
    assert response.status_code == 302 and "login" in response["Location"]


def test_user_without_role_gets_403(client, nobody):
    client.force_login(nobody)
    assert client.get(url(QuoteFactory())).status_code == 403


def test_query_count_does_not_grow_with_printings(client, journalist, django_assert_max_num_queries):
    quote = QuoteFactory()
    for _ in range(25):
        AppearanceFactory(quote=quote)
    client.force_login(journalist)

    with django_assert_max_num_queries(8):
        assert client.get(url(quote)).status_code == 200
