"""One list of image types: the package check (by name) and uploads (by content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.domain.images import (
    IMAGE_SUFFIXES,
    IMAGE_TYPES,
    image_markdown,
    image_type,
    is_image_name,
    refused_images,
)

FIXTURE_PNG = (
    Path(__file__).resolve().parents[1] / "data/course/content/media/flows.png"
)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (SVG, None),
        (b'<?xml version="1.0"?><svg/>', None),
        (b"\x89PNG", None),
        (b"", None),
        (b"%PDF-1.7", None),
    ],
)
def test_image_type_by_content(data, expected):
    assert image_type(data) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("flows.png", True),
        ("maps/Route.JPG", True),
        ("a.jpeg", True),
        ("a.gif", True),
        ("a.webp", True),
        ("flows.svg", False),
        ("flows.SVGZ", False),
        ("README.md", False),
        ("png", False),
    ],
)
def test_is_image_name(name, expected):
    assert is_image_name(name) is expected


def test_refused_images_are_the_svg_files():
    names = ["a.png", "b.svg", "notes.txt", "maps/c.SVG", "d.svgz"]
    assert refused_images(names) == ["b.svg", "d.svgz", "maps/c.SVG"]


def test_every_suffix_belongs_to_one_type_and_svg_to_none():
    suffixes = [s for kind in IMAGE_TYPES for s in kind.suffixes]
    assert len(suffixes) == len(set(suffixes)) == len(IMAGE_SUFFIXES)
    assert not any("svg" in kind.mime for kind in IMAGE_TYPES)


def test_a_png_passes_both_the_package_check_and_the_upload():
    assert is_image_name(FIXTURE_PNG.name)
    assert image_type(FIXTURE_PNG.read_bytes()) == "image/png"


@pytest.mark.parametrize(
    "alt, filename, markdown",
    [
        ("A map", "map.png", "![A map](media/map.png)"),
        ("  two\n lines ", "a.gif", "![two lines](media/a.gif)"),
        ("see [1]", "b.webp", "![see \\[1\\]](media/b.webp)"),
        ("back\\slash", "c.jpg", "![back\\\\slash](media/c.jpg)"),
    ],
)
def test_image_markdown(alt, filename, markdown):
    assert image_markdown(alt, filename) == markdown
