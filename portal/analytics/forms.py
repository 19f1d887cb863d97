"""Analytics forms: dashboard filters (a GET query) and certificate actions."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.domain.progress import Status
from portal.formtools import PortalForm, bounded_number
from portal.reports.dashboard import OVERALL, SORTS, DashboardFilters


def dashboard_filters(args: Mapping[str, str]) -> DashboardFilters:
    """Read the dashboard's query string; unknown values fall back to "any"."""
    module_status = args.get("module_status", "")
    return DashboardFilters(
        q=args.get("q", "")[:100],
        status=args.get("status", "") if args.get("status") in OVERALL else "",
        module=args.get("module", "")[:100],
        module_status=module_status if module_status in set(Status) else "",
        inactive_days=bounded_number(args.get("inactive"), 0, 3650),
        sort=args.get("sort", "name") if args.get("sort") in SORTS else "name",
        descending=args.get("dir") == "desc",
    )


class RevokeForm(PortalForm):
    reason = TextAreaField(
        _l("Reason for revoking"), validators=[DataRequired(), Length(max=1000)]
    )


class ReissueForm(PortalForm):
    full_name = StringField(
        _l("Name as it must appear"), validators=[DataRequired(), Length(max=200)]
    )
