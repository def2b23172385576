"""The speaker directory's denormalised counts (Speaker.quote_count,
outlet_count, last_quoted): the directory lists thousands of speakers and
must not aggregate the quotes table on every request."""
from django.db import connection

# One statement for any number of speakers. A speaker left without visible
# quotes gets zeros (the directory hides it). Both counts read only this
# speaker's quote rows: the outlets come from each quote's outlet_ids (kept
# by quotes_refresh_derived), not from joining every printing to its article,
# which after each article cost the time of the rest of it for a speaker
# quoted thousands of times (bench/ingest_queries.py).
_REFRESH_SQL = """
UPDATE quotes_speaker s SET
    quote_count = coalesce(q.n, 0),
    last_quoted = q.last,
    outlet_count = coalesce(o.n, 0)
FROM quotes_speaker s2
LEFT JOIN LATERAL (
    SELECT count(*) AS n, max(last_published) AS last
    FROM quotes_quote WHERE speaker_id = s2.id AND NOT hidden
) q ON true
LEFT JOIN LATERAL (
    SELECT count(DISTINCT outlet) AS n
    FROM quotes_quote qq, unnest(qq.outlet_ids) outlet
    WHERE qq.speaker_id = s2.id AND NOT qq.hidden
) o ON true
WHERE s.id = s2.id AND {where}
"""


def speakers_refresh_stats(*, speaker_ids: set[int] | None) -> None:
    """Recompute the directory counts of these speakers (None: all of them,
    e.g. after a bulk load)."""
    if speaker_ids is not None:
        ids = sorted(i for i in speaker_ids if i is not None)
        if not ids:
            return
        sql, params = _REFRESH_SQL.format(where="s2.id = ANY(%s)"), [ids]
    else:
        sql, params = _REFRESH_SQL.format(where="true"), []
    with connection.cursor() as cur:
        cur.execute(sql, params)

