"""``flask --app portal programme import``: a programme file into one cohort."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.extensions import db
from portal.models import Cohort
from portal.package.programme import PROGRAMME_FILE
from portal.services.programme_import import import_programme
from portal.timeutil import utcnow

programme_cli = AppGroup("programme", help="Import a cohort's programme of sessions.")


@programme_cli.command("import")
@click.option("--cohort", "cohort_name", required=True, help="The cohort's name.")
@click.option(
    "--no-mail", is_flag=True, help="Do not email the cohort about the changes."
)
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def programme_import(cohort_name, no_mail, file):
    """Add and update the cohort's sessions from FILE (default: the package's
    modules/programme.yaml); sessions the file does not name are left alone."""
    path = Path(file or Path(current_app.config["MODULES_DIR"]) / PROGRAMME_FILE)
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == cohort_name))
    if cohort is None:
        raise click.ClickException(f"no cohort named {cohort_name!r}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path}: cannot be read ({error})") from error
    plan = import_programme(
        cohort.id, text, str(path), None, utcnow(), notify=not no_mail
    )
    for problem in plan.problems:
        click.echo(f"error: {problem}", err=True)
    if plan.problems:
        click.echo(
            f"{len(plan.problems)} problem(s) found; nothing was imported.", err=True
        )
        sys.exit(1)
    counts = plan.counts()
    click.echo(
        f"{cohort.name}: {counts['added']} added, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged, {counts['left_alone']} left alone"
    )
    for row in plan.left_alone:
        click.echo(f"  left alone: {row.title} ({row.key or 'made in the browser'})")
