"""Map the NLP core's results for one article onto Speakers, Quotes and
Appearances. The parse runs outside any transaction; the printings are
written in one transaction under a lock on the article row, so a re-run (or
a duplicate delivery) replaces the article's appearances rather than adding
to them, and what follows from them is refreshed in a second one
(article_apply_extraction)."""
import logging

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from articles.services import article_claim
from quotes.linking.claims import Terms
from quotes.models import Appearance, Quote
from quotes.nlp import ArticleExtraction, ExtractedQuote, extract_article, extract_texts
from quotes.services.derived import quotes_refresh_derived
from quotes.services.linking import article_link_fragments, quote_for_printing, quote_kept
from quotes.services.locks import article_task_locks, hold_article_write_lock
from quotes.nlp.lexicon import load_lexicon
from quotes.nlp.profile import profile_from_titles
from quotes.services.speakers import speaker_learn_profile, speaker_resolve

logger = logging.getLogger(__name__)


def article_extract(*, article_id: int, nlp) -> str:
    with article_task_locks([article_id]) as held:
        if not held:
            return "skipped: another delivery is processing it"
        if not article_claim(article_id=article_id):
            return "skipped"
        text, digest = Article.objects.values_list("text", "content_hash").get(id=article_id)
        extraction = extract_article(nlp, text)
        return article_apply_extraction(article_id=article_id, extraction=extraction, content_hash=digest)


def article_group_extract(*, article_ids: list[int], nlp) -> list[int]:
    """A group of articles (a bulk backfill's): their texts are parsed in one
    nlp.pipe call, which is most of spaCy's speed, then each article is
    written in its own transaction exactly as article_extract writes it.
    Returns the articles left unfinished because their writes raised: the
    caller sends each on its own task, where retries apply. An article
    another worker is processing is left to it."""
    with article_task_locks(list(dict.fromkeys(article_ids))) as held:
        return _group_extract_held(held, nlp)


def _group_extract_held(article_ids: list[int], nlp) -> list[int]:
    claimed = [i for i in article_ids if article_claim(article_id=i)]
    rows = {i: (text, digest) for i, text, digest in
            Article.objects.filter(id__in=claimed).values_list("id", "text", "content_hash")}
    ids = [i for i in claimed if i in rows]
    unfinished = []
    extractions = extract_texts(nlp, (rows[i][0] for i in ids), batch_size=max(1, len(ids)))
    for article_id, extraction in zip(ids, extractions):
        try:
            article_apply_extraction(article_id=article_id, extraction=extraction, content_hash=rows[article_id][1])
        except Exception:
            logger.exception("writing article %s of a group failed; it is sent again on its own", article_id)
            unfinished.append(article_id)
    return unfinished


def article_apply_extraction(*, article_id: int, extraction: ArticleExtraction, content_hash: str | None = None) -> str:
    """Write one article's results in two transactions. The first, under the
    article write lock, resolves speakers and links every printing; the
    second refreshes what follows from them (counts, wording, misquotes,
    fragments: about a third of the writing) without the lock, so another
    worker links its article meanwhile. Between the two the article is still
    processing and its quotes' counts lag by one article; a worker killed
    there leaves it processing, and the redelivered task writes it again."""
    outcome, touched, digest = _link_printings(article_id=article_id, extraction=extraction, content_hash=content_hash)
    if outcome != "linked":
        return outcome
    return _refresh_and_finish(article_id=article_id, touched=touched, content_hash=digest)


@transaction.atomic
def _refresh_and_finish(*, article_id: int, touched: set[int], content_hash: str) -> str:
    quotes_refresh_derived(quote_ids=touched)
    now = timezone.now()
    # Only if nothing replaced the text since: a re-upload in between queued
    # the new text, and marking the article done would stop its task.
    finished = Article.objects.filter(id=article_id, content_hash=content_hash).exclude(
        status=Article.Status.DONE
    ).update(status=Article.Status.DONE, error="", processed_at=now, updated_at=now)
    return "done" if finished else "stale"


