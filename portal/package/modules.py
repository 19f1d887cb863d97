"""Reading a module folder of the package: its module.md and the lessons it lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from portal.domain.course import LessonSpec, ModuleSpec
from portal.domain.text import N_, message
from portal.package.files import (
    FileProblem,
    FileReader,
    line_of,
    relative,
    split_front_matter,
)
from portal.rendering import word_count

MODULE_KEYS = (
    "slug",
    "title",
    "order",
    "summary",
    "minutes",
    "prerequisites",
    "quiz",
    "objectives",
    "key_terms",
    "lessons",
)
LESSON_KEYS = ("slug", "title", "minutes")


def read_module(reader: FileReader, folder: Path) -> ModuleSpec | None:
    """One module folder; None (with a problem) when module.md cannot be read."""
    path = folder / "module.md"
    if not path.is_file():
        reader.problem(folder, 1, message(N_("a module folder needs a module.md")))
        return None
    source = reader.text(path)
    if source is None:
        return None
    try:
        meta, intro, body_line = split_front_matter(source)
    except FileProblem as error:
        reader.problem(path, error.line, error.message)
        return None
    reader.unknown_keys(meta, MODULE_KEYS, path)
    lessons = _lessons(reader, folder, meta, source)
    terms = _key_terms(reader, meta, path)
    objectives = reader.field(meta, "objectives", list, path, default=[])
    prereqs = reader.field(
        meta, "prerequisites", list, path, required=False, default=[]
    )
    return ModuleSpec(
        slug=str(reader.field(meta, "slug", str, path, default="")),
        title=str(reader.field(meta, "title", str, path, default="")),
        order=reader.field(meta, "order", int, path, default=0),
        summary=str(reader.field(meta, "summary", str, path, default="")),
        minutes=reader.field(meta, "minutes", int, path, required=False),
        prerequisites=tuple(str(p) for p in prereqs),
        quiz=reader.field(meta, "quiz", str, path, required=False),
        objectives=tuple(str(o) for o in objectives),
        key_terms=tuple(terms),
        lessons=tuple(lessons),
        intro=intro,
        path=relative(path, reader.root),
        folder=folder.name,
        source=source,
        lines={k: v for k, v in meta.get("__lines__", {}).items()},
        refs=reader.refs(intro, body_line),
    )


def _lessons(
    reader: FileReader, folder: Path, meta: dict[str, Any], source: str
) -> list[LessonSpec]:
    """The lessons module.md lists, in its order; unlisted lesson files are problems."""
    path = folder / "module.md"
    lessons = []
    listed = reader.field(meta, "lessons", list, path, default=[])
    for filename in listed:
        # A plain name only: "../../x.md" would read a file outside the package.
        if (
            not isinstance(filename, str)
            or Path(filename).name != filename
            or "\\" in filename
            or not (folder / filename).is_file()
        ):
            reader.problem(
                path,
                line_of(source, str(filename), meta["__lines__"].get("lessons", 1)),
                message(
                    N_("lesson file %(name)r is not in %(folder)s/"),
                    name=filename,
                    folder=folder.name,
                ),
            )
            continue
        lesson = read_lesson(reader, folder / filename)
        if lesson:
            lessons.append(lesson)
    for stray in sorted(folder.glob("*.md")):
        if stray.name != "module.md" and stray.name not in listed:
            reader.problem(
                stray,
                1,
                message(N_("this lesson is not listed under 'lessons' in module.md")),
            )
    return lessons


def _key_terms(
    reader: FileReader, meta: dict[str, Any], path: Path
) -> list[tuple[str, str]]:
    terms = []
    for entry in reader.field(
        meta, "key_terms", list, path, required=False, default=[]
    ):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("term"), str)
            or not isinstance(entry.get("definition"), str)
        ):
            line = entry.get("__line__", 1) if isinstance(entry, dict) else 1
            reader.problem(
                path,
                line,
                message(N_("each key term needs 'term' and 'definition' text")),
            )
            continue
        terms.append((entry["term"].strip(), entry["definition"].strip()))
    return terms


def read_lesson(reader: FileReader, path: Path) -> LessonSpec | None:
    """One lesson file; None (with a problem) when its front matter is broken."""
    source = reader.text(path)
    if source is None:
        return None
    try:
        meta, body, body_line = split_front_matter(source)
    except FileProblem as error:
        reader.problem(path, error.line, error.message)
        return None
    reader.unknown_keys(meta, LESSON_KEYS, path)
    if not body.strip():
        reader.problem(path, body_line, message(N_("the lesson has no text")))
    return LessonSpec(
        slug=str(reader.field(meta, "slug", str, path, default="")),
        title=str(reader.field(meta, "title", str, path, default="")),
        minutes=reader.field(meta, "minutes", int, path, required=False),
        body=body,
        path=relative(path, reader.root),
        filename=path.name,
        source=source,
        refs=reader.refs(body, body_line),
        words=word_count(body),
    )
