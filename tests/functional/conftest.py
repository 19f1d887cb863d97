"""Helpers for driving quizzes through the web pages."""

from __future__ import annotations

import re

import pytest

from portal.domain.questions import correct_values, kind_of
from portal.extensions import db
from portal.models import QuizAttempt


def correct_form(attempt: QuizAttempt) -> dict[str, list[str]]:
    """The form values a participant who knows every answer would send.

    Typed answers are sent shouted and padded, as a participant might type them.
    """
    bank = attempt.revision.bank
    form: dict[str, list[str]] = {}
    for entry in attempt.layout:
        question = bank[entry["id"]]
        values = correct_values(question, entry.get("order", []))
        if kind_of(question).typed:
            values = {k: [f"  {v.upper()} " for v in got] for k, got in values.items()}
        form.update(values)
    return form


def attempt_id_from(response) -> int:
    found = re.search(r"/attempts/(\d+)", response.headers.get("Location", ""))
    assert found, response.headers
    return int(found.group(1))


def submit_confirmed(browser, attempt_id: int, data: dict):
    """Submit as the pages do: the sheet first (saved, then summarised), then the
    confirmation step, which grades what was saved."""
    summary = browser.post(f"/attempts/{attempt_id}", {**data, "sheet": "1"})
    assert summary.status_code == 200, summary.get_data(as_text=True)
    assert "Check before submitting" in summary.get_data(as_text=True)
    return browser.post(f"/attempts/{attempt_id}", {"confirmed": "yes"})


@pytest.fixture
def take_quiz(browser):
    """Start (or resume) a quiz and submit it: all answers right, or none given."""

    def take(slug: str, correct: bool = True):
        started = browser.post(f"/quizzes/{slug}/start")
        assert started.status_code == 302, started.get_data(as_text=True)
        attempt_id = attempt_id_from(started)
        browser.get(f"/attempts/{attempt_id}")
        attempt = db.session.get(QuizAttempt, attempt_id)
        data = correct_form(attempt) if correct else {}
        response = submit_confirmed(browser, attempt_id, data)
        db.session.expire_all()
        return attempt_id, response

    return take


def complete_module(browser, module: str, lessons: list[str]):
    for lesson in lessons:
        response = browser.post(f"/modules/{module}/{lesson}/complete")
        assert response.status_code == 302


def pass_the_course(browser, take_quiz) -> None:
    """Every lesson and quiz of the test course and its final assessment, passed by
    whoever ``browser`` is signed in as."""
    complete_module(browser, "basics", ["who-is-a-migrant", "measuring"])
    take_quiz("basics")
    complete_module(browser, "protection", ["refugees"])
    take_quiz("protection")
    take_quiz("final")
