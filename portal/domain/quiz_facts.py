"""What a progress summary keeps per quiz, and how it is stored as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from portal.domain.progress import QuizBest


class QuizFacts(NamedTuple):
    """One participant's graded attempts at one quiz, folded: the best passing
    percent and the best percent of any graded attempt (``None``: no such attempt),
    and how many graded attempts did not pass."""

    best_pass: float | None
    best_any: float | None
    failures: int

    @property
    def best(self) -> QuizBest | None:
        """The best attempt by the rule of :func:`portal.domain.progress.best_attempt`:
        any pass beats any fail, then the highest percent."""
        if self.best_pass is not None:
            return QuizBest(self.best_pass, True)
        if self.best_any is not None:
            return QuizBest(self.best_any, False)
        return None

    def encode(self) -> dict[str, Any]:
        """The stored JSON: keyed, so a field can be added without a migration."""
        return self._asdict()

    @classmethod
    def decode(cls, stored: Mapping[str, Any] | Sequence[Any]) -> QuizFacts:
        """Read a stored value, keyed or in the older positional shape
        ``[best_pass, best_any, failures]`` (summaries written before the keys)."""
        if isinstance(stored, Mapping):
            return cls(
                stored.get("best_pass"),
                stored.get("best_any"),
                int(stored.get("failures") or 0),
            )
        best_pass, best_any, failures = stored
        return cls(best_pass, best_any, int(failures or 0))


def decode_quizzes(stored: Mapping[str, Any]) -> dict[str, QuizFacts]:
    """A summary's ``quizzes`` column, per quiz slug."""
    return {slug: QuizFacts.decode(value) for slug, value in stored.items()}


def encode_quizzes(facts: Mapping[str, QuizFacts]) -> dict[str, dict[str, Any]]:
    return {slug: value.encode() for slug, value in facts.items()}


def best_per_quiz(facts: Mapping[str, QuizFacts]) -> dict[str, QuizBest]:
    """The best attempt per quiz slug, leaving out quizzes with no graded attempt."""
    return {slug: best for slug, f in facts.items() if (best := f.best) is not None}
