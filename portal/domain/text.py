"""Small text helpers shared by rendering and the course rules."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping


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


def N_(template: str) -> str:
    """Mark a message for `make messages` without translating it: the domain has no
    locale, so the studio translates the template at its edge (``-k N_``)."""
    return template


class Message(str):
    """English text that keeps its ``%(name)s`` template and values, so a page can
    translate the template before filling it in; the command line prints it as is."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, params: Mapping[str, object] | None = None):
        values = dict(params or {})
        text = super().__new__(cls, template % values)
        text.template, text.params = template, values
        return text


def message(template: str, **params: object) -> Message:
    """``Message(template, params)`` written like a gettext call."""
    return Message(template, params)
