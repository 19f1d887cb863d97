"""Server-rendered SVG charts and their table alternatives: no JavaScript, no CDN.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described in words
by its ``<desc>``, so a screen reader gets the data without the picture; pair it with
:func:`data_table` for anyone who wants the numbers. Colours are set with presentation
attributes, not ``style``, because the CSP forbids inline styles.
"""

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


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
    max_value: float | None = None,
) -> Markup:
    """Horizontal bars, one row per label, each label on its own line above its bar.

    Rows rather than columns so that long labels (module names, questions) stay
    legible on a phone without rotated text.

    :param unit: appended to every value as written, e.g. ``"%"`` or ``" min"``.
    :param max_value: the value of a full-width bar; defaults to the largest value.
        Larger values are drawn full width, negative ones with no width.
    :raise ValueError: ``labels`` and ``values`` differ in length, or a value is
        not finite.
    """
    _check_lengths(labels, values)
    chart_id = _chart_id("bar", title, labels, values)
    if not values:
        return _empty_chart(chart_id, title)
    top = max_value if max_value is not None else max(values)
    span = WIDTH - 2 * PAD - VALUE_ROOM
    parts = []
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = PAD + row * ROW
        width = _scaled(value, top) * span
        text = _number(value) + unit
        parts += [
            _text(PAD, y + FONT, _short(label, LABEL_CHARS), title=label),
            _rect("bar", PAD, y + 24, width, NAVY, f"{label}: {text}"),
            _text(PAD + width + 6, y + 24 + BAR_HEIGHT - 5, text, weight="700"),
        ]
    summary = "; ".join(
        f"{label}: {_number(value)}{unit}"
        for label, value in zip(labels, values, strict=True)
    )
    desc = _(
        "Bar chart, %(count)d bars. %(summary)s.", count=len(values), summary=summary
    )
    return _svg(chart_id, title, desc, 2 * PAD + len(values) * ROW, parts)


def line_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    unit: str = "",
) -> Markup:
    """A line through one point per label, e.g. completions per week.

    The value axis starts at zero (or below, for negative data) so that the slope is
    not exaggerated. At most a few x labels are drawn so that they never overlap;
    every point carries its own label and value as a tooltip.

    :param unit: appended to every value as written.
    :raise ValueError: ``labels`` and ``values`` differ in length.
    """
    _check_lengths(labels, values)
    chart_id = _chart_id("line", title, labels, values)
    if not values:
        return _empty_chart(chart_id, title)
    low = min(0.0, min(values))
    high = _nice_ceiling(max(values)) if max(values) > 0 else 0.0
    if high <= low:
        high = low + 1
    plot_w = WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    bottom = LINE_TOP + plot_h

    def y_of(value: float) -> float:
        return bottom - (value - low) / (high - low) * plot_h

    def x_of(index: int) -> float:
        if len(values) == 1:
            return LINE_LEFT + plot_w / 2
        return LINE_LEFT + index * plot_w / (len(values) - 1)

    parts = []
    for tick in (low, (low + high) / 2, high):
        y = y_of(tick)
        parts += [
            _line(LINE_LEFT, y, WIDTH - LINE_RIGHT, y, GRID),
            _text(LINE_LEFT - 6, y + 5, _number(tick, 2), anchor="end"),
        ]
    for index in _label_indices(len(values)):
        anchor = "start" if len(values) > 1 and index == 0 else "middle"
        if len(values) > 1 and index == len(values) - 1:
            anchor = "end"
        parts.append(
            _text(
                x_of(index),
                bottom + FONT + 10,
                _short(labels[index], X_LABEL_CHARS),
                anchor=anchor,
                title=labels[index],
            )
        )
    points = [(x_of(i), y_of(v)) for i, v in enumerate(values)]
    if len(points) > 1:
        coords = " ".join(f"{_coord(x)},{_coord(y)}" for x, y in points)
        parts.append(
            f'<polyline class="line" points="{coords}" fill="none" stroke="{NAVY}"'
            ' stroke-width="3" stroke-linejoin="round"/>'
        )
    for (x, y), label, value in zip(points, labels, values, strict=True):
        tip = escape(f"{label}: {_number(value)}{unit}")
        parts.append(
            f'<circle class="point" cx="{_coord(x)}" cy="{_coord(y)}" r="5"'
            f' fill="{GOLD}" stroke="{NAVY}" stroke-width="2"><title>{tip}</title>'
            "</circle>"
        )
    return _svg(chart_id, title, _line_desc(labels, values, unit), LINE_HEIGHT, parts)


