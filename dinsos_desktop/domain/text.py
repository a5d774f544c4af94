"""Text helpers for Indonesian search: case- and accent-insensitive matching."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse white space: 'Sosial  Pérkotaan' -> 'sosial perkotaan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped.casefold()).strip()


def tokens(query: str) -> list[str]:
    return [t for t in fold(query).split(" ") if t]
