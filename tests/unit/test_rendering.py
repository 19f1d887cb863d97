"""Markdown to sanitised HTML, course link resolution and reference extraction."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from portal.rendering import Heading, Reference, extract_references, render_markdown


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def attribute(html: str, tag: str, name: str) -> list[str | None]:
    return [attrs.get(name) for t, attrs in elements(html) if t == tag]


DANGEROUS = [
    "<script>alert(1)</script>",
    "before <script src=https://evil.example/x.js></script> after",
    '<div onclick="alert(1)">raw</div>',
    "<b>bold</b> and <iframe src=https://evil.example></iframe>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JavaScript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '![x](http://a.example/b.png" onerror="alert(1))',
    '[x](https://a.example "t\\" onmouseover=\\"alert(1)")',
    "<style>body{display:none}</style>",
    "<!-- comment --><svg onload=alert(1)>",
    "::: note <img src=x onerror=alert(1)>\ntext\n:::",
]


@pytest.mark.parametrize("source", DANGEROUS)
def test_dangerous_input_is_neutralised(source):
    html = render_markdown(source).html
    found = elements(html)
    assert not {tag for tag, _ in found} & {
        "script",
        "iframe",
        "style",
        "svg",
        "div",
        "b",
    }
    for tag, attrs in found:
        if tag == "img":
            assert (attrs.get("src") or "").startswith("http://a.example/")
        assert not [name for name in attrs if name.startswith("on")]
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:"))


@pytest.mark.parametrize(
    ("source", "visible"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a <b>b</b>", "a &lt;b&gt;b&lt;/b&gt;"),
    ],
)
def test_raw_html_is_shown_as_text(source, visible):
    assert visible in render_markdown(source).html


@pytest.mark.parametrize(
    "kind",
    ["note", "tip", "warning", "example", "case", "exercise", "summary", "definition"],
)
def test_callouts_render_as_aside(kind):
    html = render_markdown(f"::: {kind} A *title*\nBody **text**.\n:::\n").html
    assert ("aside", {"class": f"callout callout-{kind}", "role": "note"}) in elements(
        html
    )
    assert '<p class="callout-title">A *title*</p>' in html
    assert "<strong>text</strong>" in html
    assert html.strip().endswith("</aside>")


def test_callout_without_title():
    html = render_markdown("::: warning\nCareful.\n:::\n").html
    assert "callout-title" not in html
    assert attribute(html, "aside", "class") == ["callout callout-warning"]


def test_unknown_callout_kind_is_not_an_aside():
    html = render_markdown("::: danger\nNo.\n:::\n").html
    assert "aside" not in {tag for tag, _ in elements(html)}


def test_callout_title_is_escaped():
    html = render_markdown('::: note <b onclick="x">Hi</b>\ntext\n:::').html
    assert [t for t, _ in elements(html)] == ["aside", "p", "p"]


def test_footnotes():
    html = render_markdown("A claim.[^1]\n\n[^1]: The source, 1998.\n").html
    assert attribute(html, "a", "href") == ["#fn1", "#fnref1"]
    assert ("section", {"class": "footnotes"}) in elements(html)
    assert "The source, 1998." in html


def test_tables():
    html = render_markdown(
        "| Measure | Meaning |\n|---|---|\n| Stock | People |\n"
    ).html
    tags = [tag for tag, _ in elements(html)]
    # Inside a scroll frame, so a wide table never widens a phone's page.
    assert tags == [
        "div", "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"
    ]  # fmt: skip
    assert attribute(html, "div", "class") == ["table-scroll"]
    assert attribute(html, "table", "class") == ["table"]
    assert "<td>Stock</td>" in html


def test_toc_from_level_two_and_three_headings():
    rendered = render_markdown(
        "# Title\n\n## First part\n\ntext\n\n"
        "### A detail\n\n#### Too deep\n\n## Second\n"
    )
    assert rendered.toc == (
        Heading(2, "first-part", "First part"),
        Heading(3, "a-detail", "A detail"),
        Heading(2, "second", "Second"),
    )
    assert attribute(rendered.html, "h2", "id") == ["first-part", "second"]
    assert attribute(rendered.html, "h3", "id") == ["a-detail"]
    assert attribute(rendered.html, "h4", "id") == [None]


def test_toc_text_is_plain_text():
    rendered = render_markdown("## Stocks *and* `flows`\n")
    assert rendered.toc == (Heading(2, "stocks-and-flows", "Stocks and flows"),)


def test_no_headings_no_toc():
    assert render_markdown("Just a paragraph.").toc == ()


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("[asylum seekers](glossary:asylum-seeker)", "/glossary#asylum-seeker"),
        ("[module 3](module:global-governance)", "/modules/global-governance"),
        (
            "[data](lesson:migration-concepts/measuring-migration)",
            "/modules/migration-concepts/measuring-migration",
        ),
        ("[UNHCR](https://www.unhcr.org/)", "https://www.unhcr.org/"),
        ("[mail](mailto:school@example.org)", "mailto:school@example.org"),
        ("[below](#first-part)", "#first-part"),
    ],
)
def test_course_links_resolve(source, href):
    assert attribute(render_markdown(source).html, "a", "href") == [href]


def test_glossary_links_are_marked():
    html = render_markdown("[IDP](glossary:idp) and [m](module:x)").html
    assert attribute(html, "a", "class") == ["glossary-term", None]


@pytest.mark.parametrize(
    ("source", "src"),
    [
        ("![Flows](media/flows.svg)", "/media/flows.svg"),
        ("![Chart](media/charts/2024.png)", "/media/charts/2024.png"),
        ("![Remote](https://example.org/a.png)", "https://example.org/a.png"),
    ],
)
def test_images_resolve(source, src):
    html = render_markdown(source).html
    assert attribute(html, "img", "src") == [src]
    assert attribute(html, "img", "loading") == ["lazy"]
    assert attribute(html, "img", "alt") == [source[2 : source.index("]")]]


def test_images_outside_media_are_reported_and_media_images_resolve():
    # A bare "flows.svg" would resolve against the lesson URL: the checker refuses it.
    assert extract_references("![Flows](flows.svg)") == [
        Reference("image-path", "flows.svg", 1)
    ]
    source = "![Flows](media/flows.svg)"
    assert extract_references(source) == [Reference("media", "flows.svg", 1)]
    assert attribute(render_markdown(source).html, "img", "src") == ["/media/flows.svg"]


# -- extract_references --------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "refs"),
    [
        ("[t](glossary:asylum-seeker)", [Reference("glossary", "asylum-seeker", 1)]),
        ("[m](module:basics)", [Reference("module", "basics", 1)]),
        ("[l](lesson:basics/measuring)", [Reference("lesson", "basics/measuring", 1)]),
        ("![Alt](media/flows.svg)", [Reference("media", "flows.svg", 1)]),
        (
            "![](media/flows.svg)",
            [
                Reference("image-alt", "media/flows.svg", 1),
                Reference("media", "flows.svg", 1),
            ],
        ),
        ("![Alt](https://example.org/a.png)", []),
        (
            "![](https://example.org/a.png)",
            [Reference("image-alt", "https://example.org/a.png", 1)],
        ),
        ("[web](https://example.org) [anchor](#x) [mail](mailto:a@b.c)", []),
        (
            "text\n\n## Heading with [a link](module:m2)\n",
            [Reference("module", "m2", 3)],
        ),
        ("- one\n- two [x](glossary:g)\n", [Reference("glossary", "g", 2)]),
        (
            "| a | b |\n|---|---|\n| [x](module:m) | y |\n",
            [Reference("module", "m", 3)],
        ),
        (
            "::: note\nIn a [callout](lesson:m/l).\n:::\n",
            [Reference("lesson", "m/l", 2)],
        ),
        (
            "first paragraph\n\nsecond [x](module:a) and [y](module:b)\n",
            [Reference("module", "a", 3), Reference("module", "b", 3)],
        ),
        # the line of the link itself, not of the paragraph it starts in
        (
            "a paragraph\nwith a [link](module:m) on its second line\n",
            [Reference("module", "m", 2)],
        ),
    ],
)
def test_extract_references(source, refs):
    assert extract_references(source) == refs


@pytest.mark.parametrize(
    "source, kept",
    [
        ("Under art. 3(c) of the Law", "3(c)"),
        ("Article 1(r) and 2(tm)", "2(tm)"),
        ("Copyright (C) stays as typed", "(C)"),
        ("A range of +-5 days", "+-5"),
        ("Wait... and see", "Wait..."),
    ],
)
def test_typographic_replacements_are_off(source, kept):
    html = render_markdown(source).html
    assert kept in html
    assert "©" not in html and "™" not in html and "±" not in html
