"""The three newsroom roles, as data: group name -> permission codenames."""
JOURNALIST = "journalist"
EDITOR = "editor"
ADMIN = "admin"

_READ = [
    "articles.view_article",
    "articles.view_outlet",
    "quotes.view_speaker",
    "quotes.view_speakeralias",
    "quotes.view_quote",
    "quotes.view_appearance",
    "quotes.view_edit",
]
_EDIT = [
    "quotes.change_quote",
    "quotes.change_speaker",
    "quotes.change_appearance",
    "quotes.add_speakeralias",
    "quotes.change_speakeralias",
    "quotes.delete_speakeralias",
    "quotes.add_suppressedspan",
    "quotes.add_edit",
    "quotes.change_edit",
]
_ADMIN = [
    "articles.add_article",
    "articles.change_article",
    "articles.add_outlet",
    "articles.change_outlet",
]

ROLE_PERMISSIONS = {
    JOURNALIST: _READ,
    EDITOR: _READ + _EDIT,
    ADMIN: _READ + _EDIT + _ADMIN,
}
