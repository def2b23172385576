from django.urls import path

from . import views

app_name = "quotes"
urlpatterns = [
    path("speakers/", views.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("quotes/<int:quote_id>/", views.quote_detail, name="quote_detail"),
]
