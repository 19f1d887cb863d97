"""Helpers shared by the WTForms forms."""

from collections.abc import Iterable

from wtforms import SelectChoice


def options(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Choices for a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
