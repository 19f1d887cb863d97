"""Calendar files: a session's .ics download, the private feed calendar
applications subscribe to, and the page where a person makes or turns it off."""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal.domain.access import Role
from portal.extensions import limiter
from portal.ical import MEDIA_TYPE
from portal.links import absolute_url, session_page_url
from portal.programme.blueprint import bp
from portal.services import calendar_feed
from portal.services.link_tokens import token_digest
from portal.timeutil import utcnow
from portal.web import asks_first, role_required


def _calendar(body: bytes, filename: str, disposition: str) -> Response:
    response = Response(body, mimetype=MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@bp.route("/sessions/<int:session_id>.ics")
@login_required
def session_ics(session_id: int):
    session, body = calendar_feed.session_calendar(
        session_id, current_user, utcnow(), session_page_url
    )
    return _calendar(body, f"session-{session.id}.ics", "attachment")


def _feed_missed(response) -> bool:
    """Only unknown tokens count towards the per-address limit: many people's
    calendars are fetched from one provider's addresses."""
    return response.status_code == 404


def _per_feed() -> str:
    """Key for the limit per feed: the token's hash (never the token itself)."""
    return "calendar-feed:" + token_digest(str(request.view_args.get("token", "")))


@bp.route("/feed/<token>.ics")
@limiter.limit(
    lambda: current_app.config["CALENDAR_FEED_MISS_LIMIT"], deduct_when=_feed_missed
)
@limiter.limit(
    lambda: current_app.config["CALENDAR_FEED_RATE_LIMIT"], key_func=_per_feed
)
def feed(token: str):
    body = calendar_feed.feed_calendar(
        token, utcnow(), session_page_url, current_app.config["PROGRAMME_NAME"]
    )
    response = _calendar(body, "migration-school.ics", "inline")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


FEED_ROLES = (Role.PARTICIPANT, Role.TRAINER, Role.ADMIN)


def _has_feed() -> bool:
    return calendar_feed.current_feed(current_user) is not None


def _page(new_url: str | None = None):
    return render_template(
        "programme/calendar_feed.html",
        feed=calendar_feed.current_feed(current_user),
        new_url=new_url,
    )


@bp.route("/calendar-feed")
@role_required(*FEED_ROLES)
def calendar_feed_page():
    return _page()


@bp.route("/calendar-feed", methods=["POST"])
@role_required(*FEED_ROLES)
@asks_first(
    _l("Make a new calendar address?"),
    _l(
        "The address you have now stops working: calendars subscribed to it stop "
        "showing the programme until you subscribe them to the new one."
    ),
    _l("Make a new address"),
    lambda: url_for("programme.calendar_feed_page"),
    when=_has_feed,
)
def create_calendar_feed():
    token = calendar_feed.create_feed(current_user, utcnow())
    return _page(absolute_url("programme.feed", token=token))


@bp.route("/calendar-feed/off", methods=["POST"])
@role_required(*FEED_ROLES)
@asks_first(
    _l("Turn your calendar feed off?"),
    _l(
        "Calendars subscribed to it stop showing the programme. You can make a new "
        "address later, but you would have to subscribe again."
    ),
    _l("Turn the feed off"),
    lambda: url_for("programme.calendar_feed_page"),
)
def revoke_calendar_feed():
    if calendar_feed.revoke_feed(current_user, utcnow()):
        flash(_("Your calendar feed is off. Its address no longer works."), "success")
    return redirect(url_for("programme.calendar_feed_page"))
