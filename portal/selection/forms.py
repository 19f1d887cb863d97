"""Forms of the selection pages."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.domain.selection import CRITERIA
from portal.formtools import PortalForm, options
from portal.labels import CRITERIA as CRITERION_LABELS


class NoteForm(PortalForm):
    body = TextAreaField(
        _l("Note for the selection panel"),
        validators=[DataRequired(), Length(max=4000)],
    )


class ScreenForm(PortalForm):
    target = SelectField(
        _l("Decision"),
        choices=options(
            [
                ("shortlisted", _l("Short-list for interview")),
                ("on_hold", _l("Hold")),
                ("rejected", _l("Reject")),
            ]
        ),
    )
    note = TextAreaField(
        _l("Reason (recorded in the history)"),
        validators=[Optional(), Length(max=2000)],
    )


class DecisionForm(PortalForm):
    decision = SelectField(
        _l("Decision"),
        choices=options(
            [
                ("admitted", _l("Admit")),
                ("waitlisted", _l("Waiting list")),
                ("rejected", _l("Reject")),
            ]
        ),
    )
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class SlotForm(PortalForm):
    starts_at = DateTimeLocalField(_l("Starts at"), validators=[DataRequired()])
    minutes = IntegerField(
        _l("Minutes"), default=30, validators=[DataRequired(), NumberRange(5, 240)]
    )
    location = StringField(
        _l("Room or video link"), validators=[DataRequired(), Length(max=300)]
    )


def score_form_class():
    """One 1-5 choice and one comment per criterion."""

    class ScoreForm(PortalForm):
        save = SubmitField(_l("Save draft"))
        submit = SubmitField(_l("Submit (final)"))

        def scores(self) -> dict[str, int]:
            """The criteria given a score; unscored ones are left out."""
            return {
                c: int(self[f"score_{c}"].data)
                for c in CRITERIA
                if self[f"score_{c}"].data
            }

        def comments(self) -> dict[str, str]:
            return {c: self[f"comment_{c}"].data or "" for c in CRITERIA}

        def show_errors(self, errors: dict[str, str]) -> None:
            """Put a service's per-criterion messages beside the criterion's score."""
            for criterion, message in errors.items():
                self[f"score_{criterion}"].errors.append(message)

    for criterion in CRITERIA:
        setattr(
            ScoreForm,
            f"score_{criterion}",
            SelectField(
                CRITERION_LABELS[criterion],
                choices=options([("", "–")] + [(str(i), str(i)) for i in range(1, 6)]),
                validators=[Optional()],
            ),
        )
        setattr(
            ScoreForm,
            f"comment_{criterion}",
            TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)]),
        )
    return ScoreForm


def rubric_form_class():
    class RubricForm(PortalForm):
        pass

    for criterion in CRITERIA:
        for level in range(1, 6):
            setattr(
                RubricForm,
                f"{criterion}_{level}",
                TextAreaField(
                    f"{CRITERION_LABELS[criterion]} – {level}",
                    validators=[DataRequired(), Length(max=1000)],
                ),
            )
    return RubricForm
