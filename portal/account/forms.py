"""Forms of the "Your account" page and of the forgotten-password page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.domain.passwords import MAX_LENGTH
from portal.domain.zones import DEFAULT_ZONE, zone_choices
from portal.formtools import PortalForm, email_field, options


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


class TimeZoneForm(PortalForm):
    """The zone every time is shown in; the default zone leads the list."""

    time_zone = SelectField(_l("Time zone"), validators=[DataRequired()])

    @classmethod
    def for_reader(cls, current: str | None, now) -> TimeZoneForm:
        """The form listing every zone with its offset ``now``, the reader's
        zone (else the default) chosen."""
        form = cls(data={"time_zone": current or DEFAULT_ZONE})
        form.time_zone.choices = options(zone_choices(now))
        return form
