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


def test_course_check_stays_english_for_parse_problems(runner, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    (root / "quizzes" / "basics.yaml").write_text("slug: basics\nintro: a: b\n")
    lesson = root / "modules" / "01-basics" / "02-measuring.md"
    lesson.write_text("---\ntitle: &t Measuring\n---\nText\n")
    result = runner.invoke(args=["course", "check", *dirs(root)], env={"LANG": "az"})
    assert result.exit_code == 1
    assert (
        "quizzes/basics.yaml:2: the YAML cannot be read: a ': ' is not allowed here"
        in result.output
    )
    assert (
        "modules/01-basics/02-measuring.md:2: YAML anchors (&) and aliases (*) are "
        "not allowed" in result.output
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


def test_demo_accounts_are_made_with_confirmed_addresses(app):
    from portal.cli import create_demo_accounts

    create_demo_accounts()
    demo = db.session.query(User).order_by(User.email).all()
    assert [u.email for u in demo] == [
        "admin@example.org",
        "participant@example.org",
        "trainer@example.org",
    ]
    assert all(u.email_verified_at is not None for u in demo)
