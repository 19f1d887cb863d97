"""The layers stay where the folders say: a pure domain, services that take what they
need as arguments, and views that neither query nor commit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"
DOMAIN = PORTAL / "domain"
#: Where use cases and read-only reports live: below the web layer.
SERVICE_FOLDERS = ("services", "reports")
#: Not application code (generated, or measuring tools).
NOT_LAYERED = ("migrations",)

WEB_OR_DATABASE = ("flask", "sqlalchemy", "werkzeug")
#: The web layer's state: a service gets these as arguments instead.
REQUEST_STATE = {
    "flask": {
        "request",
        "session",
        "g",
        "current_app",
        "render_template",
        "render_template_string",
    },
    "flask_login": {"current_user"},
}
#: What a view leaves to a service: running queries and committing.
#: The house's sizes: modules of about 300 lines, views of about 25.
MODULE_LINES = 320
VIEW_LINES = 25
DATABASE_WORK = {"select", "insert", "update", "delete", "text"}
SESSION_WORK = {"commit", "flush", "execute", "scalar", "scalars", "rollback"}


def _modules(node: ast.AST) -> list[tuple[str, list[str]]]:
    """Every import in ``node``: (module, names imported from it)."""
    found = []
    for item in ast.walk(node):
        if isinstance(item, ast.Import):
            found += [(alias.name, []) for alias in item.names]
        elif isinstance(item, ast.ImportFrom) and item.module and item.level == 0:
            found.append((item.module, [alias.name for alias in item.names]))
    return found


def forbidden_imports(source: str) -> list[str]:
    """Imports a domain module may not have: the web or database layer, or any part
    of the portal outside the domain (models, extensions, services)."""
    names = [module for module, _ in _modules(ast.parse(source))]
    return [
        name
        for name in names
        if name.split(".")[0] in WEB_OR_DATABASE
        or name.split(".")[0].startswith("flask_")
        or (name.split(".")[0] == "portal" and not name.startswith("portal.domain"))
    ]


def request_state_used(source: str) -> list[str]:
    """Web-layer state a service module reaches for (``flask.request``, ...)."""
    tree = ast.parse(source)
    used = []
    for module, names in _modules(tree):
        top = module.split(".")[0]
        if module == "flask" and not names:  # import flask: then flask.request
            used += [
                f"flask.{node.attr}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "flask"
                and node.attr in REQUEST_STATE["flask"]
            ]
        used += [
            f"{top}.{name}" for name in names if name in REQUEST_STATE.get(top, ())
        ]
    return used


def database_work(source: str) -> list[str]:
    """Queries and commits written in a module of views."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "session":
            if isinstance(node.value, ast.Name) and node.value.id == "db":
                found.append("db.session")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else None
            method = func.attr if isinstance(func, ast.Attribute) else None
            owner = func.value.id if method and isinstance(func.value, ast.Name) else ""
            if name in DATABASE_WORK:
                found.append(f"{name}()")
            elif method in DATABASE_WORK and owner in ("sa", "sqlalchemy"):
                found.append(f"{owner}.{method}()")
            elif method in SESSION_WORK:
                found.append(f".{method}()")
    return found


def _is_view_module(source: str) -> bool:
    """A module that defines routes (``@bp.route``) or creates a blueprint."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "Blueprint":
                return True
            if isinstance(func, ast.Attribute) and func.attr == "route":
                return True
    return False


def _code(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*.py")
        if not set(NOT_LAYERED) & set(path.relative_to(PORTAL).parts)
    )


SERVICE_MODULES = [p for name in SERVICE_FOLDERS for p in _code(PORTAL / name)]
VIEW_MODULES = [
    p for p in _code(PORTAL) if _is_view_module(p.read_text(encoding="utf-8"))
]


def _name(path: Path) -> str:
    return str(path.relative_to(PORTAL))


def test_each_layer_has_modules():
    assert {"questions.py", "grading.py", "progress.py", "certificates.py"} <= {
        path.name for path in DOMAIN.glob("*.py")
    }
    assert len(SERVICE_MODULES) > 10
    assert {"learn/views.py", "quiz/views.py", "auth/views.py"} <= {
        _name(path) for path in VIEW_MODULES
    }


@pytest.mark.parametrize("path", _code(DOMAIN), ids=_name)
def test_domain_module_imports_no_web_database_or_portal_code(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=_name)
def test_service_module_reads_no_request_state(path):
    assert request_state_used(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", VIEW_MODULES, ids=_name)
def test_view_module_runs_no_query_and_commits_nothing(path):
    assert database_work(path.read_text(encoding="utf-8")) == []


def long_views(source: str) -> list[str]:
    """Route functions longer than the house's ~25 lines, with their length."""
    return [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef)
        and node.end_lineno - node.lineno + 1 > VIEW_LINES
        and any(
            isinstance(d, ast.Call)
            and isinstance(d.func, ast.Attribute)
            and d.func.attr == "route"
            for d in node.decorator_list
        )
    ]


