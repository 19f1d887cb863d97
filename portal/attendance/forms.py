"""The attendance forms: the register, "mark all present" and self check-in."""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from portal.domain.attendance import Entry
from portal.formtools import PortalForm

_STATUS_FIELD = re.compile(r"status-(\d{1,10})")


class RegisterForm(PortalForm):
    """The register: one radio group ``status-<participant id>`` and one note
    ``note-<participant id>`` per row, as many as the cohort has (read by
    :func:`submitted_marks`); the form itself carries the CSRF token."""


class AllPresentForm(PortalForm):
    """The "Mark all present" button."""


def submitted_marks(formdata: Mapping[str, str]) -> dict[int, Entry]:
    """The rows of a register sent back: ``{participant id: (status, note)}`` for
    every row with a mark chosen. Whether the ids are the cohort's and the
    statuses are marks is the service's to check."""
    marks = {}
    for name, status in formdata.items():
        found = _STATUS_FIELD.fullmatch(name)
        if found and status:
            uid = int(found.group(1))
            marks[uid] = (status, formdata.get(f"note-{uid}", ""))
    return marks


class CheckInForm(PortalForm):
    """A participant's check-in. The session list holds the cohort's sessions
    open now; one named by a QR link is taken as it is, and the server decides
    whether it may be checked in to."""

    session = SelectField(
        _l("Session"), coerce=int, validate_choice=False, validators=[DataRequired()]
    )
    code = StringField(
        _l("Code shown in the room"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