def funnel_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Steps of a funnel (enrolled, started, passed ...) as centred bars.

    Steps stay in the order given, since the order is the meaning; widths are relative
    to the widest step, normally the first. Each step shows its count and its percent
    of the first step.

    :raise ValueError: ``labels`` and ``values`` differ in length.
    """
    _check_lengths(labels, values)
    chart_id = _chart_id("funnel", title, labels, values)
    if not values:
        return _empty_chart(chart_id, title)
    first, widest = values[0], max(values)
    span = WIDTH - 2 * PAD
    parts, said = [], []
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = PAD + row * ROW
        width = _scaled(value, widest) * span
        count = _number(value)
        if first > 0:
            count = _(
                "%(count)s (%(percent)s%%)",
                count=count,
                percent=_number(100 * value / first),
            )
        parts += [
            _text(PAD, y + FONT, _short(label, LABEL_CHARS - 12), title=label),
            _text(WIDTH - PAD, y + FONT, count, anchor="end", weight="700"),
            _rect("bar", (WIDTH - width) / 2, y + 24, width, TEAL, f"{label}: {count}"),
        ]
        said.append(f"{label}: {count}")
    desc = _(
        "Funnel chart, %(count)d steps, percentages of the first step. %(summary)s.",
        count=len(values),
        summary="; ".join(said),
    )
    return _svg(chart_id, title, desc, 2 * PAD + len(values) * ROW, parts)


def data_table(
    caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]]
) -> Markup:
    """The numbers behind a chart as a table, for screen readers and for copying.

    The first cell of each row is its row header. ``None`` shows as an empty cell and
    floats are rounded to one decimal as in the charts; anything else is escaped as
    text (so :class:`~markupsafe.Markup` passes through).
    """
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = []
    for row in rows:
        cells = [
            f'<th scope="row">{_cell(value)}</th>'
            if i == 0
            else f"<td>{_cell(value)}</td>"
            for i, value in enumerate(row)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    if not rows:
        colspan = max(len(headers), 1)
        body.append(f'<tr><td colspan="{colspan}">{escape(_("No data yet"))}</td></tr>')
    return Markup(
        '<div class="table-scroll"><table class="table">'
        f"<caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _svg(
    chart_id: str, title: str, desc: str, height: float, parts: list[str]
) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}"'
        f' viewBox="0 0 {WIDTH} {_coord(height)}" role="img"'
        f' aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc"'
        f' font-size="{FONT}" fill="{INK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def _empty_chart(chart_id: str, title: str) -> Markup:
    message = _("No data yet")
    text = _text(WIDTH / 2, 46, message, anchor="middle")
    frame = (
        f'<rect x="1" y="1" width="{WIDTH - 2}" height="78" rx="6" fill="none"'
        f' stroke="{GRID}" stroke-width="2"/>'
    )
    return _svg(chart_id, title, message, 80, [frame, text])


def _text(
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
        f'<text x="{_coord(x)}" y="{_coord(y)}" text-anchor="{anchor}"'
        f' font-weight="{weight}">{tip}{escape(content)}</text>'
    )


def _rect(kind: str, x: float, y: float, width: float, fill: str, tip: str) -> str:
    return (
        f'<rect class="{kind}" x="{_coord(x)}" y="{_coord(y)}" width="{_coord(width)}"'
        f' height="{BAR_HEIGHT}" rx="3" fill="{fill}"><title>{escape(tip)}</title>'
        "</rect>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    return (
        f'<line x1="{_coord(x1)}" y1="{_coord(y1)}" x2="{_coord(x2)}"'
        f' y2="{_coord(y2)}" stroke="{stroke}" stroke-width="1"/>'
    )


def _line_desc(labels: Sequence[str], values: Sequence[float], unit: str) -> str:
    low = min(range(len(values)), key=values.__getitem__)
    high = max(range(len(values)), key=values.__getitem__)
    return _(
        "Line chart, %(count)d points from %(first)s to %(last)s. "
        "Lowest %(low)s (%(low_label)s), highest %(high)s (%(high_label)s), "
        "latest %(latest)s.",
        count=len(values),
        first=labels[0],
        last=labels[-1],
        low=_number(values[low]) + unit,
        low_label=labels[low],
        high=_number(values[high]) + unit,
        high_label=labels[high],
        latest=_number(values[-1]) + unit,
    )


def _label_indices(count: int) -> list[int]:
    if count <= MAX_X_LABELS:
        return list(range(count))
    step = (count - 1) / (MAX_X_LABELS - 1)
    return sorted({round(i * step) for i in range(MAX_X_LABELS)})


def _chart_id(
    kind: str, title: str, labels: Sequence[str], values: Sequence[float]
) -> str:
    digest = hashlib.sha1(
        repr((kind, title, list(labels), list(values))).encode(), usedforsecurity=False
    ).hexdigest()[:8]
    return f"chart-{digest}-{next(_serial)}"


def _check_lengths(labels: Sequence[str], values: Sequence[float]) -> None:
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    if not all(math.isfinite(value) for value in values):
        raise ValueError("values must be finite numbers")


def _scaled(value: float, top: float) -> float:
    """Share of the full bar length, kept within 0..1."""
    if top <= 0:
        return 0.0
    return min(max(value / top, 0.0), 1.0)


def _nice_ceiling(value: float) -> float:
    """The next 1, 2 or 5 × 10ⁿ at or above ``value``, so gridlines fall on round
    numbers and so does the midline."""
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop ends at 10


def _number(value: float, places: int = 1) -> str:
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _coord(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(value: object) -> Markup:
    if value is None:
        return Markup("")
    if isinstance(value, float):
        return escape(_number(value))
    return escape(value)


__all__ = ["bar_chart", "data_table", "funnel_chart", "line_chart"]
