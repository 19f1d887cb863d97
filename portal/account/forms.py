"""Forms of the "Your account" page and of the forgotten-password page."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.formtools import PortalForm
from portal.services.users import MIN_PASSWORD


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
        validators=[DataRequired(), Length(min=MIN_PASSWORD, max=200)],
    )
    confirm = PasswordField(
        _l("The same password again"),
        validators=[DataRequired(), EqualTo("password", _l("The passwords differ."))],
    )


class EmailChangeForm(PortalForm):
    new_email = EmailField(
        _l("New email address"), validators=[DataRequired(), Length(max=254)]
    )
    current = _current("email-current")

    def validate_new_email(self, field):
        if "@" not in (field.data or ""):
            raise ValueError(_l("Enter an email address like name@example.org."))


class NameChangeForm(PortalForm):
    full_name = StringField(
        _l("Name on your certificate"),
        validators=[DataRequired(), Length(max=200)],
    )


class ForgotPasswordForm(PortalForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])


class EmptyForm(PortalForm):
    """A button that only needs its CSRF token."""


class EraseAccountForm(PortalForm):
    """Erasing the account asks for the password again, once it has been confirmed."""

    current = _current("erase-current")
