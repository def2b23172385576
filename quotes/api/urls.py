"""Quote, speaker and edit endpoints under /api/ (see quotes/README.md)."""
from django.urls import path

from . import views

app_name = "quotes_api"
urlpatterns = [
    path("token/", views.TokenView.as_view(), name="token"),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<str:key>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path("search/", views.QuoteSearch.as_view(), name="search"),
    path("outlets/", views.OutletList.as_view(), name="outlet-list"),
    path("outlets/<str:key>/", views.OutletDetail.as_view(), name="outlet-detail"),
    path("outlets/<str:key>/printings/", views.OutletPrintings.as_view(), name="outlet-printings"),
    path("outlets/<str:key>/articles/", views.OutletArticles.as_view(), name="outlet-articles"),
    path("articles/<int:pk>/quotes/", views.ArticleQuotes.as_view(), name="article-quotes"),
    path("quotes/", views.QuoteList.as_view(), name="quote-list"),
    path("quotes/merge/", views.QuoteMerge.as_view(), name="quote-merge"),
    path("quotes/<int:pk>/", views.QuoteDetail.as_view(), name="quote-detail"),
    path("quotes/<int:pk>/split/", views.QuoteSplit.as_view(), name="quote-split"),
    path("quotes/<int:pk>/reattribute/", views.QuoteReattribute.as_view(), name="quote-reattribute"),
    path("quotes/<int:pk>/hide/", views.QuoteHide.as_view(), name="quote-hide"),
    path("quotes/<int:pk>/confirm/", views.QuoteConfirm.as_view(), name="quote-confirm"),
    path("edits/<int:pk>/undo/", views.EditUndo.as_view(), name="edit-undo"),
]
