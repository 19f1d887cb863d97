"""Downloads: every staff table can be taken away as CSV or as an Excel workbook
(.xlsx, written by XlsxWriter), both safe to open in a spreadsheet, and files (a CV,
a person's own data) are served as attachments. Every download of personal data is
recorded in the audit log here, the one place downloads are made."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

import xlsxwriter
from flask import Response, request
from flask_login import current_user

from portal.services.audit import record_download
from portal.timeutil import utcnow

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A downloaded file is never a page of this site: if a browser shows it anyway,
#: it runs in a sandbox with no script, no plugins and nothing loaded.
FILE_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def safe_cell(value: object) -> object:
    """Keep a spreadsheet from reading someone's text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue()


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """A download; the byte-order mark makes Excel read the UTF-8 names correctly."""
    return Response(
        "\ufeff" + csv_text(headers, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet, bold frozen header row. Text is always written as text: no
    formulas, links or numbers are read into anyone's name."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd hh:mm",
        },
    )
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, headers, workbook.add_format({"bold": True}))
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, ["" if v is None else v for v in row])
    workbook.close()
    return buffer.getvalue()


def table_response(
    stem: str, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    """``stem``.csv or ``stem``.xlsx, as ``fmt`` (one of :data:`FORMATS`) asks,
    recorded in the audit log as a download of the table ``stem`` by whoever is
    signed in."""
    rows = list(rows)
    if fmt == "xlsx":
        response = Response(
            xlsx_bytes(headers, rows),
            mimetype=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'},
        )
    else:
        response = csv_response(f"{stem}.csv", headers, rows)
    record_download(current_user.id, stem, utcnow(), format=fmt, rows=len(rows))
    return response


def file_response(
    body: bytes | str, filename: str, mimetype: str, what: str, action: str
) -> Response:
    """A file to save, never to show in a page of this site: an attachment of the
    type given (no sniffing), sandboxed if a browser opens it anyway; recorded in
    the audit log as ``action`` on ``what`` by whoever is signed in."""
    response = Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": FILE_CSP,
        },
    )
    record_download(current_user.id, what, utcnow(), action)
    return response


Table = tuple[Sequence[str], Iterable[Sequence[object]]]


def requested_format() -> str | None:
    """The download format the page was asked for (``?format=``), or None."""
    fmt = request.args.get("format")
    return fmt if fmt in FORMATS else None


def downloadable(stem: str, table: Callable[[], Table]) -> Response | None:
    """The table as a download when the request asks for one, else None.

    ``table`` is only called when a download is asked for."""
    fmt = requested_format()
    return table_response(stem, fmt, *table()) if fmt else None
