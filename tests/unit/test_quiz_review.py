"""Review options: when a participant's review shows the correct answers and marks."""

from __future__ import annotations

import pytest

from portal.domain.quiz_review import ReviewOptions, review_options


@pytest.mark.parametrize(
    ("show_answers", "left", "passed", "shown"),
    [
        # the default: after the last attempt, or once passed
        (None, 2, False, False),
        (None, 0, False, True),
        (None, 2, True, True),
        (None, None, False, False),  # unlimited attempts: only a pass shows them
        (None, None, True, True),
        ("after_last_attempt", 1, False, False),
        ("after_last_attempt", 0, False, True),
        ("something-else", 1, False, False),  # unknown: the default
        # always and never ignore attempts and passes
        ("always", 3, False, True),
        ("always", None, False, True),
        ("never", 0, False, False),
        ("never", 0, True, False),
    ],
)
def test_correct_answers_follow_show_answers(show_answers, left, passed, shown):
    options = review_options(show_answers, None, left, passed)
    assert options.correct_answers is shown
    assert options.marks is True


@pytest.mark.parametrize(
    ("show_marks", "shown"), [(None, True), (True, True), (False, False)]
)
def test_marks_follow_show_marks(show_marks, shown):
    assert review_options("always", show_marks, 0, True).marks is shown


def test_trainers_trying_a_quiz_see_everything():
    assert ReviewOptions.everything() == ReviewOptions(True, True)
