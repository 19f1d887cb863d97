"""Reading the course package (modules/, quizzes/, content/media/) from disk, and
writing its files back.

Everything that can go wrong in a file becomes a :class:`Problem` naming the file and
line (``files``, ``modules``, ``quizzes`` in this package); the rules that span
files live in :mod:`portal.domain.course`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from portal.domain.course import CoursePackage, Problem, check_package
from portal.domain.images import is_image_name, refused_images
from portal.domain.quiz_review import DEFAULT_SHOW_ANSWERS
from portal.domain.text import N_, message
from portal.package.files import (
    FileProblem,
    FileReader,
    load_yaml,
    split_front_matter,
    strip_lines,
)
from portal.package.modules import LESSON_KEYS, MODULE_KEYS, read_module
from portal.package.programme import PROGRAMME_FILE, read_programme
from portal.package.quizzes import QUIZ_KEYS, parse_quiz_source, read_quiz

__all__ = [
    "LESSON_KEYS",
    "MODULE_KEYS",
    "QUIZ_KEYS",
    "FileProblem",
    "check_course",
    "load_yaml",
    "parse_quiz_source",
    "read_package",
    "split_front_matter",
    "strip_lines",
    "write_lesson_source",
    "write_module_source",
    "write_quiz_source",
]


def read_package(
    modules_dir: Path, quizzes_dir: Path, media_dir: Path
) -> CoursePackage:
    """Read every module, quiz and media file, and the programme file when there
    is one; file-level problems are collected."""
    root = modules_dir.parent
    reader = FileReader(root)
    modules = []
    if not modules_dir.is_dir():
        reader.problem(modules_dir, 1, message(N_("the modules folder does not exist")))
    else:
        for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
            module = read_module(reader, folder)
            if module:
                modules.append(module)
    quizzes = []
    if quizzes_dir.is_dir():
        for path in sorted(p for p in quizzes_dir.glob("*.y*ml") if p.is_file()):
            quiz = read_quiz(reader, path)
            if quiz:
                quizzes.append(quiz)
    media = _media(reader, media_dir)
    modules.sort(key=lambda m: (m.order, m.slug))
    programme = None
    if (modules_dir / PROGRAMME_FILE).is_file():
        programme = read_programme(
            reader, modules_dir / PROGRAMME_FILE, {m.slug for m in modules}
        )
    return CoursePackage(
        tuple(modules), tuple(quizzes), media, tuple(reader.problems), programme
    )


def _media(reader: FileReader, media_dir: Path) -> frozenset[str]:
    """The images a lesson may show; a refused type (SVG) is a problem to fix."""
    if not media_dir.is_dir():
        return frozenset()
    names = [str(p.relative_to(media_dir)) for p in media_dir.rglob("*") if p.is_file()]
    for name in refused_images(names):
        reader.problem(
            media_dir / name,
            1,
            message(
                N_(
                    "SVG images are refused because they can carry script: "
                    "use a PNG, JPEG, GIF or WebP image"
                )
            ),
        )
    return frozenset(name for name in names if is_image_name(name))


def check_course(
    modules_dir: Path, quizzes_dir: Path, media_dir: Path
) -> tuple[CoursePackage, list[Problem]]:
    """Read the package and apply every rule: what ``flask course check`` prints."""
    package = read_package(modules_dir, quizzes_dir, media_dir)
    return package, check_package(package)


class _PlainDumper(yaml.SafeDumper):
    """Writes a value that appears twice out twice: the loader refuses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(
        data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=88
    )


def _front_matter(meta: dict[str, Any]) -> str:
    dumped = _dump(meta)
    return f"---\n{dumped}---\n"


def write_module_source(meta: dict[str, Any], intro: str) -> str:
    """module.md text for a module edited in the browser (same format as the files)."""
    keys = MODULE_KEYS
    meta = {**meta, "prerequisites": meta.get("prerequisites") or []}
    ordered = {key: meta[key] for key in keys if meta.get(key) not in (None, "")}
    return _front_matter(ordered) + "\n" + intro.strip() + "\n"


def write_lesson_source(slug: str, title: str, minutes: int | None, body: str) -> str:
    meta: dict[str, Any] = {"slug": slug, "title": title}
    if minutes:
        meta["minutes"] = minutes
    return _front_matter(meta) + "\n" + body.strip() + "\n"


def write_quiz_source(quiz: dict[str, Any]) -> str:
    """A quiz file from its settings and questions (rendered HTML left out)."""
    keys = QUIZ_KEYS
    ordered = {key: quiz[key] for key in keys if quiz.get(key) not in (None, "")}
    if not ordered.get("after_lessons"):
        ordered.pop("after_lessons", None)  # written only when on, as trainers do
    if ordered.get("show_answers") == DEFAULT_SHOW_ANSWERS:
        ordered.pop("show_answers")  # defaults stay unwritten: files keep their shape
    if ordered.get("show_marks") is True:
        ordered.pop("show_marks")
    return _dump(ordered)
