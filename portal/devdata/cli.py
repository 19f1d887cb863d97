"""``flask --app portal analytics``: a large data set for the benchmark, and the
progress summaries the dashboards read."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import AppGroup

from portal.timeutil import utcnow

analytics_cli = AppGroup("analytics", help="Analytics data sets and summaries.")


@analytics_cli.command("generate")
@click.option("--participants", default=5000, show_default=True)
@click.option("--modules", default=12, show_default=True)
@click.option("--attempts", default=100_000, show_default=True)
@click.option("--lessons", default=3, show_default=True, help="Lessons per module.")
@click.option("--seed", default=7, show_default=True)
@click.option("--yes", is_flag=True, help="Do not ask before replacing the course.")
def generate_command(participants, modules, attempts, lessons, seed, yes):
    """Import a generated course (it REPLACES the live course: use a scratch
    database) and a cohort with participants, lessons done and quiz attempts."""
    from portal.devdata.generator import PASSWORD, generate

    if not yes:
        click.confirm(
            "This replaces the live course with a generated one. Continue?",
            abort=True,
        )
    began = time.perf_counter()
    made = generate(participants, modules, attempts, utcnow(), lessons, seed)
    click.echo(
        f"cohort {made.cohort_id}: {made.participants} participants, "
        f"{made.lessons} lessons done, {made.attempts} attempts "
        f"in {time.perf_counter() - began:.1f} s "
        f"(participants sign in with password {PASSWORD!r}); "
        f"dashboard: /analytics/cohorts/{made.cohort_id}"
    )


@analytics_cli.command("summaries")
def summaries_command():
    """Recompute every participant's progress summary from their lessons and
    attempts (after rows were changed by hand; services keep them in step)."""
    from sqlalchemy import select

    from portal.models import Role, User
    from portal.services import progress_summary

    began = time.perf_counter()
    count = progress_summary.rebuild(
        select(User.id).where(User.role == Role.PARTICIPANT)
    )
    click.echo(
        f"{count} progress summaries recomputed in {time.perf_counter() - began:.1f} s"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(analytics_cli)
