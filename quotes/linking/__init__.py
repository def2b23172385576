"""The phrase-graph core of cross-outlet linking, in plain Python (no Django):
normalisation, shingle hashing, containment/overlap verification, the
canonical wording and word-level differences. quotes/services/linking.py
maps it onto the database."""
from quotes.linking.compose import Segment, canonical_text, diff_segments
from quotes.linking.match import Decision, Variant, containment, decide, overlap
from quotes.linking.shingles import index_shingles, is_short, query_shingles, stable_hash
from quotes.linking.text import normalised, pieces, tokenize, words

__all__ = [
    "Decision", "Segment", "Variant", "canonical_text", "containment", "decide", "diff_segments",
    "index_shingles", "is_short", "normalised", "overlap", "pieces", "query_shingles", "stable_hash",
    "tokenize", "words",
]
