"""Forms of the authoring studio: modules, lessons, media and packages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.formtools import PortalForm


class TitleForm(PortalForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])


class LessonForm(PortalForm):
    base = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    minutes = IntegerField(
        _l("Minutes (leave empty to estimate)"),
        validators=[Optional(), NumberRange(1, 600)],
    )
    body = TextAreaField(_l("Lesson text (Markdown)"), validators=[Length(max=200_000)])
    note = StringField(
        _l("What changed (for the history)"), validators=[Optional(), Length(max=300)]
    )
    save = SubmitField(_l("Save draft"))


class ModuleForm(PortalForm):
    base = HiddenField()
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=1000)])
    minutes = IntegerField(
        _l("Study time in minutes (empty: sum of lessons)"),
        validators=[Optional(), NumberRange(1, 10_000)],
    )
    objectives = TextAreaField(
        _l("Learning objectives, one per line"),
        validators=[Optional(), Length(max=5000)],
    )
    prerequisites = SelectMultipleField(_l("Builds on (prerequisites)"))
    key_terms = TextAreaField(
        _l("Key terms, one per line as “Term: definition”"),
        validators=[Optional(), Length(max=20_000)],
    )
    quiz = SelectField(_l("Module quiz"), validators=[Optional()])
    intro = TextAreaField(
        _l("Introduction (Markdown)"), validators=[Optional(), Length(max=20_000)]
    )
    note = StringField(
        _l("What changed (for the history)"), validators=[Optional(), Length(max=300)]
    )


class UploadImageForm(PortalForm):
    image = FileField(_l("Image (PNG, JPEG, GIF or WebP)"))
    alt = StringField(
        _l("What the image shows, for people who cannot see it"),
        validators=[Optional(), Length(max=300)],
    )


class UploadPackageForm(PortalForm):
    package = FileField(_l("Course package (.zip)"))
    # What the confirmation page sends back for an upload that retires content.
    confirmation = HiddenField(validators=[Optional(), Length(max=64)])
