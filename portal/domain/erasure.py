"""What erasing a person means for text that names them: the pseudonym that takes
their place, and the one way a name or address is found and replaced."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: Shorter marks (a two-letter name) would replace parts of unrelated words.
SHORTEST_MARK = 3


def pseudonym(user_id: int) -> str:
    """What an erased person is called from then on, in every language: it names
    the account row that stays, and nothing else about them."""
    return f"erased-person-{user_id}"


def erased_email(user_id: int) -> str:
    """A unique address nobody can receive mail at (``.invalid`` is reserved)."""
    return f"{pseudonym(user_id)}@erased.invalid"


def marks_pattern(marks: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``marks`` (names, addresses) whatever their case
    or spacing, as whole words ("Ali" is not found in "Alina"); the longest first,
    so a full name wins over a part of it."""
    cleaned = {" ".join(mark.split()) for mark in marks if mark}
    usable = sorted(
        (m for m in cleaned if len(m) >= SHORTEST_MARK), key=len, reverse=True
    )
    if not usable:
        return None
    alternatives = (r"\s+".join(re.escape(word) for word in m.split()) for m in usable)
    return re.compile(
        r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE
    )


def mentions(value: Any, pattern: re.Pattern[str] | None) -> bool:
    """Whether ``value`` (text, or JSON: lists and dicts of them) names the person."""
    return scrub(value, pattern, "") != value


def scrub(value: Any, pattern: re.Pattern[str] | None, replacement: str) -> Any:
    """``value`` with every mention replaced by ``replacement``, keys included; other
    values (numbers, None) as they are."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, list):
        return [scrub(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {
            scrub(key, pattern, replacement): scrub(item, pattern, replacement)
            for key, item in value.items()
        }
    return value
