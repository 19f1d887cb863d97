"""Operator commands: ``flask --app portal course ...``, ``users ...``, ``setup``."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import click
import pyotp
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade

from portal.models import Cohort, Role
from portal.package import check_course
from portal.services import mfa, sessions
from portal.services import users as user_service
from portal.services.course_import import import_course
from portal.services.errors import CourseInvalid, PortalError
from portal.timeutil import utcnow

course_cli = AppGroup("course", help="Check and import the course package.")
users_cli = AppGroup("users", help="Manage accounts.")

DEMO_ACCOUNTS = (
    (
        "participant@example.org",
        "Aygün Məmmədova",
        Role.PARTICIPANT,
        "amber canyon lantern",
    ),
    ("trainer@example.org", "Rəşad Əliyev", Role.TRAINER, "copper meadow whistle"),
    ("admin@example.org", "Günel İsmayılova", Role.ADMIN, "silver falcon orchard"),
)
#: The demo staff accounts' authenticator secret (development only, in the README):
#: add it to an app, or print the current code with ``flask users demo-code``.
DEMO_MFA_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _package_dirs(modules: str | None, quizzes: str | None, media: str | None):
    config = current_app.config
    return (
        Path(modules or config["MODULES_DIR"]),
        Path(quizzes or config["QUIZZES_DIR"]),
        Path(media or config["MEDIA_DIR"]),
    )


def _check(modules, quizzes, media):
    package, problems = check_course(*_package_dirs(modules, quizzes, media))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    return package, problems


dir_options = [
    click.option(
        "--modules", type=click.Path(), help="Modules folder (default: modules/)."
    ),
    click.option(
        "--quizzes", type=click.Path(), help="Quizzes folder (default: quizzes/)."
    ),
    click.option(
        "--media", type=click.Path(), help="Media folder (default: content/media/)."
    ),
]


def with_dirs(command):
    for option in reversed(dir_options):
        command = option(command)
    return command


@course_cli.command("check")
@with_dirs
def course_check(modules, quizzes, media):
    """Validate every module and quiz; print each problem with its file and line."""
    package, problems = _check(modules, quizzes, media)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    questions = sum(len(q.questions) for q in package.quizzes)
    programme = package.programme
    click.echo(
        f"ok: {len(package.modules)} modules, "
        f"{sum(len(m.lessons) for m in package.modules)} lessons, "
        f"{len(package.quizzes)} quizzes, {questions} questions"
        + (f", programme of {len(programme.sessions)} sessions" if programme else "")
    )


@course_cli.command("import")
@with_dirs
def course_import(modules, quizzes, media):
    """Check the package and load it as the live course (keeps all progress)."""
    package, problems = _check(modules, quizzes, media)
    if problems:
        click.echo(f"{len(problems)} problem(s) found; nothing was imported.", err=True)
        sys.exit(1)
    try:
        report = import_course(package, utcnow())
    except CourseInvalid as error:  # pragma: no cover - check_course found none above
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    click.echo(f"imported: {report.counts()}")


@course_cli.command("export")
@click.argument("target", type=click.Path(file_okay=False))
def course_export(target):
    """Write the published course to TARGET as modules/, quizzes/ and media/."""
    from portal.services.export import export_course

    path = Path(target)
    if path.exists() and any(path.iterdir()):
        raise click.ClickException(f"{target} is not empty: choose a new folder")
    written = export_course(path, Path(current_app.config["MEDIA_DIR"]))
    click.echo(f"exported {written} files to {target}")


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name as it appears on certificates.")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="participant"
)
@click.password_option(
    help="At least 8 characters, not easy to guess; asked for when not given."
)
def users_create(email, name, role, password):
    """Create an account."""
    try:
        user = user_service.create_user(email, name, password, role)
    except PortalError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"created {user.role} {user.email}")


@users_cli.command("set-password")
@click.argument("email")
@click.password_option(
    help="At least 8 characters, not easy to guess; asked for when not given."
)
def users_set_password(email, password):
    """Set a new password for an account."""
    try:
        user_service.set_password(email, password)
    except PortalError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"password changed for {email}")


@users_cli.command("reset-mfa")
@click.argument("email")
def users_reset_mfa(email):
    """Remove an account's two-step sign-in (when no administrator can)."""
    from portal.emails import write_email

    user = user_service.find_user(email)
    if user is None:
        raise click.ClickException(f"no account {email}")
    try:
        mfa.reset(user.id, None, utcnow(), letters=write_email)
    except PortalError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"two-step sign-in reset for {email}; they were emailed")


