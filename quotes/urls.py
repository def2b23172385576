from django.urls import path

from . import views
from .editing import views as editing

app_name = "quotes"
urlpatterns = [
    path("", views.home, name="home"),
    path("speakers/", views.speaker_list, name="speaker_list"),
    # Not under speakers/, where it would shadow a speaker slugged "suggest".
    path("speaker-suggestions/", editing.speaker_suggest, name="speaker_suggest"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("quotes/<int:quote_id>/", views.quote_detail, name="quote_detail"),
    # Browse and search (quotes/browse.py, quotes/search.py); every list also
    # exports with ?export=csv or ?export=json and the same filters.
    path("search/", views.search, name="search"),
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet_detail"),
    # Not under outlets/, where it would shadow an outlet slugged like it.
    path("who-quotes-whom/", views.coverage, name="coverage"),
    # Editors (quotes/editing/): every action is a POST that records an Edit.
    path("speakers/<slug:slug>/merge-quotes/", editing.speaker_quotes_merge, name="speaker_quotes_merge"),
    path("speakers/<slug:slug>/merge/", editing.speaker_merge, name="speaker_merge"),
    path("speakers/<slug:slug>/aliases/", editing.alias_add, name="alias_add"),
    path("speakers/<slug:slug>/profile/", editing.speaker_profile, name="speaker_profile"),
    path("speakers/<slug:slug>/aliases/<int:alias_id>/delete/", editing.alias_remove, name="alias_remove"),
    path("quotes/<int:quote_id>/merge/", editing.quote_merge, name="quote_merge"),
    path("quotes/<int:quote_id>/split/", editing.quote_split, name="quote_split"),
    path("quotes/<int:quote_id>/reattribute/", editing.quote_reattribute, name="quote_reattribute"),
    path("quotes/<int:quote_id>/hide/", editing.quote_hide, name="quote_hide"),
    path("quotes/<int:quote_id>/confirm/", editing.quote_confirm, name="quote_confirm"),
    path("review/", editing.review_queue, name="review_queue"),
    path("misquotes/", editing.misquote_list, name="misquote_list"),
    path("edits/", editing.edit_list, name="edit_list"),
    path("edits/<int:edit_id>/undo/", editing.edit_undo, name="edit_undo"),
]
