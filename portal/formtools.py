"""Helpers shared by the WTForms forms."""

from collections.abc import Iterable

from wtforms import Form, SelectChoice

from portal.services.errors import FormInvalid


def options(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Choices for a select field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def apply_errors(form: Form, error: FormInvalid) -> None:
    """Show a service's rule breaks beside the fields they name; a message for a
    field the form does not have goes to the top of the form."""
    for name, message in error.errors.items():
        field = form._fields.get(name)
        (field.errors if field is not None else form.form_errors).append(message)