@pytest.mark.parametrize("path", _code(PORTAL), ids=_name)
def test_module_stays_small_enough_to_read(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MODULE_LINES


@pytest.mark.parametrize("path", VIEW_MODULES, ids=_name)
def test_views_stay_thin(path):
    assert long_views(path.read_text(encoding="utf-8")) == []


def test_the_long_view_detector():
    short = "@bp.route('/')\ndef index():\n" + "    x = 1\n" * 3
    long = "@bp.route('/')\ndef index():\n" + "    x = 1\n" * VIEW_LINES
    helper = "def _helper():\n" + "    x = 1\n" * VIEW_LINES
    assert long_views(short) == [] and long_views(helper) == []
    assert long_views(long) == [f"index: {VIEW_LINES + 1} lines"]


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import flask", ["flask"]),
        ("from flask import request", ["flask"]),
        ("import flask_login", ["flask_login"]),
        ("from flask_sqlalchemy import SQLAlchemy", ["flask_sqlalchemy"]),
        ("import sqlalchemy.orm as orm", ["sqlalchemy.orm"]),
        ("from sqlalchemy import select", ["sqlalchemy"]),
        ("from werkzeug.exceptions import NotFound", ["werkzeug.exceptions"]),
        ("def f():\n    import flask\n", ["flask"]),
        ("if True:\n    from flask_babel import gettext\n", ["flask_babel"]),
        ("import os, flask", ["flask"]),
        ("from portal.models import User", ["portal.models"]),
        ("from portal.extensions import db", ["portal.extensions"]),
        ("from portal.services import quizzes", ["portal.services"]),
        ("import portal.services.quizzes", ["portal.services.quizzes"]),
        ("import re\nfrom dataclasses import dataclass", []),
        ("from portal.domain.text import slugify", []),
        ("from . import text", []),
        ("import flasky_thing", []),
        ("x = 'import flask'", []),
    ],
)
def test_the_domain_import_detector(source, found):
    assert forbidden_imports(source) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from flask import current_app", ["flask.current_app"]),
        ("from flask import render_template, Response", ["flask.render_template"]),
        (
            "from flask import request, session, g",
            ["flask.request", "flask.session", "flask.g"],
        ),
        ("from flask_login import current_user", ["flask_login.current_user"]),
        ("import flask\nflask.request.args", ["flask.request"]),
        ("import flask\nx = flask.Response", []),
        ("from flask_babel import gettext as _", []),
        ("from flask import Response", []),
        ("from portal.web import request", []),
    ],
)
def test_the_request_state_detector(source, found):
    assert request_state_used(source) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("db.session.add(x)", ["db.session"]),
        (
            "rows = db.session.scalars(select(User))",
            ["db.session", ".scalars()", "select()"],
        ),
        ("session.commit()", [".commit()"]),
        ("sa.select(User)", ["sa.select()"]),
        ("changes.update(more)", []),
        ("connection.execute(text('x'))", [".execute()", "text()"]),
        ("service.save(form.data)", []),
        ("form.select_field.data", []),
    ],
)
def test_the_database_work_detector(source, found):
    assert sorted(database_work(source)) == sorted(found)


@pytest.mark.parametrize(
    ("source", "is_view"),
    [
        ('bp = Blueprint("x", __name__)', True),
        ("@bp.route('/')\ndef index():\n    pass", True),
        ("def helper():\n    return 1", False),
    ],
)
def test_view_modules_are_told_by_their_routes(source, is_view):
    assert _is_view_module(source) is is_view
