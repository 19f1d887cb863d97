"""A quiz revision's YAML file read back: the data the editor works on, and what is
wrong with it in the trainer's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from portal.domain.course import QuizSpec
from portal.models import QuizRevision
from portal.package import FileProblem, load_yaml, parse_quiz_source, strip_lines
from portal.services.errors import Invalid
from portal.services.wording import translated


def data_of(revision: QuizRevision) -> dict[str, Any]:
    """The revision's settings and questions, as the editor works on them.

    :raise Invalid: the saved file does not parse (only a file from before the YAML
        rules were tightened can): the message says how to get going again.
    """
    try:
        return strip_lines(load_yaml(revision.source)) or {}
    except FileProblem as error:
        raise Invalid(
            gettext(
                "Version %(number)s of this quiz cannot be read (line %(line)s: "
                "%(problem)s). Restore an earlier version from its history, or "
                "upload a corrected course package.",
                number=revision.number,
                line=error.line,
                problem=translated(error.message),
            )
        ) from error


def read_source(source: str, slug: str) -> tuple[QuizSpec | None, list[str]]:
    """The quiz a file holds, and each problem reading it as "line N: ..."."""
    spec, problems = parse_quiz_source(source, f"{slug}.yaml")
    return spec, [
        gettext(
            "line %(line)s: %(problem)s", line=p.line, problem=translated(p.message)
        )
        for p in problems
    ]
