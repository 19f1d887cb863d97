"""Helpers for driving quizzes through the web pages."""

from __future__ import annotations

import re

import pytest

from portal.extensions import db
from portal.models import QuizAttempt


def correct_form(attempt: QuizAttempt) -> dict[str, list[str]]:
    """The form values a participant who knows every answer would send."""
    bank = attempt.revision.bank
    form: dict[str, list[str]] = {}
    for entry in attempt.layout:
        question = bank[entry["id"]]
        name = f"q-{question['id']}"
        order = entry.get("order", [])
        kind = question["kind"]
        if kind in ("single", "multiple"):
            form[name] = [
                str(pos)
                for pos, orig in enumerate(order)
                if question["options"][orig].get("correct")
            ]
        elif kind == "true_false":
            form[name] = ["true" if question["answer"] else "false"]
        elif kind == "short_text":
            form[name] = [f"  {str(question['answers'][0]).upper()} "]
        elif kind == "numeric":
            form[name] = [str(question["answer"])]
        elif kind == "ordering":
            for pos, orig in enumerate(order):
                form[f"{name}-{pos}"] = [str(orig + 1)]
        elif kind == "matching":
            for left in range(len(question["pairs"])):
                form[f"{name}-{left}"] = [str(order.index(left))]
    return form


def attempt_id_from(response) -> int:
    found = re.search(r"/attempts/(\d+)", response.headers.get("Location", ""))
    assert found, response.headers
    return int(found.group(1))


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
        response = browser.post(f"/attempts/{attempt_id}", data)
        db.session.expire_all()
        return attempt_id, response

    return take


def complete_module(browser, module: str, lessons: list[str]):
    for lesson in lessons:
        response = browser.post(f"/modules/{module}/{lesson}/complete")
        assert response.status_code == 302
