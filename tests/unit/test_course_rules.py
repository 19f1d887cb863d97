"""The course rules reached through portal.domain.course: references and cycles."""

from __future__ import annotations

import pytest

from portal.domain.course import Ref, broken_reference, prerequisite_cycles
from portal.domain.module_checks import REFERENCE_RULES
from portal.rendering import extract_references

TERMS = {"asylum-seeker"}
MODULES = {"basics", "protection"}
LESSONS = {("basics", "who-is-a-migrant")}
MEDIA = {"flows.png"}


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("glossary", "asylum-seeker", None),
        ("glossary", "refugee", "glossary link to 'refugee': no key term"),
        ("module", "basics", None),
        ("module", "basis", "link to module 'basis': no such module"),
        ("lesson", "basics/who-is-a-migrant", None),
        ("lesson", "who-is-a-migrant", "no such lesson (write module/lesson)"),
        ("lesson", "protection/who-is-a-migrant", "link to lesson 'protection/"),
        ("media", "flows.png", None),
        ("media", "flows.svg", "image 'flows.svg' is not in content/media/"),
        ("image-path", "flows.png", "must be written as media/<file"),
        ("image-alt", "media/flows.png", "needs alt text"),
        ("footnote", "anything", None),
    ],
)
def test_broken_reference(kind, target, message):
    found = broken_reference(Ref(kind, target, 3), TERMS, MODULES, LESSONS, MEDIA)
    assert found == message if message is None else message in found


def test_every_reference_kind_the_renderer_finds_has_a_rule():
    source = (
        "[a](glossary:a) [b](module:b) [c](lesson:b/c) "
        "![A map](media/x.png) ![A map](x.png) ![](media/y.png)"
    )
    assert {ref.kind for ref in extract_references(source)} == set(REFERENCE_RULES)


@pytest.mark.parametrize(
    ("graph", "cycles"),
    [
        ({"a": [], "b": ["a"]}, []),
        ({"a": ["a"]}, []),
        ({"a": ["b"], "b": ["a"]}, [("b", "a -> b -> a")]),
        ({"a": ["missing"]}, []),
    ],
)
def test_prerequisite_cycles(graph, cycles):
    assert prerequisite_cycles(graph) == cycles
