"""Bar, line and funnel charts as accessible SVG."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.charts import svg
from portal.charts.svg import (
    BAR_HEIGHT,
    FONT,
    GOLD,
    GRID,
    LABEL_CHARS,
    LINE_BOTTOM,
    LINE_HEIGHT,
    LINE_LEFT,
    LINE_RIGHT,
    LINE_TOP,
    NAVY,
    PAD,
    ROW,
    TEAL,
    VALUE_ROOM,
    WIDTH,
    X_LABEL_CHARS,
)


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
    svg.check_lengths(labels, values)
    chart_id = svg.chart_id("bar", title, labels, values)
    if not values:
        return svg.empty_chart(chart_id, title)
    top = max_value if max_value is not None else max(values)
    span = WIDTH - 2 * PAD - VALUE_ROOM
    parts = []
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = PAD + row * ROW
        width = svg.scaled(value, top) * span
        text = svg.number(value) + unit
        parts += [
            svg.text(PAD, y + FONT, svg.short(label, LABEL_CHARS), title=label),
            svg.rect("bar", PAD, y + 24, width, NAVY, f"{label}: {text}"),
            svg.text(PAD + width + 6, y + 24 + BAR_HEIGHT - 5, text, weight="700"),
        ]
    summary = "; ".join(
        f"{label}: {svg.number(value)}{unit}"
        for label, value in zip(labels, values, strict=True)
    )
    desc = _(
        "Bar chart, %(count)d bars. %(summary)s.", count=len(values), summary=summary
    )
    return svg.document(chart_id, title, desc, 2 * PAD + len(values) * ROW, parts)


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
    svg.check_lengths(labels, values)
    chart_id = svg.chart_id("line", title, labels, values)
    if not values:
        return svg.empty_chart(chart_id, title)
    low = min(0.0, min(values))
    high = svg.nice_ceiling(max(values)) if max(values) > 0 else 0.0
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
            svg.line(LINE_LEFT, y, WIDTH - LINE_RIGHT, y, GRID),
            svg.text(LINE_LEFT - 6, y + 5, svg.number(tick, 2), anchor="end"),
        ]
    for index in svg.label_indices(len(values)):
        anchor = "start" if len(values) > 1 and index == 0 else "middle"
        if len(values) > 1 and index == len(values) - 1:
            anchor = "end"
        parts.append(
            svg.text(
                x_of(index),
                bottom + FONT + 10,
                svg.short(labels[index], X_LABEL_CHARS),
                anchor=anchor,
                title=labels[index],
            )
        )
    points = [(x_of(i), y_of(v)) for i, v in enumerate(values)]
    if len(points) > 1:
        coords = " ".join(f"{svg.coord(x)},{svg.coord(y)}" for x, y in points)
        parts.append(
            f'<polyline class="line" points="{coords}" fill="none" stroke="{NAVY}"'
            ' stroke-width="3" stroke-linejoin="round"/>'
        )
    for (x, y), label, value in zip(points, labels, values, strict=True):
        tip = escape(f"{label}: {svg.number(value)}{unit}")
        parts.append(
            f'<circle class="point" cx="{svg.coord(x)}" cy="{svg.coord(y)}" r="5"'
            f' fill="{GOLD}" stroke="{NAVY}" stroke-width="2"><title>{tip}</title>'
            "</circle>"
        )
    return svg.document(
        chart_id, title, svg.line_desc(labels, values, unit), LINE_HEIGHT, parts
    )


def funnel_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Steps of a funnel (enrolled, started, passed ...) as centred bars.

    Steps stay in the order given, since the order is the meaning; widths are relative
    to the widest step, normally the first. Each step shows its count and its percent
    of the first step.

    :raise ValueError: ``labels`` and ``values`` differ in length.
    """
    svg.check_lengths(labels, values)
    chart_id = svg.chart_id("funnel", title, labels, values)
    if not values:
        return svg.empty_chart(chart_id, title)
    first, widest = values[0], max(values)
    span = WIDTH - 2 * PAD
    parts, said = [], []
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = PAD + row * ROW
        width = svg.scaled(value, widest) * span
        count = svg.number(value)
        if first > 0:
            count = _(
                "%(count)s (%(percent)s%%)",
                count=count,
                percent=svg.number(100 * value / first),
            )
        parts += [
            svg.text(PAD, y + FONT, svg.short(label, LABEL_CHARS - 12), title=label),
            svg.text(WIDTH - PAD, y + FONT, count, anchor="end", weight="700"),
            svg.rect(
                "bar", (WIDTH - width) / 2, y + 24, width, TEAL, f"{label}: {count}"
            ),
        ]
        said.append(f"{label}: {count}")
    desc = _(
        "Funnel chart, %(count)d steps, percentages of the first step. %(summary)s.",
        count=len(values),
        summary="; ".join(said),
    )
    return svg.document(chart_id, title, desc, 2 * PAD + len(values) * ROW, parts)
