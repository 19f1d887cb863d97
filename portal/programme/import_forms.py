"""The programme import's forms (shape only; the services check the rest)."""

from __future__ import annotations

import base64
import binascii

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.formtools import PortalForm, options


class ImportProgrammeForm(PortalForm):
    """Which programme file to preview: an uploaded one or the course package's."""

    source = RadioField(
        _l("Programme file"),
        choices=options(
            [
                ("package", _l("The course package's modules/programme.yaml")),
                ("upload", _l("A file I upload")),
            ]
        ),
        default="package",
        validators=[DataRequired()],
    )
    file = FileField(_l("Programme file (.yaml)"))


class ConfirmImportForm(PortalForm):
    """The previewed file, sent back to be applied (checked again from the start)."""

    text = HiddenField(validators=[DataRequired(), Length(max=800_000)])
    name = HiddenField(validators=[DataRequired(), Length(max=200)])

    @staticmethod
    def encode(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def source_text(self) -> str:
        return base64.b64decode(self.text.data, validate=True).decode("utf-8")

    def validate_text(self, field: HiddenField) -> None:
        try:
            self.source_text()
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise ValidationError(_l("The previewed file was damaged.")) from error
