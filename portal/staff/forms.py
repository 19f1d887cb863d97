"""Staff forms: granting a quiz override to a participant or a whole cohort."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from portal.domain.overrides import Grant
from portal.formtools import PortalForm, options
from portal.reports.overrides import OverridePage

COHORT = "cohort"  # the "who" choice that means everyone in the cohort


class OverrideForm(PortalForm):
    who = SelectField(_l("For"))
    extra_attempts = IntegerField(
        _l("Extra attempts"), validators=[Optional(), NumberRange(min=1, max=20)]
    )
    time_limit = IntegerField(
        _l("Time limit in minutes"),
        validators=[Optional(), NumberRange(min=1, max=24 * 60)],
    )
    closes_at = DateTimeLocalField(
        _l("No attempt may start after (UTC)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )

    @classmethod
    def for_page(cls, page: OverridePage, who: str = "") -> OverrideForm:
        """The form with the cohort and its participants to choose from."""
        form = cls(who=who or COHORT)
        everyone = _l("Everyone in %(c)s", c=page.cohort.name)
        people = [(str(row.user.id), row.user.full_name) for row in page.rows]
        form.who.choices = options([(COHORT, everyone), *people])
        return form

    def grant(self) -> Grant:
        return Grant(
            self.extra_attempts.data, self.time_limit.data, self.closes_at.data
        )

    def target(self) -> dict[str, int]:
        """The keyword naming who the override is for, as grant_override takes it."""
        if self.who.data == COHORT:
            return {}
        return {"user_id": int(self.who.data)}
