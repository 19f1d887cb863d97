"""What a participant's review of a submitted attempt shows, by the quiz's review
options (after Moodle's review options): the correct answers (with the
explanations, which give them away) and their own marks per question."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ShowAnswers(StrEnum):
    """When a quiz's review shows the correct answers (the ``show_answers`` key)."""

    ALWAYS = "always"
    AFTER_LAST_ATTEMPT = "after_last_attempt"  # ... or once the quiz is passed
    NEVER = "never"


DEFAULT_SHOW_ANSWERS = ShowAnswers.AFTER_LAST_ATTEMPT
DEFAULT_SHOW_MARKS = True


@dataclass(frozen=True)
class ReviewOptions:
    """What one review may show. Score, pass mark and the participant's own answers
    are always shown."""

    correct_answers: bool = True  # the correct answers and the explanations
    marks: bool = True  # right/wrong and points per question

    @classmethod
    def everything(cls) -> ReviewOptions:
        """Trainers trying a quiz in the studio see everything."""
        return cls(True, True)


def review_options(
    show_answers: str | None,
    show_marks: bool | None,
    attempts_left: int | None,
    passed: bool,
) -> ReviewOptions:
    """The review options of a participant's attempt.

    :param show_answers: the quiz's ``show_answers`` (``None`` or unknown: the
        default, after the last attempt or a pass).
    :param show_marks: the quiz's ``show_marks`` (``None``: shown).
    :param attempts_left: attempts the participant may still start, counting
        overrides; ``None`` when unlimited (so "after the last attempt" only ever
        means "once passed"), 0 also when the quiz has closed.
    :param passed: whether any of their attempts at the quiz passed.
    :return: what the review page may send.
    """
    when = show_answers if show_answers in set(ShowAnswers) else DEFAULT_SHOW_ANSWERS
    if when == ShowAnswers.ALWAYS:
        answers = True
    elif when == ShowAnswers.NEVER:
        answers = False
    else:
        answers = passed or attempts_left == 0
    marks = DEFAULT_SHOW_MARKS if show_marks is None else bool(show_marks)
    return ReviewOptions(answers, marks)
