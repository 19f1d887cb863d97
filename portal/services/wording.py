"""The domain's messages in the reader's language, at the edge of the domain."""

from __future__ import annotations

from flask_babel import gettext

from portal.domain.text import Message


def translated(text: str) -> str:
    """``text`` translated when the domain wrote it as a Message (its template is
    in the catalogue, marked N_), else as it is; values that are Messages too are
    translated first, so "question q1: needs a 'prompt'" comes out whole."""
    if not isinstance(text, Message):
        return text
    values = {
        key: translated(value) if isinstance(value, str) else value
        for key, value in text.params.items()
    }
    return gettext(text.template, **values)
