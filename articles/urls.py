from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:batch_id>/", views.upload_status, name="upload_status"),
    path("uploads/items/<int:item_id>/original/", views.upload_original, name="upload_original"),
    path("status/", views.status_list, name="status_list"),
    path("<int:article_id>/", views.article_detail, name="article_detail"),
    path("<int:article_id>/requeue/", views.article_requeue_view, name="article_requeue"),
]
