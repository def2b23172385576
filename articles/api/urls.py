from django.urls import path

from . import views

urlpatterns = [
    path("articles/", views.article_upload, name="api-article-upload"),
    path("articles/<int:article_id>/", views.article_status, name="api-article-status"),
]
