"""Which quote lies inside which (QuoteFragment), recomputed from the quotes
in plain Python, for the tests that check the stored pairs: after ingest,
every edit and undo (tests/editing/test_stateful.py), on the speaker page
(tests/browse/test_speaker_statements.py) and after generate_corpus."""
from quotes.models import FRAGMENT_WINDOW, Quote, QuoteFragment


def recomputed_pairs() -> set[tuple[int, int]]:
    """(fragment, statement): the same speaker, a longer statement whose
    words (Quote.plain) hold the fragment's, printed within FRAGMENT_WINDOW
    of it; hidden quotes included (the page filters them)."""
    by_speaker: dict[int, list] = {}
    for row in Quote.objects.filter(speaker__isnull=False, first_published__isnull=False,
                                    last_published__isnull=False).values_list(
            "id", "speaker_id", "plain", "first_published", "last_published"):
        by_speaker.setdefault(row[1], []).append(row)
    pairs = set()
    for quotes in by_speaker.values():
        for f_id, _, f_plain, f_first, f_last in quotes:
            for s_id, _, s_plain, s_first, s_last in quotes:
                if (s_id != f_id and len(s_plain) > len(f_plain) and f_plain in s_plain
                        and s_last >= f_first - FRAGMENT_WINDOW and s_first <= f_last + FRAGMENT_WINDOW):
                    pairs.add((f_id, s_id))
    return pairs


def stored_pairs() -> set[tuple[int, int]]:
    return set(QuoteFragment.objects.values_list("fragment_id", "statement_id"))


def pair_problems() -> list[str]:
    stored, fresh = stored_pairs(), recomputed_pairs()
    if stored == fresh:
        return []
    return [f"fragment pairs stored but not true: {sorted(stored - fresh)}, true but not stored: {sorted(fresh - stored)}"]
