"""Forms of the applicant's side: registration and the application."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from portal.domain.passwords import MAX_LENGTH
from portal.domain.selection import CEFR_LEVELS
from portal.formtools import PortalForm, email_field, options
from portal.labels import DEGREES, FIELDS, STUDY_STATUS


def choices(labels, blank=True):
    return options(([("", _l("Choose…"))] if blank else []) + list(labels.items()))


class RegisterForm(PortalForm):
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=200)]
    )
    email = email_field(_l("Email"))
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", _l("The passwords differ."))],
    )


class LanguageEntry(Form):
    language = StringField(_l("Language"), validators=[Optional(), Length(max=40)])
    level = SelectField(
        _l("Level (CEFR)"),
        choices=options([("", "–")] + [(lv, lv) for lv in CEFR_LEVELS]),
        validators=[Optional()],
    )


class ApplicationForm(PortalForm):
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=200)])
    date_of_birth = DateField(_l("Date of birth"), validators=[Optional()])
    citizenship = StringField(
        _l("Citizenship"), validators=[Optional(), Length(max=100)]
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    university = StringField(_l("University"), validators=[Optional(), Length(max=200)])
    field_of_study = SelectField(
        _l("Field of study"), choices=choices(FIELDS), validators=[Optional()]
    )
    field_other = StringField(
        _l("If other, which field"), validators=[Optional(), Length(max=100)]
    )
    degree = SelectField(
        _l("Degree"), choices=choices(DEGREES), validators=[Optional()]
    )
    study_status = SelectField(
        _l("Status"), choices=choices(STUDY_STATUS), validators=[Optional()]
    )
    graduation_year = IntegerField(
        _l("Year of graduation (or expected)"),
        validators=[Optional(), NumberRange(1950, 2100)],
    )
    languages = FieldList(FormField(LanguageEntry), min_entries=3, max_entries=6)
    motivation = TextAreaField(
        _l("Motivation statement"), validators=[Optional(), Length(max=8000)]
    )
    cv = FileField(_l("CV (PDF)"))
    consent = BooleanField(
        _l(
            "I have read the privacy policy and agree that my data is "
            "used for the selection."
        )
    )
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit application"))

    def show_languages(self, rows: list[list[str]]) -> None:
        """Fill the language entries from the saved [language, level] rows."""
        for entry, (language, level) in zip(self.languages, rows, strict=False):
            entry.language.data, entry.level.data = language, level

    def language_rows(self) -> list[list[str]]:
        return [
            [entry.language.data.strip(), entry.level.data]
            for entry in self.languages
            if entry.language.data and entry.level.data
        ]
