"""Reading a quiz file of the package, or quiz YAML typed in the browser."""

from __future__ import annotations

import tempfile
from pathlib import Path

from portal.domain.course import Problem, QuizSpec
from portal.domain.text import N_, message
from portal.package.files import (
    FileProblem,
    FileReader,
    load_yaml,
    relative,
    strip_lines,
)

QUIZ_KEYS = (
    "slug",
    "title",
    "final",
    "pass_mark",
    "attempts",
    "time_limit",
    "draw",
    "shuffle",
    "after_lessons",
    "show_answers",
    "show_marks",
    "intro",
    "questions",
)


def read_quiz(reader: FileReader, path: Path) -> QuizSpec | None:
    """One quiz file; None (with a problem) when it is not a YAML mapping."""
    source = reader.text(path)
    if source is None:
        return None
    try:
        data = load_yaml(source)
    except FileProblem as error:
        reader.problem(path, error.line, error.message)
        return None
    if not isinstance(data, dict):
        reader.problem(
            path, 1, message(N_("a quiz file must be a mapping of 'key: value' lines"))
        )
        return None
    reader.unknown_keys(data, QUIZ_KEYS, path)
    questions = reader.field(data, "questions", list, path, default=[])
    good = [q for q in questions if isinstance(q, dict)]
    if len(good) != len(questions):
        reader.problem(
            path,
            data["__lines__"].get("questions", 1),
            message(N_("every question must be a mapping (start it with '- id: ...')")),
        )
    slug = reader.field(data, "slug", str, path, default="")
    if slug and slug != path.stem:
        reader.problem(
            path,
            data["__lines__"].get("slug", 1),
            message(
                N_("the file of quiz %(slug)r must be named %(name)s"),
                slug=slug,
                name=f"{slug}.yaml",
            ),
        )
    return QuizSpec(
        slug=slug,
        title=str(reader.field(data, "title", str, path, default="")),
        final=bool(
            reader.field(data, "final", bool, path, required=False, default=False)
        ),
        pass_mark=float(reader.field(data, "pass_mark", (int, float), path, default=0)),
        attempts=reader.field(data, "attempts", int, path, required=False, default=0),
        time_limit=reader.field(data, "time_limit", int, path, required=False),
        draw=reader.field(data, "draw", int, path, required=False),
        shuffle=bool(
            reader.field(data, "shuffle", bool, path, required=False, default=True)
        ),
        after_lessons=bool(
            reader.field(
                data, "after_lessons", bool, path, required=False, default=False
            )
        ),
        show_answers=str(
            reader.field(data, "show_answers", str, path, required=False, default="")
        ),
        show_marks=bool(
            reader.field(data, "show_marks", bool, path, required=False, default=True)
        ),
        intro=str(reader.field(data, "intro", str, path, required=False, default="")),
        questions=tuple(strip_lines(q) for q in good),
        path=relative(path, reader.root),
        source=source,
        lines=dict(data.get("__lines__", {})),
        question_lines=tuple(q.get("__line__", 1) for q in good),
    )


def parse_quiz_source(
    text: str, path: str = "quiz.yaml"
) -> tuple[QuizSpec | None, list[Problem]]:
    """Read quiz YAML typed in the browser exactly as the checker reads a file."""
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / Path(path).name
        target.write_text(text, encoding="utf-8")
        reader = FileReader(Path(tmp))
        quiz = read_quiz(reader, target)
    return quiz, reader.problems
