"""The three newsroom roles, as data: group name -> permission codenames.

Journalist: read, search, export. Editor: also merge and split quotes, merge
speakers, edit aliases, reattribute, mark "not a quote", undo (the editing
views and API check `EDIT_PERM`, undo also `UNDO_PERM`). Admin: also upload
articles and manage outlets and users in the Django admin."""
JOURNALIST = "journalist"
EDITOR = "editor"
ADMIN = "admin"

READ_PERM = "quotes.view_quote"
EDIT_PERM = "quotes.change_quote"
UNDO_PERM = "quotes.change_edit"

_READ = [
    "articles.view_article",
    "articles.view_outlet",
    "quotes.view_speaker",
    "quotes.view_speakeralias",
    READ_PERM,
    "quotes.view_appearance",
    "quotes.view_edit",
]
_EDIT = [
    EDIT_PERM,
    "quotes.change_speaker",
    "quotes.change_appearance",
    "quotes.add_speakeralias",
    "quotes.change_speakeralias",
    "quotes.delete_speakeralias",
    "quotes.add_suppressedspan",
    "quotes.delete_suppressedspan",
    "quotes.add_edit",
    UNDO_PERM,
]
_ADMIN = [
    "articles.add_article",
    "articles.change_article",
    "articles.delete_article",
    "articles.add_outlet",
    "articles.change_outlet",
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.view_group",
]

ROLE_PERMISSIONS = {
    JOURNALIST: _READ,
    EDITOR: _READ + _EDIT,
    ADMIN: _READ + _EDIT + _ADMIN,
}
