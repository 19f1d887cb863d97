"""Forms of the "Your account" page and of the forgotten-password page."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.domain.passwords import MAX_LENGTH
from portal.formtools import PortalForm, email_field


def _current(field_id: str) -> PasswordField:
    return PasswordField(
        _l("Your current password"),
        validators=[DataRequired(), Length(max=200)],
        id=field_id,
    )


class PasswordChangeForm(PortalForm):
    current = _current("current")
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=MAX_LENGTH)],
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class EmailChangeForm(PortalForm):
    new_email = email_field(_l("New email address"))
    current = _current("email-current")


class NameChangeForm(PortalForm):
    full_name = StringField(
        _l("Name on your certificate"),
        validators=[DataRequired(), Length(max=200)],
    )


class ForgotPasswordForm(PortalForm):
    email = email_field(_l("Email"))


class EmptyForm(PortalForm):
    """A button that only needs its CSRF token."""


class EraseAccountForm(PortalForm):
    """Erasing the account asks for the password again, once it has been confirmed."""

    current = _current("erase-current")
