import datetime

import pytest

from quotes.services.stats import quotes_refresh_stats
from tests.factories import AppearanceFactory, ArticleFactory, OutletFactory, QuoteFactory, SpeakerFactory


@pytest.fixture
def newsroom(db):
    """Healey, Trump and Hegseth quoted by three outlets on known dates."""
    healey = SpeakerFactory(name="John Healey", slug="john-healey")
    trump = SpeakerFactory(name="Donald Trump", slug="donald-trump")
    hegseth = SpeakerFactory(name="Pete Hegseth", slug="pete-hegseth")
    healey.aliases.create(alias="the defence secretary", key="the defence secretary")
    bbc, cnn, kyiv = (OutletFactory(name=n, slug=s) for n, s in (("BBC", "bbc"), ("CNN", "cnn"), ("Kyiv Post", "kyiv")))
    day = datetime.date

    def printed(quote, outlet, when, text=None, kind="direct"):
        return AppearanceFactory(
            quote=quote, article=ArticleFactory(outlet=outlet, published=when), text=text or quote.text, kind=kind
        )

    war = QuoteFactory(speaker=trump, text="This war must and will end soon.")
    printed(war, cnn, day(2025, 2, 10))
    printed(war, bbc, day(2025, 2, 11))
    printed(war, kyiv, day(2025, 2, 12), text="must and will end soon", kind="partial")
    minsk = QuoteFactory(speaker=hegseth, text="We will not accept a Minsk 3.0 agreement.")
    printed(minsk, kyiv, day(2025, 2, 13))
    stepping = QuoteFactory(speaker=healey, text="We are stepping up the support for Ukraine.")
    printed(stepping, bbc, day(2025, 2, 14))
    hear = QuoteFactory(speaker=healey, text="We hear you, and we are ending the delays.", kind="indirect")
    printed(hear, bbc, day(2025, 3, 3), kind="indirect")
    printed(hear, cnn, day(2025, 3, 2), kind="indirect")
    quotes_refresh_stats(quote_ids={war.id, minsk.id, stepping.id, hear.id})
    return {
        "healey": healey, "trump": trump, "hegseth": hegseth, "bbc": bbc, "cnn": cnn, "kyiv": kyiv,
        "war": war, "minsk": minsk, "stepping": stepping, "hear": hear,
    }


@pytest.fixture
def journalist_client(client, journalist):
    client.force_login(journalist)
    return client


def many_quotes(speaker, outlet, n, start=datetime.date(2025, 1, 1)):
    """n quotes by speaker, one printing each, on consecutive days."""
    quotes = []
    for i in range(n):
        q = QuoteFactory(speaker=speaker, text=f"Statement number {i} about the ceasefire talks")
        AppearanceFactory(quote=q, article=ArticleFactory(outlet=outlet, published=start + datetime.timedelta(days=i)))
        quotes.append(q)
    quotes_refresh_stats(quote_ids={q.id for q in quotes})
    return quotes
