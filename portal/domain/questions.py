"""The question-kind registry: validation, answer parsing and grading for each kind.

A question is a plain dict as loaded from a quiz file. Each kind supplies three pure
functions, so adding a kind means adding one entry to ``KINDS``:

- ``validate(question)`` returns a list of problems (messages) for a malformed question;
- ``parse(question, layout, values)`` turns submitted form values into a normalised
  answer expressed in the question's *original* indices (the form only ever carries
  display positions, so the page never reveals which original option is which);
- ``grade(question, answer)`` returns the earned fraction of the points, 0.0 to 1.0.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class ForgedAnswer(ValueError):
    """Submitted values that no page of this attempt could have produced."""


Question = Mapping[str, Any]
Values = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class QuestionKind:
    label: str
    validate: Callable[[Question], list[str]]
    parse: Callable[[Question, Mapping[str, Any], Values], Any]
    grade: Callable[[Question, Any], float]
    shuffles: str | None  # which list the layout permutes: "options", "items", "pairs"


# -- helpers -----------------------------------------------------------------


def _one(values: Values, key: str) -> str | None:
    got = values.get(key) or []
    if len(got) > 1:
        raise ForgedAnswer(f"several values for {key}")
    return got[0].strip() if got else None


def _digits(raw: str) -> bool:
    """Plain ASCII digits only: ``str.isdigit`` also accepts '²' and '١'."""
    return raw.isascii() and raw.isdigit()


def _position(raw: str, size: int) -> int:
    if not _digits(raw) or int(raw) >= size:
        raise ForgedAnswer(f"no such choice: {raw!r}")
    return int(raw)


def _options_problems(question: Question, *, exactly_one: bool) -> list[str]:
    options = question.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return ["needs a list of at least two options"]
    problems = []
    for number, option in enumerate(options, 1):
        if not isinstance(option, Mapping) or not str(option.get("text", "")).strip():
            problems.append(f"option {number} needs a text")
        elif set(option) - {"text", "correct"}:
            extra = ", ".join(sorted(set(option) - {"text", "correct"}))
            problems.append(f"option {number} has unknown keys: {extra}")
    correct = sum(1 for o in options if isinstance(o, Mapping) and o.get("correct"))
    if exactly_one and correct != 1:
        problems.append(f"needs exactly one correct option (has {correct})")
    if not exactly_one and correct < 1:
        problems.append("needs at least one correct option")
    return problems


def normalise_text(text: str) -> str:
    """Compare typed answers ignoring case and runs of white space (accents count)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def parse_number(raw: str) -> float | None:
    cleaned = raw.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# -- single / multiple ---------------------------------------------------------


def _validate_single(question: Question) -> list[str]:
    return _options_problems(question, exactly_one=True)


def _parse_single(question: Question, layout: Mapping[str, Any], values: Values):
    raw = _one(values, f"q-{question['id']}")
    if raw is None or raw == "":
        return None
    return layout["order"][_position(raw, len(layout["order"]))]


def _grade_single(question: Question, answer: Any) -> float:
    if answer is None:
        return 0.0
    return 1.0 if question["options"][answer].get("correct") else 0.0


def _validate_multiple(question: Question) -> list[str]:
    return _options_problems(question, exactly_one=False)


def _parse_multiple(question: Question, layout: Mapping[str, Any], values: Values):
    order = layout["order"]
    chosen = {
        order[_position(raw, len(order))]
        for raw in values.get(f"q-{question['id']}", [])
    }
    return sorted(chosen)


def _grade_multiple(question: Question, answer: Any) -> float:
    """Right ticks minus wrong ticks over the number of right options, floored at 0."""
    correct = {i for i, o in enumerate(question["options"]) if o.get("correct")}
    chosen = set(answer or [])
    earned = len(chosen & correct) - len(chosen - correct)
    return max(0.0, earned / len(correct))


# -- true / false ------------------------------------------------------------


def _validate_true_false(question: Question) -> list[str]:
    if not isinstance(question.get("answer"), bool):
        return ["needs 'answer: true' or 'answer: false'"]
    return []


def _parse_true_false(question: Question, layout: Mapping[str, Any], values: Values):
    raw = _one(values, f"q-{question['id']}")
    if raw in (None, ""):
        return None
    if raw not in ("true", "false"):
        raise ForgedAnswer(f"not true or false: {raw!r}")
    return raw == "true"


def _grade_true_false(question: Question, answer: Any) -> float:
    return 1.0 if answer is not None and answer == question["answer"] else 0.0


# -- short text / numeric ----------------------------------------------------


def _validate_short_text(question: Question) -> list[str]:
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        return ["needs a list of accepted 'answers'"]
    if any(not str(a).strip() for a in answers):
        return ["has an empty accepted answer"]
    return []


def _parse_text(question: Question, layout: Mapping[str, Any], values: Values):
    raw = _one(values, f"q-{question['id']}") or ""
    if len(raw) > 500:
        raise ForgedAnswer("answer longer than any input allows")
    return raw


def _grade_short_text(question: Question, answer: Any) -> float:
    accepted = {normalise_text(str(a)) for a in question["answers"]}
    return 1.0 if answer and normalise_text(answer) in accepted else 0.0


def _validate_numeric(question: Question) -> list[str]:
    problems = []
    answer, tolerance = question.get("answer"), question.get("tolerance", 0)
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        problems.append("needs a number as 'answer'")
    if (
        isinstance(tolerance, bool)
        or not isinstance(tolerance, int | float)
        or tolerance < 0
    ):
        problems.append("'tolerance' must be a number of zero or more")
    return problems


