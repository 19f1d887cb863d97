"""Forms of the announcements pages: posting and editing one."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.formtools import PortalForm
from portal.services.announcements import TITLE_LENGTH


class EditAnnouncementForm(PortalForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(max=TITLE_LENGTH)]
    )
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=20_000)])


class AnnouncementForm(EditAnnouncementForm):
    email = BooleanField(_l("Also send by email"))
