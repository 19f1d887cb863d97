"""Forms of two-step sign-in."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from portal.formtools import PortalForm


def _code(label, required: bool = True) -> StringField:
    return StringField(
        label,
        validators=[DataRequired() if required else Optional(), Length(max=40)],
        id="code",
    )


def _password(required: bool = True) -> PasswordField:
    return PasswordField(
        _l("Your password"),
        validators=[DataRequired() if required else Optional(), Length(max=200)],
        id="mfa-password",
    )


class VerifyForm(PortalForm):
    """The second step of signing in."""

    code = _code(_l("Code from your authenticator app, or a recovery code"))


class ConfirmForm(PortalForm):
    code = _code(_l("Code from your authenticator app"))


class DisableForm(PortalForm):
    password = _password()
    code = _code(_l("Code from your authenticator app"))


class RegenerateForm(PortalForm):
    """Either proves it is the person: the password, or a code from the app."""

    password = _password(required=False)
    code = _code(_l("Or a code from your authenticator app"), required=False)
