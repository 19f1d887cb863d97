"""portal/domain/ stays pure: no web framework, no ORM, no request globals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "portal" / "domain"
FORBIDDEN = ("flask", "sqlalchemy", "werkzeug")


def forbidden_imports(source: str) -> list[str]:
    """Every imported module name in ``source`` that belongs to the web or DB layer."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return [
        name
        for name in names
        if name.split(".")[0] in FORBIDDEN or name.split(".")[0].startswith("flask_")
    ]


def test_the_domain_package_has_modules():
    names = {path.name for path in DOMAIN.glob("*.py")}
    assert {
        "questions.py",
        "grading.py",
        "progress.py",
        "certificates.py",
        "course.py",
    } <= names


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_no_web_or_database_code(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == []


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
        ("import re\nfrom dataclasses import dataclass", []),
        ("from portal.domain.text import slugify", []),
        ("from . import text", []),
        ("import flasky_thing", []),
        ("x = 'import flask'", []),
    ],
)
def test_the_import_detector(source, found):
    assert forbidden_imports(source) == found
