"""Administration forms."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.formtools import PortalForm, options


class CohortForm(PortalForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(
        _l("Call for applications (Markdown-free text)"),
        validators=[Optional(), Length(max=4000)],
    )
    applications_open = DateTimeLocalField(
        _l("Applications open"), validators=[Optional()]
    )
    applications_close = DateTimeLocalField(
        _l("Applications close"), validators=[Optional()]
    )
    interviews_start = DateField(_l("Interviews from"), validators=[Optional()])
    interviews_end = DateField(_l("Interviews until"), validators=[Optional()])
    starts_on = DateField(_l("Programme starts"), validators=[Optional()])
    ends_on = DateField(_l("Programme ends"), validators=[Optional()])
    capacity = IntegerField(
        _l("Places"), default=30, validators=[DataRequired(), NumberRange(1, 1000)]
    )
    waitlist_size = IntegerField(
        _l("Waiting list size"),
        default=5,
        validators=[Optional(), NumberRange(0, 1000)],
    )
    blind_review = BooleanField(
        _l(
            "Blind screening: hide names, contacts, the CV and the sort by name "
            "from reviewers in stage 1"
        )
    )
    attendance_minimum = IntegerField(
        _l("Minimum attendance of required sessions (%)"),
        validators=[
            Optional(),
            NumberRange(0, 100, message=_l("Give a percentage from 0 to 100.")),
        ],
    )
    excused_absences = SelectField(
        _l("Excused absences count as"),
        choices=options(
            [
                ("attended", _l("attended")),
                ("excluded", _l("left out of the share")),
                ("absent", _l("missed")),
            ]
        ),
        default="excluded",
    )

    FIELDS = (
        "name",
        "description",
        "applications_open",
        "applications_close",
        "interviews_start",
        "interviews_end",
        "starts_on",
        "ends_on",
        "capacity",
        "waitlist_size",
        "blind_review",
        "attendance_minimum",
        "excused_absences",
    )


class StaffForm(PortalForm):
    reviewers = SelectMultipleField(_l("Reviewers (screening)"), coerce=int)
    interviewers = SelectMultipleField(_l("Interviewers"), coerce=int)
    teachers = SelectMultipleField(
        _l("Teachers (see the cohort's analytics)"), coerce=int
    )
