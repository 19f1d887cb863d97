"""The one place Markdown becomes HTML: markdown-it-py, then bleach.

Course links use small schemes that trainers can type (``glossary:``, ``module:``,
``lesson:``, ``media/``); they are resolved to site paths here and listed for the course
checker by :func:`extract_references`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import bleach
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from portal.domain.text import slugify

CALLOUT_KINDS = (
    "note",
    "tip",
    "warning",
    "example",
    "case",
    "exercise",
    "summary",
    "definition",
)

ALLOWED_TAGS = {
    "a",
    "abbr",
    "aside",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "section",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": ["class", "id"],
    "a": ["href", "title", "class", "id", "aria-label", "data-term"],
    "img": ["src", "alt", "title", "loading"],
    "aside": ["class", "role", "aria-label"],
    "th": ["scope", "class"],
}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[Heading, ...]


@dataclass(frozen=True)
class Reference:
    """A course link or image found in Markdown, with its 1-based line in that text."""

    kind: str  # glossary | module | lesson | media | image-alt | image-path
    target: str
    line: int


def _render_callout(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == -1:
        return "</aside>\n"
    kind, _, title = token.info.strip().partition(" ")
    title_html = (
        f'<p class="callout-title">{escape(title.strip())}</p>\n' if title else ""
    )
    return f'<aside class="callout callout-{kind}" role="note">\n{title_html}'


def _render_table(self, tokens, idx, options, env):
    # A wide table scrolls inside its own frame, not the whole page on a phone.
    if tokens[idx].nesting == -1:
        return "</table>\n</div>\n"
    return '<div class="table-scroll">\n' + self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Curly quotes, yes; but markdown-it's "replacements" turn the "(c)" of legal
    # citations ("art. 3(c)") into "©" and "+-" into "±", so they stay off.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["table", "strikethrough", "smartquotes"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3, slug_func=slugify)
    for kind in CALLOUT_KINDS:
        md.use(container_plugin, kind, render=_render_callout)
    md.add_render_rule("table_open", _render_table)
    md.add_render_rule("table_close", _render_table)
    return md


def _resolve(href: str) -> str:
    scheme, _, rest = href.partition(":")
    if scheme == "glossary":
        return f"/glossary#{rest}"
    if scheme in ("module", "lesson"):  # lesson targets are "module/lesson"
        return f"/modules/{rest}"
    return href


def _walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _plain_text(inline: Token) -> str:
    """A heading's words without Markdown marks, for the table of contents."""
    return "".join(
        t.content
        for t in _walk(inline.children or [])
        if t.type in ("text", "code_inline")
    ).strip()


def render_markdown(text: str) -> Rendered:
    """Render trusted-format, untrusted-content Markdown to sanitised HTML.

    Raw HTML is escaped by the parser and anything unexpected is removed by bleach,
    so the result can be marked safe in templates.
    """
    md = _parser()
    tokens = md.parse(text, {})
    toc = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            inline = tokens[index + 1]
            toc.append(
                Heading(
                    int(token.tag[1]),
                    str(token.attrs.get("id", "")),
                    _plain_text(inline),
                )
            )
    for token in _walk(tokens):
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            if href.startswith("glossary:"):
                token.attrSet("class", "glossary-term")
            token.attrSet("href", _resolve(href))
        elif token.type == "image":
            src = str(token.attrs.get("src", ""))
            if src.startswith("media/"):
                token.attrSet("src", "/" + src)
            token.attrSet("loading", "lazy")
        elif token.type == "table_open":
            token.attrSet("class", "table")
    html = md.renderer.render(tokens, md.options, {})
    clean = bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
    )
    return Rendered(clean, tuple(toc))


def render_inline(text: str) -> str:
    """Render a short Markdown fragment (a question prompt) without block wrapping."""
    html = render_markdown(text).html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def extract_references(text: str) -> list[Reference]:
    """Every course link and image in ``text``, for the checker to validate."""
    refs = []
    for block in _parser().parse(text, {}):
        if block.type != "inline" or not block.children:
            continue
        line = (block.map[0] + 1) if block.map else 1
        for token in _walk(block.children):
            if token.type in ("softbreak", "hardbreak"):
                line += 1
            elif token.type == "link_open":
                href = str(token.attrs.get("href", ""))
                scheme, sep, rest = href.partition(":")
                if sep and scheme in ("glossary", "module", "lesson"):
                    refs.append(Reference(scheme, rest, line))
            elif token.type == "image":
                src = str(token.attrs.get("src", ""))
                if not token.content.strip():
                    refs.append(Reference("image-alt", src, line))
                if src.startswith("media/"):
                    refs.append(Reference("media", src[len("media/") :], line))
                elif not src.startswith(("http://", "https://")):
                    refs.append(Reference("image-path", src, line))
    return refs


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))
