"""Forms of the programme pages: a session, cancelling one, a speaker."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal import labels
from portal.domain.programme import SessionValues
from portal.domain.zones import DEFAULT_ZONE, zone_names
from portal.formtools import PortalForm, apply_errors, options
from portal.services.errors import FormInvalid
from portal.services.speakers import SpeakerData

#: The name of a speaker's position box on the session form, before its id.
POSITION = "speaker-position-"


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes; the order of the choices
    is the order the browser sends back."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(PortalForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Description (Markdown)"),
        validators=[Optional(), Length(max=20_000)],
        render_kw={"rows": 8},
    )
    starts_on = DateField(_l("Date"), validators=[InputRequired()])
    start_time = TimeField(_l("Starts at"), validators=[InputRequired()])
    end_time = TimeField(_l("Ends at"), validators=[InputRequired()])
    ends_on = DateField(
        _l("End date (if it runs over several days)"), validators=[Optional()]
    )
    time_zone = SelectField(
        _l("Time zone it is held in"), default=DEFAULT_ZONE, validators=[DataRequired()]
    )
    room = StringField(_l("Room"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    online_url = StringField(
        _l("Online link"), validators=[Optional(), Length(max=500)]
    )
    capacity = IntegerField(
        _l("Places (empty: no limit)"), validators=[Optional(), NumberRange(1, 10_000)]
    )
    required = BooleanField(
        _l("Required: attendance counts towards the certificate"), default=True
    )
    speakers = CheckboxesField(_l("Speakers"), coerce=int)
    modules = CheckboxesField(_l("Linked modules"))

    #: Where the domain's problems about the times are shown.
    ERROR_FIELDS = {"ends": "end_time", "starts": "start_time"}

    def offer(self, speakers: Iterable, modules: Iterable[tuple[str, str]]) -> None:
        """The choices: kinds, zones, ``speakers`` (in the order given) and
        ``modules`` as (slug, title)."""
        self.kind.choices = options(labels.KINDS.items())
        self.time_zone.choices = options((name, name) for name in zone_names())
        self.speakers.choices = options(
            (s.id, ", ".join(filter(None, (s.name, s.role, s.organisation))))
            for s in speakers
        )
        self.modules.choices = options(modules)

    def show(self, values: SessionValues) -> None:
        """Fill the form from a stored session (times on its zone's wall clock)."""
        for name in (
            "kind",
            "title",
            "description",
            "time_zone",
            "room",
            "address",
            "online_url",
            "capacity",
            "required",
        ):
            getattr(self, name).data = getattr(values, name)
        self.starts_on.data, self.start_time.data = values.starts.date(), values.starts
        self.end_time.data = values.ends
        if values.ends.date() != values.starts.date():
            self.ends_on.data = values.ends.date()
        self.speakers.data = list(values.speaker_ids)
        self.modules.data = list(values.module_slugs)

    def values(self) -> SessionValues:
        """The session as written, for the service to check and save."""
        ends_on = self.ends_on.data or self.starts_on.data
        return SessionValues(
            kind=self.kind.data,
            title=self.title.data.strip(),
            starts=datetime.combine(self.starts_on.data, self.start_time.data),
            ends=datetime.combine(ends_on, self.end_time.data),
            time_zone=self.time_zone.data,
            description=self.description.data or "",
            room=self.room.data or "",
            address=self.address.data or "",
            online_url=self.online_url.data or "",
            capacity=self.capacity.data,
            required=bool(self.required.data),
            speaker_ids=self.speaker_order(),
            module_slugs=tuple(self.modules.data or ()),
        )

    def speaker_order(self) -> tuple[int, ...]:
        """The chosen speakers in the order their position boxes give (1, 2, 3…);
        a speaker without a position keeps its place in the list, after them."""
        chosen = list(self.speakers.data or ())

        def position(speaker_id: int) -> tuple[int, int]:
            raw = request.form.get(f"{POSITION}{speaker_id}", "").strip()
            given = int(raw) if raw.isdigit() and len(raw) < 4 else 10_000
            return given, chosen.index(speaker_id)

        return tuple(sorted(chosen, key=position))

    def show_errors(self, error: FormInvalid) -> None:
        """A service's rule breaks beside the fields the person wrote."""
        apply_errors(
            self,
            FormInvalid(
                {self.ERROR_FIELDS.get(k, k): v for k, v in error.errors.items()}
            ),
        )


class CancelForm(PortalForm):
    reason = TextAreaField(
        _l("Why is it cancelled? (shown to the cohort)"),
        validators=[DataRequired(), Length(max=500)],
    )


class SpeakerForm(PortalForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = StringField(_l("Role or position"), validators=[Optional(), Length(max=200)])
    organisation = StringField(
        _l("Organisation"), validators=[Optional(), Length(max=200)]
    )

    def values(self) -> SpeakerData:
        return SpeakerData(
            self.name.data or "", self.organisation.data or "", self.role.data or ""
        )

    def show_errors(self, error: FormInvalid) -> None:
        apply_errors(self, error)


def saved(form: SessionForm | SpeakerForm, save: Callable[[Any], Any]) -> Any:
    """What ``save(form.values())`` returns if the form is valid and the service
    accepts it; else None, with the service's rule breaks beside the fields (and
    nothing saved)."""
    if not form.validate_on_submit():
        return None
    try:
        return save(form.values())
    except FormInvalid as error:
        form.show_errors(error)
        return None
