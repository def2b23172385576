import factory
from django.contrib.auth import get_user_model

from articles.models import Article, Outlet
from articles.services import content_hash
from quotes.models import Appearance, Quote, Speaker


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    source_name = factory.Sequence(lambda n: f"article-{n}.txt")
    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"Article body {n}. “We will win,” she said.")
    content_hash = factory.LazyAttribute(lambda o: content_hash(o.text))
    status = Article.Status.DONE


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.Sequence(lambda n: f"We will win number {n}")
    kind = Quote.Kind.DIRECT


class AppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appearance

    quote = factory.SubFactory(QuoteFactory)
    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.text))
    spans = factory.LazyAttribute(lambda o: [[o.start, o.end]])
    text = factory.LazyAttribute(lambda o: o.quote.text)
    kind = "direct"
