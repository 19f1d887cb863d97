"""What every question kind is made of, and the small helpers the kinds share.

The kinds themselves live in ``choice_questions``, ``typed_questions`` and
``arranged_questions``; :mod:`portal.domain.questions` gathers them into ``KINDS``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Question = Mapping[str, Any]
Values = Mapping[str, Sequence[str]]
Fields = Mapping[str, Any]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ForgedAnswer(ValueError):
    """Submitted values that no page of this attempt could have produced."""


@dataclass(frozen=True)
class Review:
    """What a submitted attempt's review shows for one question.

    ``chosen`` is None for kinds without tickable choices; otherwise it and
    ``correct`` hold original option indices, so the page can mark each choice.
    """

    answer_text: str = ""
    correct_text: str = ""
    chosen: frozenset[int] | None = None
    correct: frozenset[int] = frozenset()
    selected: Mapping[int, str] = field(default_factory=dict)


def _nothing(question: Question) -> list:
    return []


def _no_labels(question: Question, answer: Any) -> tuple[str, ...]:
    return ()


def is_answered(answer: Any) -> bool:
    """Whether a parsed answer says anything: blanks parse to None, "", [] or {}."""
    return answer not in (None, "", [], {})


def _says_something(question: Question, answer: Any) -> bool:
    return is_answered(answer)


@dataclass(frozen=True, kw_only=True)
class QuestionKind:
    """Everything that differs between kinds, so that a new kind is one entry.

    ``keys``: the quiz-file keys this kind adds to the common ones.
    ``shuffles``: which list the attempt layout permutes ("options", "items",
    "pairs"), and ``choice_texts`` gives that list's texts in original order.
    ``fields`` are the editor fields ``from_fields`` reads and ``to_fields`` fills.
    ``options``/``chosen`` label what can be picked, for item statistics.
    ``typed``: the participant types the answer, and it is compared leniently.
    ``answer_values`` is ``parse`` backwards: the form values that show a saved
    answer again, given the attempt's display order.
    ``answered``: whether a parsed answer counts as answered before submitting.
    """

    label: str
    keys: frozenset[str]
    validate: Callable[[Question], list[str]]
    parse: Callable[[Question, Mapping[str, Any], Values], Any]
    grade: Callable[[Question, Any], float]
    review: Callable[[Question, Any], Review]
    from_fields: Callable[[Fields], dict[str, Any]]
    to_fields: Callable[[Question], dict[str, Any]]
    fields: tuple[str, ...]
    correct_values: Callable[[Question, Sequence[int]], dict[str, list[str]]]
    answer_values: Callable[[Question, Sequence[int], Any], dict[str, list[str]]]
    shuffles: str | None = None
    choice_texts: Callable[[Question], list[str]] = _nothing
    rows: Callable[[Question], list[str]] = _nothing
    options: Callable[[Question], list[tuple[str, str, bool]]] = _nothing
    chosen: Callable[[Question, Any], tuple[str, ...]] = _no_labels
    answered: Callable[[Question, Any], bool] = _says_something
    typed: bool = False


# -- answers as submitted ------------------------------------------------------


def one(values: Values, key: str) -> str | None:
    """The single submitted value for ``key``, stripped; several is a forgery."""
    got = values.get(key) or []
    if len(got) > 1:
        raise ForgedAnswer(f"several values for {key}")
    return got[0].strip() if got else None


def digits(raw: str) -> bool:
    """Plain ASCII digits only: ``str.isdigit`` also accepts '²' and '١'."""
    return raw.isascii() and raw.isdigit()


def position(raw: str, size: int) -> int:
    """A display position sent by the form, checked against the list's size."""
    if not digits(raw) or int(raw) >= size:
        raise ForgedAnswer(f"no such choice: {raw!r}")
    return int(raw)


def input_name(question: Question) -> str:
    """The form name of a question's input (rows add ``-<row>``)."""
    return f"q-{question['id']}"


def normalise_text(text: str) -> str:
    """Compare typed answers ignoring case and runs of white space (accents count)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def parse_number(raw: str) -> float | None:
    """A typed number, accepting a decimal comma and spaces; None if not a number."""
    cleaned = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# -- editor fields ---------------------------------------------------------------


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a text area, stripped: lists are typed one per line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def number(text: str | None) -> float | int | str | None:
    """A typed number for the quiz file; text that is no number is kept for the
    validator to name."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value
