"""Which page of a listing is shown."""

import pytest

from portal.domain.paging import page_bounds, page_of


@pytest.mark.parametrize(
    ("total", "size", "wanted", "expected"),
    [
        (0, 25, 1, (1, 1)),  # an empty listing still has its one page
        (0, 25, 7, (1, 1)),
        (25, 25, 1, (1, 1)),
        (26, 25, 2, (2, 2)),
        (26, 25, 9, (2, 2)),  # past the end: the last page
        (100, 10, 0, (1, 10)),  # below the start: the first
        (5, 0, 3, (1, 1)),  # no page size: everything on one page
    ],
)
def test_page_bounds(total, size, wanted, expected):
    assert page_bounds(total, size, wanted) == expected


@pytest.mark.parametrize(
    ("size", "wanted", "expected"),
    [
        (2, 1, ([1, 2], 1, 3)),
        (2, 3, ([5], 3, 3)),
        (2, 9, ([5], 3, 3)),
        (0, 2, ([1, 2, 3, 4, 5], 1, 1)),  # no page size: everything
    ],
)
def test_page_of(size, wanted, expected):
    assert page_of([1, 2, 3, 4, 5], size, wanted) == expected
