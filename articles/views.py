from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from articles.highlight import highlighted_segments
from articles.models import Article


def _get_article_for_user(user, article_id: int) -> Article:
    if not user.has_perm("articles.view_article"):
        raise PermissionDenied
    return get_object_or_404(Article.objects.select_related("outlet"), id=article_id)


@login_required
def article_detail(request, article_id):
    article = _get_article_for_user(request.user, article_id)
    appearances = list(article.appearances.select_related("quote__speaker").order_by("start"))
    segments = highlighted_segments(article.text, appearances)
    return render(request, "articles/article_detail.html", {"article": article, "segments": segments})
