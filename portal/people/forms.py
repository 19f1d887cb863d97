"""Forms for managing accounts and for choosing a password from an emailed link."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.domain.passwords import MAX_LENGTH
from portal.formtools import PortalForm, email_field, options
from portal.models import Role

ROLE_LABELS = {
    Role.APPLICANT: _l("Applicant"),
    Role.PARTICIPANT: _l("Participant"),
    Role.TRAINER: _l("Trainer"),
    Role.ADMIN: _l("Administrator"),
}


def role_choices():
    return options((role.value, label) for role, label in ROLE_LABELS.items())


class InviteForm(PortalForm):
    email = email_field(_l("Email"))
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200)]
    )
    role = SelectField(_l("Role"), validators=[DataRequired()])
    cohort_id = SelectField(_l("Cohort (participants)"), coerce=int, default=0)


class RoleForm(PortalForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])


class SetPasswordForm(PortalForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


__all__ = ["InviteForm", "RoleForm", "SetPasswordForm", "role_choices"]
