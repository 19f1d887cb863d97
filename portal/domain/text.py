"""Small text helpers shared by rendering and the course rules."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Anchor for a heading or glossary term: lowercase words joined by hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def reading_minutes(words: int, words_per_minute: int = 200) -> int:
    """Estimated reading time, at least one minute."""
    return max(1, round(words / words_per_minute))


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken yet."""
    slug, number = base[:90], 2
    while slug in taken:
        slug, number = f"{base[:86]}-{number}", number + 1
    return slug
