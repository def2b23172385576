"""Name keys: how two spellings of one person's name are made to compare
equal (case, accents, honorifics, transliterations). Plain Python, no
Django, so the evaluation code can share it."""
import re
import unicodedata
from functools import cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data"
# Honorifics carry no identity: "Mr. Hegseth" is "Hegseth".
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof"}


@cache
def _transliteration_rules() -> tuple[tuple[re.Pattern, str], ...]:
    rules = []
    for line in (_DATA / "transliteration.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, replacement = line.split("\t")
            rules.append((re.compile(pattern), replacement))
    return tuple(rules)


def _fold_word(word: str) -> str:
    word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    for pattern, replacement in _transliteration_rules():
        word = pattern.sub(replacement, word)
    return word


def name_words(name: str) -> list[str]:
    words = [_fold_word(w) for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name)]
    return [w for w in words if w and w not in _HONORIFICS]


def name_key(name: str) -> str:
    return " ".join(name_words(name))
