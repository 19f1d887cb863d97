"""Sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length

from portal.formtools import PortalForm, email_field


class LoginForm(PortalForm):
    email = email_field(_l("Email"))
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200)]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
