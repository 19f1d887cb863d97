"""``flask --app portal events ...``: the programme's scheduled jobs, which an
operator runs from cron (docs/calendar-feeds.md)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal.timeutil import utcnow

events_cli = AppGroup("events", help="The programme's sessions and events.")


@events_cli.command("remind")
def remind_command():
    """Email the day-before reminders: every scheduled session starting within
    24 hours that has not been reminded yet. Run it hourly; twice sends nothing."""
    from portal.domain.zones import in_zone
    from portal.emails import write_email
    from portal.services.outbox import deliver_pending
    from portal.services.reminders import send_reminders

    done = send_reminders(utcnow(), letters=write_email)
    for item in done:
        starts = in_zone(item.starts_at, item.time_zone)
        click.echo(
            f"reminded: {item.title} (starts {starts:%Y-%m-%d %H:%M} "
            f"{item.time_zone}): {item.letters} letter(s)"
        )
    click.echo(
        f"{len(done)} session(s) reminded, "
        f"{sum(item.letters for item in done)} letter(s) queued"
    )
    if done:
        sent = deliver_pending(current_app.config, utcnow(), limit=500)
        click.echo(f"sent {sent} message(s) by SMTP")


def init_app(app: Flask) -> None:
    app.cli.add_command(events_cli)
