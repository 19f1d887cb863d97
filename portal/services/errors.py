"""Errors a use case raises; the app maps each to a clear page or form message."""

from __future__ import annotations

from collections.abc import Sequence


class PortalError(Exception):
    status = 400

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotFound(PortalError):
    """Absent, or not yours: the two look the same so nothing leaks."""

    status = 404


class Forbidden(PortalError):
    status = 403


class Locked(Forbidden):
    """Content whose prerequisites are not complete yet; ``missing`` holds the
    modules still to complete as (slug, title) pairs, so the page can link to them."""

    def __init__(self, message: str = "", missing: Sequence[tuple[str, str]] = ()):
        super().__init__(message)
        self.missing = tuple(missing)


class AttemptsExhausted(Forbidden):
    pass


class QuizClosed(Forbidden):
    """Too late to start: the close date an override set has passed."""


class AttemptClosed(PortalError):
    status = 409


class TimeUp(AttemptClosed):
    """The attempt's time and grace are over: nothing more can be saved."""


class Invalid(PortalError):
    """Input no page could have sent (forged or tampered with)."""

    status = 400


class NotEligible(Forbidden):
    pass


class CourseInvalid(PortalError):
    def __init__(self, problems):
        super().__init__(f"the course has {len(problems)} problem(s)")
        self.problems = problems


class FormInvalid(PortalError):
    """Input of the right shape that breaks a rule: messages per form field."""

    status = 422

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
