"""The front page's window lists, kept between requests. Most carried and
rising speakers aggregate every printing of their window (30 days of a
20k-article archive: 27,000 printings, 150 ms), and the window grows with
the archive; the lists themselves are 14 rows. A list is computed once and
kept in FrontPageCache with the DerivedVersion it was computed under;
`quotes_refresh_derived` raises that number in the transaction of every
ingest, edit and undo, so a kept list is used only while nothing it was
computed from has changed. Quotes and speakers are loaded fresh each time
(names, texts)."""
from quotes import home
from quotes.models import DerivedVersion, FrontPageCache


def front_page_lists(*, window: home.Window) -> tuple[list, list]:
    """(most carried, rising speakers) for `window`, as `home.most_carried`
    and `home.rising_speakers` give them."""
    # The version first, then the lists: each statement reads what is
    # committed when it starts, so the lists are never older than the
    # version they are kept under (at worst newer, which costs one
    # needless recomputation).
    version = DerivedVersion.objects.filter(id=1).values_list("n", flat=True).first() or 0
    kept = FrontPageCache.objects.filter(window=window.key, version=version, end=window.end).first()
    if kept is not None:
        carried, rising = kept.carried, kept.rising
    else:
        carried, rising = home.most_carried_counts(window), home.rising_counts(window)
        FrontPageCache.objects.bulk_create(
            [FrontPageCache(window=window.key, version=version, end=window.end, carried=carried, rising=rising)],
            update_conflicts=True, unique_fields=["window"], update_fields=["version", "end", "carried", "rising"],
        )
    return home.carried_quotes([tuple(r) for r in carried]), home.rising_list([tuple(r) for r in rising])

