"""Which page of a listing to show."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def page_bounds(total: int, size: int, wanted: int) -> tuple[int, int]:
    """The page to show and the number of pages for ``total`` items, ``size`` a
    page: a page past the end shows the last one; an empty listing has one page.

    :return: ``(page, pages)``, both from 1.
    """
    pages = max(1, -(-total // size)) if size > 0 else 1
    return min(max(wanted, 1), pages), pages


def page_of(items: Sequence[T], size: int, wanted: int) -> tuple[Sequence[T], int, int]:
    """The items on the page :func:`page_bounds` picks.

    :return: ``(items on the page, page, pages)``.
    """
    page, pages = page_bounds(len(items), size, wanted)
    if size <= 0:
        return items, page, pages
    return items[(page - 1) * size : page * size], page, pages