@users_cli.command("demo-code")
def users_demo_code():
    """Print the current code of the demo staff accounts (development only)."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo accounts are for development only")
    click.echo(pyotp.TOTP(DEMO_MFA_SECRET).now())


@users_cli.command("sign-out")
@click.argument("email", required=False)
@click.option("--all", "everyone", is_flag=True, help="Sign every account out.")
def users_sign_out(email, everyone):
    """End every session of one account (or of all of them, with --all)."""
    if bool(email) == everyone:
        raise click.UsageError("Give an email address or --all, not both.")
    try:
        count = sessions.end_sessions_of(email, utcnow())
    except PortalError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{count} session(s) ended")


@click.command("setup")
@click.option("--demo/--no-demo", default=False, help="Create the demo accounts too.")
def setup_command(demo):
    """Migrate the database, import the course, optionally add demo accounts."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    package, problems = _check(None, None, None)
    if problems:
        click.echo(f"{len(problems)} problem(s) in the course; not imported.", err=True)
        sys.exit(1)
    click.echo(f"course: {import_course(package, utcnow()).counts()}")
    if demo:
        if current_app.config["ENV_NAME"] == "production":
            raise click.ClickException("demo accounts are for development only")
        create_demo_accounts()


def create_demo_accounts() -> None:
    """Demo people and two demo cohorts: one studying now, one taking applications."""
    from portal.extensions import db
    from portal.models import CohortStaff
    from portal.services.users import mark_verified

    now = utcnow()
    today = now.date()
    studying = _demo_cohort(
        "Demo cohort",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150),
    )
    _demo_cohort(
        "Cohort 2027 (demo call)",
        applications_open=now - timedelta(days=1),
        applications_close=now + timedelta(days=60),
        interviews_start=today + timedelta(days=65),
        interviews_end=today + timedelta(days=75),
        starts_on=today + timedelta(days=90),
        ends_on=today + timedelta(days=270),
        capacity=25,
    )
    # Staff must use two-step sign-in unless MFA_REQUIRED is off for development.
    enrol = current_app.config["MFA_REQUIRED"]
    click.echo("Demo accounts (development only):")
    for email, name, role, password in DEMO_ACCOUNTS:
        user = user_service.find_user(email)
        if user is None:
            user = user_service.create_user(
                email,
                name,
                password,
                role,
                studying.id if role == Role.PARTICIPANT else None,
            )
            mark_verified(user.id, now)
        click.echo(f"  {role:<12} {email:<26} password: {password}")
        if role != Role.PARTICIPANT and enrol and not mfa.enabled(user.id):
            mfa.enrol_with_secret(user.id, DEMO_MFA_SECRET, now)
    if enrol:
        click.echo(
            f"Staff demo accounts sign in with a code too: authenticator secret "
            f"{DEMO_MFA_SECRET}, or `flask --app portal users demo-code`."
        )
    trainer = user_service.find_user("trainer@example.org")
    for cohort in db.session.query(Cohort).all():
        for duty in ("teacher", "reviewer", "interviewer"):
            if (
                not db.session.query(CohortStaff)
                .filter_by(cohort_id=cohort.id, user_id=trainer.id, duty=duty)
                .first()
            ):
                db.session.add(
                    CohortStaff(cohort_id=cohort.id, user_id=trainer.id, duty=duty)
                )
    db.session.commit()
    from portal.devdata.programme import set_up_demo_programme

    people = [user_service.find_user(DEMO_ACCOUNTS[0][0])]
    modules_dir = Path(current_app.config["MODULES_DIR"])
    done = set_up_demo_programme(studying, modules_dir, trainer, people, now)
    click.echo(f"Demo programme: {done}")


def _demo_cohort(name: str, **fields) -> Cohort:
    from portal.extensions import db

    cohort = db.session.query(Cohort).filter_by(name=name).first()
    if cohort is None:
        cohort = Cohort(name=name, **fields)
        db.session.add(cohort)
        db.session.commit()
    return cohort


@click.command("outbox-send")
def outbox_send_command():
    """Send (or log) the emails waiting in the outbox; run it from cron if you like."""
    from portal.services.outbox import deliver_pending

    sent = deliver_pending(current_app.config, utcnow(), limit=500)
    click.echo(f"sent {sent} message(s) by SMTP")


def init_app(app: Flask) -> None:
    from portal.programme.cli import programme_cli

    app.cli.add_command(programme_cli)
    app.cli.add_command(outbox_send_command)
    app.cli.add_command(course_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(setup_command)
