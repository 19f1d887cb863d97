"""Server-rendered SVG charts and their table alternatives: no JavaScript, no CDN.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and described in words
by its ``<desc>``, so a screen reader gets the data without the picture; pair it with
:func:`data_table` for anyone who wants the numbers. Colours are set with presentation
attributes, not ``style``, because the CSP forbids inline styles.
"""

from portal.charts.figures import bar_chart, funnel_chart, line_chart
from portal.charts.svg import (
    BAR_HEIGHT,
    LINE_HEIGHT,
    LINE_LEFT,
    LINE_TOP,
    MAX_X_LABELS,
    PAD,
    VALUE_ROOM,
    WIDTH,
)
from portal.charts.tables import data_table

__all__ = [
    "BAR_HEIGHT",
    "LINE_HEIGHT",
    "LINE_LEFT",
    "LINE_TOP",
    "MAX_X_LABELS",
    "PAD",
    "VALUE_ROOM",
    "WIDTH",
    "bar_chart",
    "data_table",
    "funnel_chart",
    "line_chart",
]
