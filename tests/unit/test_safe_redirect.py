"""The one rule for a redirect target the client chose: a path on this site only."""

from __future__ import annotations

import pytest

from portal.web import safe_next


@pytest.mark.parametrize(
    "target",
    [
        "/",
        "/course",
        "/modules/basics/who-is-a-migrant",
        "/staff/cohorts/3/quizzes/basics/overrides?page=2#grant",
        "/search?q=%2F%2Fnot-a-host",  # encoded slashes in the query are data
        "/glossary#term-r%C3%A9fugi%C3%A9",
    ],
)
def test_local_paths_are_followed(target):
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        42,
        ["/course"],
        "https://evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "course",  # relative: depends on where it is resolved
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",  # browsers drop the tab: //evil.example
        "/%09/evil.example",  # the same, percent-encoded
        "/%5C/evil.example",  # an encoded backslash
        "/%2F/evil.example",  # an encoded second slash
        "/\r\nSet-Cookie: x=1",  # header injection
        "/%0d%0aSet-Cookie:%20x=1",
        "/\x00",
        "/\x7f",
        " /course",
        "/" + "a" * 2048,
    ],
)
def test_anything_else_is_refused(target):
    assert safe_next(target) is None
