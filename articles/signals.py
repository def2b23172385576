"""Signals other apps listen to, so that articles never imports them."""
from django.dispatch import Signal

# Sent inside the transaction that replaced an article's text (the same URL
# uploaded again with new content), before it is re-extracted. Arguments:
# article (saved, with the new text) and old_text. Offsets other apps keep
# into the old text must follow it.
article_text_changed = Signal()
