"""Question forms as trainers type them, to and from the quiz file's question dicts.

Lists are typed one item per line: options start with ``*`` when correct, matching
pairs are written ``left = right``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _number(text: str | None) -> float | int | str | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text  # left for the validator to name
    return int(value) if value.is_integer() else value


def question_from_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Build the quiz-file dict for one question from the editor's fields."""
    kind = (fields.get("kind") or "").strip()
    question: dict[str, Any] = {"id": (fields.get("id") or "").strip(), "kind": kind}
    points = _number(fields.get("points"))
    if points not in (None, 1):
        question["points"] = points
    question["prompt"] = (fields.get("prompt") or "").strip()
    if kind in ("single", "multiple"):
        question["options"] = [
            {"text": line[1:].strip(), "correct": True}
            if line.startswith("*")
            else {"text": line}
            for line in _lines(fields.get("options"))
        ]
    elif kind == "true_false":
        answer = fields.get("answer")
        question["answer"] = {"true": True, "false": False}.get(answer, answer)
    elif kind == "short_text":
        question["answers"] = _lines(fields.get("answers"))
    elif kind == "numeric":
        question["answer"] = _number(fields.get("number"))
        tolerance = _number(fields.get("tolerance"))
        if tolerance not in (None, 0):
            question["tolerance"] = tolerance
    elif kind == "ordering":
        question["items"] = _lines(fields.get("items"))
    elif kind == "matching":
        pairs = []
        for line in _lines(fields.get("pairs")):
            left, sep, right = line.partition("=")
            pairs.append(
                {"left": left.strip(), "right": right.strip()}
                if sep
                else {"left": line}
            )
        question["pairs"] = pairs
    question["explanation"] = (fields.get("explanation") or "").strip()
    return {
        key: value
        for key, value in question.items()
        if value not in (None, "") or key in ("prompt", "id", "kind")
    }


def fields_from_question(question: Mapping[str, Any]) -> dict[str, Any]:
    """The editor's fields for an existing question."""
    kind = question.get("kind", "single")
    fields: dict[str, Any] = {
        "id": question.get("id", ""),
        "kind": kind,
        "points": question.get("points", 1),
        "prompt": question.get("prompt", ""),
        "explanation": question.get("explanation", ""),
    }
    if kind in ("single", "multiple"):
        fields["options"] = "\n".join(
            ("* " if o.get("correct") else "") + str(o["text"])
            for o in question.get("options", [])
        )
    elif kind == "true_false":
        fields["answer"] = "true" if question.get("answer") else "false"
    elif kind == "short_text":
        fields["answers"] = "\n".join(str(a) for a in question.get("answers", []))
    elif kind == "numeric":
        fields["number"] = question.get("answer", "")
        fields["tolerance"] = question.get("tolerance", "")
    elif kind == "ordering":
        fields["items"] = "\n".join(str(i) for i in question.get("items", []))
    elif kind == "matching":
        fields["pairs"] = "\n".join(
            f"{p['left']} = {p['right']}" for p in question.get("pairs", [])
        )
    return fields
