"""claimtrack's NLP core: attributed quotations from news text, over spaCy.
Never imports Django. See README.md."""
from .pipeline import extract_article, extract_texts, load_pipeline, to_contract
from .results import ArticleExtraction, ClaimTerms, ExtractedQuote, Person, Span

__all__ = [
    "ArticleExtraction", "ClaimTerms", "ExtractedQuote", "Person", "Span",
    "extract_article", "extract_texts", "load_pipeline", "to_contract",
]
