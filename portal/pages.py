"""The portal's own pages in content/: Markdown with a little front matter.

Each file is rendered once per modification time and kept in memory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from portal.package import FileProblem, split_front_matter, strip_lines
from portal.rendering import render_markdown

PAGE_SLUG = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    order: int
    html: str


@lru_cache(maxsize=64)
def _render(path: str, mtime_ns: int) -> Page:
    text = Path(path).read_text(encoding="utf-8")
    try:
        meta, body, _ = split_front_matter(text)
    except FileProblem:
        meta, body = {}, text
    meta = strip_lines(meta)
    slug = Path(path).stem
    return Page(
        slug,
        str(meta.get("title", slug.title())),
        str(meta.get("summary", "")),
        int(meta.get("order", 99)),
        render_markdown(body).html,
    )


def load_page(content_dir: str, slug: str) -> Page | None:
    if not PAGE_SLUG.match(slug):
        return None
    path = Path(content_dir) / f"{slug}.md"
    if not path.is_file():
        return None
    return _render(str(path), path.stat().st_mtime_ns)


def page_index(content_dir: str) -> list[Page]:
    pages = [
        load_page(content_dir, p.stem)
        for p in Path(content_dir).glob("*.md")
        if p.stem.lower() != "readme"
    ]
    return sorted((p for p in pages if p), key=lambda p: (p.order, p.title))


def contact_details(config: Mapping[str, object]) -> dict[str, str]:
    """The contact lines this install publishes (``CONTACT_EMAIL`` and so on), by
    kind; unset ones are left out, so no page shows a made-up number."""
    kinds = ("email", "phone", "address")
    values = {kind: config.get(f"CONTACT_{kind.upper()}") for kind in kinds}
    return {kind: str(value).strip() for kind, value in values.items() if value}
