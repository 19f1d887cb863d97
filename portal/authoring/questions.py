"""Question forms as trainers type them, to and from the quiz file's question dicts.

The fields every question has are handled here; each kind maps its own fields
(``from_fields``/``to_fields`` in :mod:`portal.domain.questions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.domain.question_parts import number
from portal.domain.questions import KINDS


def question_from_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Build the quiz-file dict for one question from the editor's fields."""
    kind = (fields.get("kind") or "").strip()
    question: dict[str, Any] = {"id": (fields.get("id") or "").strip(), "kind": kind}
    points = number(fields.get("points"))
    if points not in (None, 1):
        question["points"] = points
    question["prompt"] = (fields.get("prompt") or "").strip()
    if kind in KINDS:
        question.update(KINDS[kind].from_fields(fields))
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
    if kind in KINDS:
        fields.update(KINDS[kind].to_fields(question))
    return fields