@transaction.atomic
def _link_printings(
    *, article_id: int, extraction: ArticleExtraction, content_hash: str | None
) -> tuple[str, set[int], str]:
    """The printings' speakers and statements, under the write lock: ("linked",
    the quotes touched, the text's hash), or why not."""
    article = Article.objects.select_for_update().get(id=article_id)
    if article.status == Article.Status.DONE:
        return "already done", set(), ""  # a concurrent delivery finished first
    if content_hash is not None and article.content_hash != content_hash:
        # The article was re-uploaded with new text while this parse ran; the
        # task queued by that upload extracts the new text.
        return "stale", set(), ""
    # Taken once here, for speaker resolution and linking both (services/locks.py).
    hold_article_write_lock()
    previous = list(article.appearances.select_related("quote"))
    old_quote_ids = {a.quote_id for a in previous}
    # Printings an editor placed (merged, split) stay on the editor's quote.
    placed = _editor_placements(previous)
    if previous:
        article.appearances.all().delete()
    suppressed = list(article.suppressed_spans.values_list("start", "end"))
    aliases_by_name = {p.name: p.aliases for p in extraction.people}
    titles_by_name = {p.name: p.titles for p in extraction.people if p.titles}
    profiled = set()
    resolved = {}
    touched = set(old_quote_ids)
    for found in extraction.quotes:
        if _is_suppressed(found, suppressed):
            continue
        speaker = None
        if found.speaker:
            # Once per name in an article: its quotes name the same speaker
            # again and again, and each resolution is a round trip or two.
            key = (found.speaker, found.is_group, found.source_kind)
            if key not in resolved:
                resolved[key] = speaker_resolve(
                    name=found.speaker, aliases=aliases_by_name.get(found.speaker, ()), is_group=found.is_group,
                    source_kind=found.source_kind, lock_held=True,
                )
            speaker = resolved[key]
            if speaker is not None and found.speaker in titles_by_name and speaker.id not in profiled:
                profiled.add(speaker.id)
                speaker_learn_profile(speaker=speaker, profile=profile_from_titles(titles_by_name[found.speaker], load_lexicon()))
        quote = placed.get((found.spans[0].start, found.text)) or quote_for_printing(
            article=article,
            speaker=speaker,
            text=found.text,
            kind=found.kind,
            spans=[(s.start, s.end) for s in found.spans],
            cue=found.cue,
            terms=Terms.from_json(found.terms.to_json()) if found.terms else None,
            lock_held=True,
        )
        Appearance.objects.create(
            quote=quote,
            article=article,
            spans=[[s.start, s.end] for s in found.spans],
            start=found.spans[0].start,
            end=found.spans[-1].end,
            text=found.text,
            kind=found.kind,
            cue=(found.cue or "")[:50],
            speaker_as_written=(found.speaker_as_written or "")[:300],
            sieve=(found.sieve or "")[:30],
            confidence=found.confidence if found.speaker else 0.0,
            terms=found.terms.to_json() if found.terms else {},
        )
        touched.add(quote.id)
    touched |= article_link_fragments(article=article)
    return "linked", touched, article.content_hash


def _editor_placements(appearances: list[Appearance]) -> dict[tuple[int, str], Quote]:
    """(start offset, words) -> the editor-locked quote that printing was on,
    following later merges; re-extraction must not undo an editor's decision.
    By the words too: in an article that came back with new text, other
    words at that offset are not the editor's printing."""
    placements = {}
    for a in appearances:
        if a.quote.editor_locked and (quote := quote_kept(a.quote)) is not None:
            placements[(a.start, a.text)] = quote
    return placements


def _is_suppressed(found: ExtractedQuote, suppressed: list[tuple[int, int]]) -> bool:
    """The editor's span, found again (perhaps with a character more or
    less): nearly all of each lies in the other. A quotation that merely
    contains it, or sits inside it (a partial quote inside a longer one, or
    inside a reported claim that carries it), is another printing."""
    return any(
        5 * (min(s.end, end) - max(s.start, start)) > 4 * max(s.end - s.start, end - start)
        for s in found.spans
        for start, end in suppressed
    )
