"""Which page of a listing to show."""

from __future__ import annotations


def page_bounds(total: int, size: int, wanted: int) -> tuple[int, int]:
    """The page to show and the number of pages for ``total`` items, ``size`` a
    page: a page past the end shows the last one; an empty listing has one page.

    :return: ``(page, pages)``, both from 1.
    """
    pages = max(1, -(-total // size)) if size > 0 else 1
    return min(max(wanted, 1), pages), pages
