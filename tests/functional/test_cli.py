"""Operator commands."""

from __future__ import annotations

import shutil

from portal.extensions import db
from portal.models import Module, User
from portal.services.users import authenticate
from tests.conftest import COURSE


def dirs(root):
    return [
        "--modules",
        str(root / "modules"),
        "--quizzes",
        str(root / "quizzes"),
        "--media",
        str(root / "content" / "media"),
    ]


def test_course_check_passes_on_fixture_course(runner):
    result = runner.invoke(args=["course", "check", *dirs(COURSE)])
    assert result.exit_code == 0, result.output
    assert "ok: 2 modules, 3 lessons, 3 quizzes" in result.output


def test_course_check_names_file_and_line(runner, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    quiz = root / "quizzes" / "basics.yaml"
    quiz.write_text(quiz.read_text().replace("kind: true_false", "kind: essay"))
    result = runner.invoke(args=["course", "check", *dirs(root)])
    assert result.exit_code == 1
    assert (
        "quizzes/basics.yaml:27: question no-treaty-definition: unknown question kind "
        "'essay'" in result.output
    )


def test_course_import_refuses_broken_package(runner, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    (root / "modules" / "01-basics" / "02-measuring.md").unlink()
    result = runner.invoke(args=["course", "import", *dirs(root)])
    assert result.exit_code == 1
    assert (
        "modules/01-basics/module.md:19: lesson file '02-measuring.md' is not in "
        "01-basics/" in result.output
    )
    assert "nothing was imported" in result.output
    assert db.session.query(Module).count() == 0


def test_course_import_twice(runner):
    first = runner.invoke(args=["course", "import", *dirs(COURSE)])
    second = runner.invoke(args=["course", "import", *dirs(COURSE)])
    assert "imported: created 2 modules, 3 lessons, 3 quizzes" in first.output
    assert second.output.strip() == "imported: no changes"


def test_users_create_and_set_password(runner, app):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Trainer@Example.org",
            "--name",
            "Nərgiz Quliyeva",
            "--role",
            "trainer",
            "--password",
            "a long password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).one()
    assert user.email == "trainer@example.org" and user.role == "trainer"
    assert user.password_hash.startswith("$argon2id$")
    result = runner.invoke(
        args=[
            "users",
            "set-password",
            "trainer@example.org",
            "--password",
            "another long password",
        ]
    )
    assert result.exit_code == 0
    assert authenticate("trainer@example.org", "another long password") is not None
    assert authenticate("trainer@example.org", "a long password") is None


def test_users_create_refuses_short_password_and_duplicates(runner, participant):
    short = runner.invoke(
        args=["users", "create", "x@example.org", "--name", "X", "--password", "short"]
    )
    assert short.exit_code != 0 and "at least 8 characters" in short.output
    duplicate = runner.invoke(
        args=[
            "users",
            "create",
            participant.email,
            "--name",
            "Y",
            "--password",
            "a long password",
        ]
    )
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
