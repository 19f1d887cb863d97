"""The Migration School learning portal."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from portal import transport
from portal.config import DEFAULTS, DEV_SECRET, ROOT
from portal.transport import ConfigError

__all__ = ["ConfigError", "create_app"]


def _database_url(app: Flask) -> str:
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or os.environ.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = "sqlite:///" + str(Path(app.instance_path) / "portal.db")
    if url.startswith("postgres://"):  # the old scheme some hosts still hand out
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, then extensions, then blueprints, then CLI."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_mapping(DEFAULTS)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config.from_prefixed_env("PORTAL")
    app.config.update(config or {})
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app)
    if app.config["ENV_NAME"] == "production":
        secret = app.config["SECRET_KEY"]
        if not secret or secret == DEV_SECRET or len(secret) < 32:
            raise ConfigError(
                "Set SECRET_KEY to a random value of 32 characters or more "
                "before running in production."
            )
        from portal.links import base_url_problem

        if problem := base_url_problem(app.config["BASE_URL"]):
            raise ConfigError(
                f"{problem}: set BASE_URL to the portal's public address (mailed "
                "links are built from it) before running in production."
            )
    transport.configure(app)

    _init_extensions(app)
    _register_blueprints(app)
    from portal import cli, web
    from portal.devdata import cli as analytics_cli
    from portal.mfa import guard
    from portal.programme import events_cli

    web.init_app(app)
    guard.init_app(app)
    cli.init_app(app)
    analytics_cli.init_app(app)
    events_cli.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from flask import has_request_context, request, session
    from flask_babel import lazy_gettext as _l

    from portal import models  # noqa: F401 - the models must be known to the metadata
    from portal.domain.zones import known_zone
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.security import passwords, vault

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _tune_sqlite(db.engine)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    passwords.init_app(app)
    vault.init_app(app)

    def select_locale() -> str | None:
        """The language picked in the footer, else the browser's preference.

        Outside a request (the CLI, a test calling a service) there is neither, and
        a service's message is written in the default language.
        """
        if not has_request_context():
            return None
        chosen = session.get("lang")
        if chosen in app.config["LANGUAGES"]:
            return chosen
        return request.accept_languages.best_match(app.config["LANGUAGES"])

    def select_timezone() -> str | None:
        """The zone the signed-in reader chose, else the default (Asia/Baku)."""
        if not has_request_context():
            return None
        from flask_login import current_user

        chosen = getattr(current_user, "time_zone", None)
        return chosen if chosen and known_zone(chosen) else None

    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    _memoise_template_translations(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Sign in to see this page.")
    # Flashed messages are stored in the session, which takes a plain string: str()
    # renders the lazy message in the language of the request that flashes it.
    login_manager.localize_callback = str

    @login_manager.user_loader
    def load_user(session_id: str):
        """The account of a live session record (see portal.auth.sessions)."""
        from portal.auth import sessions

        return sessions.load_user(session_id)

    from portal.auth import sessions

    sessions.init_app(app)


def _tune_sqlite(engine) -> None:
    """WAL lets readers work while a quiz is being saved; NORMAL sync is safe with WAL
    and spares an fsync per commit; the busy timeout waits out a writer instead of
    failing. PostgreSQL needs none of this."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def on_connect(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _memoise_template_translations(app: Flask) -> None:
    """Look the request's catalogue up once, not on every ``_()`` in a template.

    Flask-Babel resolves domain, locale and cache for each call; a page has dozens of
    calls, which made translation the largest cost of rendering a lesson.
    """
    from flask import g
    from flask_babel import get_translations

    def translations():
        found = g.get("_portal_translations")
        if found is None:
            found = g._portal_translations = get_translations()
        return found

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
    )


def _register_blueprints(app: Flask) -> None:
    from portal.admin.views import bp as admin_bp
    from portal.admissions.views import bp as admissions_bp
    from portal.auth.views import bp as auth_bp
    from portal.authoring.views import bp as authoring_bp
    from portal.certificates.views import bp as certificates_bp
    from portal.learn.views import bp as learn_bp
    from portal.public.views import bp as public_bp
    from portal.quiz.views import bp as quiz_bp
    from portal.quiz_authoring.views import bp as quiz_authoring_bp
    from portal.selection.views import bp as selection_bp
    from portal.staff.views import bp as staff_bp

    for blueprint in (
        public_bp,
        auth_bp,
        learn_bp,
        quiz_bp,
        certificates_bp,
        staff_bp,
        admissions_bp,
        selection_bp,
        admin_bp,
        authoring_bp,
        quiz_authoring_bp,
    ):
        app.register_blueprint(blueprint)

    from portal.account.views import bp as account_bp
    from portal.analytics.views import bp as analytics_bp
    from portal.people.views import bp as people_bp

    app.register_blueprint(analytics_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(account_bp)

    from portal.mfa.views import bp as mfa_bp

    app.register_blueprint(mfa_bp)

    from portal.announcements.views import bp as announcements_bp
    from portal.attendance.views import bp as attendance_bp
    from portal.programme.views import bp as programme_bp

    app.register_blueprint(programme_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(announcements_bp)
