"""The numbers behind a chart as an HTML table."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.charts.svg import number


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
            f'<th scope="row">{cell(value)}</th>'
            if i == 0
            else f"<td>{cell(value)}</td>"
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


def cell(value: object) -> Markup:
    if value is None:
        return Markup("")
    if isinstance(value, float):
        return escape(number(value))
    return escape(value)
