"""Helpers shared by the WTForms forms."""

from collections.abc import Iterable, Mapping

from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import EmailField, Form, SelectChoice
from wtforms.validators import DataRequired, Email, Length

from portal.services.errors import FormInvalid


class FormTranslations:
    """WTForms' own messages ("This field is required.") in the page's language.

    WTForms ships Russian but no Azerbaijani, so the portal's catalogue carries them
    (listed in portal/form_messages.py) and is asked first; WTForms' catalogue
    answers for anything ours lacks.
    """

    def gettext(self, string: str) -> str:
        ours = get_translations().ugettext(string)
        return ours if ours != string else wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = get_translations().ungettext(singular, plural, n)
        if ours not in (singular, plural):
            return ours
        return wtforms_translations.ngettext(singular, plural, n)


class PortalForm(FlaskForm):
    """The portal's forms: Flask-WTF's CSRF, and validator messages translated."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return FormTranslations()


def email_field(label: str, **kwargs) -> EmailField:
    """Every form's email address: required, at most 254 characters, and a real
    address by email-validator's syntax rules (no DNS look-up), which refuses line
    breaks and other header tricks before anything reaches a mail header."""
    return EmailField(
        label,
        validators=[
            DataRequired(),
            Length(max=254),
            Email(
                _l("Enter an email address like name@example.org."),
                check_deliverability=False,
            ),
        ],
        **kwargs,
    )


def options(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Choices for a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def apply_errors(form: Form, error: FormInvalid) -> None:
    """Show a service's rule breaks beside the fields they name; a message for a
    field the form does not have goes to the top of the form."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        (field.errors if field is not None else form.form_errors).append(message)


def bounded_number(raw: str | None, low: int, high: int) -> int | None:
    """A whole number from a query string, clamped to [low, high]; None if absent
    or not a number."""
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return min(max(value, low), high)


def page_number(args: Mapping[str, str]) -> int:
    """The ``?page=`` of a listing: 1 unless a sensible page number was asked."""
    return bounded_number(args.get("page"), 1, 100_000) or 1