def _grade_numeric(question: Question, answer: Any) -> float:
    value = parse_number(answer or "")
    if value is None:
        return 0.0
    # A small epsilon keeps 0.1 + 0.2 style float noise from failing an exact answer.
    allowed = float(question.get("tolerance", 0)) + 1e-9
    return 1.0 if abs(value - float(question["answer"])) <= allowed else 0.0


# -- ordering / matching -----------------------------------------------------


def _validate_ordering(question: Question) -> list[str]:
    items = question.get("items")
    if not isinstance(items, list) or len(items) < 2:
        return ["needs a list of at least two 'items' in the correct order"]
    if len({str(i) for i in items}) != len(items):
        return ["has the same item twice"]
    return []


def _parse_ordering(question: Question, layout: Mapping[str, Any], values: Values):
    """Each displayed item gets a rank 1..n; returns original indices in rank order."""
    order = layout["order"]
    ranks: dict[int, int] = {}
    for position, original in enumerate(order):
        raw = _one(values, f"q-{question['id']}-{position}")
        if raw in (None, ""):
            return None
        if not _digits(raw) or not 1 <= int(raw) <= len(order):
            raise ForgedAnswer(f"no such rank: {raw!r}")
        ranks[original] = int(raw) - 1
    if sorted(ranks.values()) != list(range(len(order))):
        return None  # the same rank twice: an incomplete answer, not a forgery
    return [original for original, _ in sorted(ranks.items(), key=lambda kv: kv[1])]


def _grade_ordering(question: Question, answer: Any) -> float:
    return 1.0 if answer == list(range(len(question["items"]))) else 0.0


def _validate_matching(question: Question) -> list[str]:
    pairs = question.get("pairs")
    if not isinstance(pairs, list) or len(pairs) < 2:
        return ["needs a list of at least two 'pairs'"]
    for number, pair in enumerate(pairs, 1):
        if not isinstance(pair, Mapping) or set(pair) != {"left", "right"}:
            return [f"pair {number} needs exactly 'left' and 'right'"]
    if len({str(p["right"]) for p in pairs}) != len(pairs):
        return ["has the same right-hand item twice"]
    return []


def _parse_matching(question: Question, layout: Mapping[str, Any], values: Values):
    """Left items keep their order; the right-hand choices are shown shuffled."""
    order = layout["order"]
    matches = {}
    for left in range(len(question["pairs"])):
        raw = _one(values, f"q-{question['id']}-{left}")
        if raw not in (None, ""):
            matches[left] = order[_position(raw, len(order))]
    return matches


def _grade_matching(question: Question, answer: Any) -> float:
    answer = {int(k): v for k, v in (answer or {}).items()}
    right = sum(1 for left in range(len(question["pairs"])) if answer.get(left) == left)
    return right / len(question["pairs"])


KINDS: dict[str, QuestionKind] = {
    "single": QuestionKind(
        "Single choice", _validate_single, _parse_single, _grade_single, "options"
    ),
    "multiple": QuestionKind(
        "Multiple choice",
        _validate_multiple,
        _parse_multiple,
        _grade_multiple,
        "options",
    ),
    "true_false": QuestionKind(
        "True or false",
        _validate_true_false,
        _parse_true_false,
        _grade_true_false,
        None,
    ),
    "short_text": QuestionKind(
        "Short answer", _validate_short_text, _parse_text, _grade_short_text, None
    ),
    "numeric": QuestionKind(
        "Number", _validate_numeric, _parse_text, _grade_numeric, None
    ),
    "ordering": QuestionKind(
        "Ordering", _validate_ordering, _parse_ordering, _grade_ordering, "items"
    ),
    "matching": QuestionKind(
        "Matching", _validate_matching, _parse_matching, _grade_matching, "pairs"
    ),
}

KIND_KEYS = {
    "single": {"options"},
    "multiple": {"options"},
    "true_false": {"answer"},
    "short_text": {"answers"},
    "numeric": {"answer", "tolerance"},
    "ordering": {"items"},
    "matching": {"pairs"},
}
COMMON_KEYS = {"id", "kind", "points", "prompt", "explanation"}


def validate_question(question: Question) -> list[str]:
    """Every problem with one question as written in a quiz file."""
    kind = question.get("kind")
    if kind not in KINDS:
        known = ", ".join(KINDS)
        return [f"unknown question kind {kind!r} (known kinds: {known})"]
    problems = []
    unknown = set(question) - COMMON_KEYS - KIND_KEYS[kind]
    if unknown:
        problems.append(
            f"unknown keys for a {kind} question: {', '.join(sorted(unknown))}"
        )
    if not str(question.get("prompt", "")).strip():
        problems.append("needs a 'prompt'")
    points = question.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
        problems.append("'points' must be a number above zero")
    return problems + KINDS[kind].validate(question)


def shuffled_length(question: Question) -> int | None:
    """How many entries the attempt layout permutes for this question, if any."""
    key = KINDS[question["kind"]].shuffles
    return len(question[key]) if key else None


def parse_answer(question: Question, layout: Mapping[str, Any], values: Values) -> Any:
    return KINDS[question["kind"]].parse(question, layout, values)


def grade_answer(question: Question, answer: Any) -> float:
    return KINDS[question["kind"]].grade(question, answer)
