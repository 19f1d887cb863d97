"""The programme calendar: a participant's cohort's sessions, or every cohort a
staff member teaches, as a list (upcoming first) or a month; and the course
home's "next sessions" box."""

from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.calendar_grid import agenda, month_grid
from portal.domain.zones import in_zone
from portal.programme.blueprint import bp
from portal.programme.calendar_filters import calendar_query
from portal.programme.display import reader_zone
from portal.reports import programme as programme_reports
from portal.timeutil import utcnow
from portal.web import study_required


@bp.route("/")
@study_required
def calendar():
    zone_name, now = reader_zone(), utcnow()
    query = calendar_query(request.args, in_zone(now, zone_name).date())
    if query.bad_month:
        flash(_("That month could not be read, so this month is shown."), "error")
    found = programme_reports.calendar_for(current_user, query.filters(zone_name))
    if query.view == "month":
        shown = month_grid(query.month, found.sessions, zone_name)
    else:
        shown = agenda(found.sessions, now, zone_name)
    return render_template(
        "programme/calendar.html",
        query=query,
        calendar=found,
        shown=shown,
        today=in_zone(now, zone_name).date(),
        staff=current_user.is_staff,
    )


@bp.app_template_global()
def next_sessions():
    """The next few sessions for the signed-in reader (the course home's box)."""
    return programme_reports.next_sessions(current_user, utcnow())
