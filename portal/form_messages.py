"""WTForms' built-in messages the portal's forms can show, listed for extraction.

WTForms ships no Azerbaijani catalogue, so `make messages` copies these msgids into
the portal's own catalogues and `formtools.FormTranslations` reads them from there.
Nothing calls these functions at run time; they only mark the text.
"""


def N_(message: str) -> str:
    """Marks a message for extraction; WTForms translates it when it is shown."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural for extraction (Babel's ``ngettext`` keyword)."""
    return singular, plural


MESSAGES = (
    N_("This field is required."),
    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
    ),
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
    ),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be equal to %(other_name)s."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Not a valid integer value."),
    N_("Not a valid date value."),
    N_("Not a valid datetime value."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    ngettext(
        "'%(value)s' is not a valid choice for this field.",
        "'%(value)s' are not valid choices for this field.",
    ),
)
