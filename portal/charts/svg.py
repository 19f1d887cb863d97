"""The SVG drawing primitives the charts share: sizes, colours, elements, ids and
number formatting."""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

NAVY = "#12355b"
TEAL = "#0f7b6c"
GOLD = "#b08d2f"
INK = "#1b1f24"
GRID = "#d5dbe1"

#: viewBox width; narrow enough that 16-unit text stays readable on a phone.
WIDTH = 480
PAD = 8
FONT = 16
ROW = 56  # label line, then the bar, in bar and funnel charts
BAR_HEIGHT = 22
VALUE_ROOM = 88  # right of the longest bar, for its value
LABEL_CHARS = 40
LINE_HEIGHT = 280
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 56, 20, 16, 48
MAX_X_LABELS = 5
X_LABEL_CHARS = 10

# Two identical charts on one page must still get distinct ids.
_serial = itertools.count(1)


def document(
    chart_id: str, title: str, desc: str, height: float, parts: list[str]
) -> Markup:
    """A whole ``<svg role="img">``, named by its title and described by ``desc``."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}"'
        f' viewBox="0 0 {WIDTH} {coord(height)}" role="img"'
        f' aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        f' font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def empty_chart(chart_id: str, title: str) -> Markup:
    message = _("No data yet")
    label = text(WIDTH / 2, 46, message, anchor="middle")
    frame = (
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="78" rx="6" fill="none"'
        f' stroke="{GRID}" stroke-width="2"/>'
    )
    return document(chart_id, title, message, 80, [frame, label])


def text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    weight: str = "400",
    title: str | None = None,
) -> str:
    # A full-text tooltip only where the visible text was shortened.
    tip = f"<title>{escape(title)}</title>" if title and title != content else ""
    return (
        f'<text x="{coord(x)}" y="{coord(y)}" text-anchor="{anchor}"'
        f' font-weight="{weight}">{tip}{escape(content)}</text>'
    )


def rect(kind: str, x: float, y: float, width: float, fill: str, tip: str) -> str:
    return (
        f'<rect class="{kind}" x="{coord(x)}" y="{coord(y)}" width="{coord(width)}"'
        f' height="{BAR_HEIGHT}" rx="3" fill="{fill}"><title>{escape(tip)}</title>'
        "</rect>"
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    return (
        f'<line x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}"'
        f' y2="{coord(y2)}" stroke="{stroke}" stroke-width="1"/>'
    )


def line_desc(labels: Sequence[str], values: Sequence[float], unit: str) -> str:
    low = min(range(len(values)), key=values.__getitem__)
    high = max(range(len(values)), key=values.__getitem__)
    return _(
        "Line chart, %(count)d points from %(first)s to %(last)s. "
        "Lowest %(low)s (%(low_label)s), highest %(high)s (%(high_label)s), "
        "latest %(latest)s.",
        count=len(values),
        first=labels[0],
        last=labels[-1],
        low=number(values[low]) + unit,
        low_label=labels[low],
        high=number(values[high]) + unit,
        high_label=labels[high],
        latest=number(values[-1]) + unit,
    )


def label_indices(count: int) -> list[int]:
    if count <= MAX_X_LABELS:
        return list(range(count))
    step = (count - 1) / (MAX_X_LABELS - 1)
    return sorted({round(i * step) for i in range(MAX_X_LABELS)})


def chart_id(
    kind: str, title: str, labels: Sequence[str], values: Sequence[float]
) -> str:
    digest = hashlib.sha1(
        repr((kind, title, list(labels), list(values))).encode(), usedforsecurity=False
    ).hexdigest()[:8]
    return f"chart-{digest}-{next(_serial)}"


def check_lengths(labels: Sequence[str], values: Sequence[float]) -> None:
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    if not all(math.isfinite(value) for value in values):
        raise ValueError("values must be finite numbers")


def scaled(value: float, top: float) -> float:
    """Share of the full bar length, kept within 0..1."""
    if top <= 0:
        return 0.0
    return min(max(value / top, 0.0), 1.0)


def nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 × 10ⁿ at or above ``value``, so gridlines fall on round
    numbers and so does the midline."""
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop ends at 10


def number(value: float, places: int = 1) -> str:
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def coord(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
