"""Helpers shared by the WTForms forms."""

from collections.abc import Iterable, Mapping

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
