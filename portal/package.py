"""Reading the course package (modules/, quizzes/, content/media/) from disk.

Everything that can go wrong in a file becomes a :class:`Problem` naming the file and
line; the rules that span files live in :mod:`portal.domain.course`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from portal.domain.course import (
    CoursePackage,
    LessonSpec,
    ModuleSpec,
    Problem,
    QuizSpec,
    Ref,
    check_package,
)
from portal.domain.images import is_image_name, refused_images
from portal.rendering import extract_references, word_count

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
QUIZ_KEYS = (
    "slug",
    "title",
    "final",
    "pass_mark",
    "attempts",
    "time_limit",
    "draw",
    "shuffle",
    "intro",
    "questions",
)


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping and key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {
        str(key.value): key.start_mark.line + 1 for key, _ in node.value
    }
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


def strip_lines(data: Any) -> Any:
    """Drop the loader's line bookkeeping, leaving the plain data."""
    if isinstance(data, dict):
        return {
            k: strip_lines(v)
            for k, v in data.items()
            if k not in ("__line__", "__lines__")
        }
    if isinstance(data, list):
        return [strip_lines(v) for v in data]
    return data


class FileProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise FileProblem(line, f"YAML: {error.problem or error}") from error
    except yaml.YAMLError as error:
        raise FileProblem(1, f"YAML: {error}") from error


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Return ``(front matter, body, line number where the body starts)``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FileProblem(
            1, "the file must start with front matter between '---' lines"
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            # The leading newline keeps YAML's line numbers equal to the file's.
            meta = load_yaml("\n" + "\n".join(lines[1:index]))
            if not isinstance(meta, dict):
                raise FileProblem(2, "the front matter must be 'key: value' lines")
            return meta, "\n".join(lines[index + 1 :]), index + 2
    raise FileProblem(1, "the front matter is not closed by a '---' line")


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _line_of(source: str, needle: str, default: int) -> int:
    """The first line of ``source`` that mentions ``needle``: for list items YAML
    gives no position of their own."""
    for number, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return number
    return default


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(_relative(path, self.root), line, message))

    def field(
        self,
        meta: dict,
        key: str,
        kind: type | tuple,
        path: Path,
        *,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        line = meta.get("__lines__", {}).get(key, meta.get("__line__", 1))
        if key not in meta or meta[key] is None:
            if required:
                self.problem(path, meta.get("__line__", 1), f"'{key}' is required")
            return default
        value = meta[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            names = (
                kind.__name__
                if isinstance(kind, type)
                else " or ".join(k.__name__ for k in kind)
            )
            label = {
                "str": "text",
                "int": "a whole number",
                "list": "a list",
                "bool": "true or false",
                "float": "a number",
            }.get(names, names)
            self.problem(path, line, f"'{key}' must be {label}")
            return default
        return value

    def unknown_keys(self, meta: dict, allowed: tuple[str, ...], path: Path) -> None:
        for key, line in meta.get("__lines__", {}).items():
            if key not in allowed:
                self.problem(
                    path,
                    line,
                    f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})",
                )

    def refs(self, body: str, offset: int) -> tuple[Ref, ...]:
        return tuple(
            Ref(r.kind, r.target, r.line + offset - 1) for r in extract_references(body)
        )

    # -- modules ---------------------------------------------------------

    def module(self, folder: Path) -> ModuleSpec | None:
        path = folder / "module.md"
        if not path.is_file():
            self.problem(folder, 1, "a module folder needs a module.md")
            return None
        source = path.read_text(encoding="utf-8")
        try:
            meta, intro, body_line = split_front_matter(source)
        except FileProblem as error:
            self.problem(path, error.line, error.message)
            return None
        self.unknown_keys(meta, MODULE_KEYS, path)
        lessons = []
        listed = self.field(meta, "lessons", list, path, default=[])
        for filename in listed:
            if not isinstance(filename, str) or not (folder / filename).is_file():
                self.problem(
                    path,
                    _line_of(
                        source, str(filename), meta["__lines__"].get("lessons", 1)
                    ),
                    f"lesson file {filename!r} is not in {folder.name}/",
                )
                continue
            lesson = self.lesson(folder / filename)
            if lesson:
                lessons.append(lesson)
        for stray in sorted(folder.glob("*.md")):
            if stray.name != "module.md" and stray.name not in listed:
                self.problem(
                    stray, 1, "this lesson is not listed under 'lessons' in module.md"
                )
        terms = []
        for entry in self.field(
            meta, "key_terms", list, path, required=False, default=[]
        ):
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("term"), str)
                or not isinstance(entry.get("definition"), str)
            ):
                line = entry.get("__line__", 1) if isinstance(entry, dict) else 1
                self.problem(
                    path, line, "each key term needs 'term' and 'definition' text"
                )
                continue
            terms.append((entry["term"].strip(), entry["definition"].strip()))
        objectives = self.field(meta, "objectives", list, path, default=[])
        prereqs = self.field(
            meta, "prerequisites", list, path, required=False, default=[]
        )
        return ModuleSpec(
            slug=str(self.field(meta, "slug", str, path, default="")),
            title=str(self.field(meta, "title", str, path, default="")),
            order=self.field(meta, "order", int, path, default=0),
            summary=str(self.field(meta, "summary", str, path, default="")),
            minutes=self.field(meta, "minutes", int, path, required=False),
            prerequisites=tuple(str(p) for p in prereqs),
            quiz=self.field(meta, "quiz", str, path, required=False),
            objectives=tuple(str(o) for o in objectives),
            key_terms=tuple(terms),
            lessons=tuple(lessons),
            intro=intro,
            path=_relative(path, self.root),
            folder=folder.name,
            source=source,
            lines={k: v for k, v in meta.get("__lines__", {}).items()},
            refs=self.refs(intro, body_line),
        )

    def lesson(self, path: Path) -> LessonSpec | None:
        source = path.read_text(encoding="utf-8")
        try:
            meta, body, body_line = split_front_matter(source)
        except FileProblem as error:
            self.problem(path, error.line, error.message)
            return None
        self.unknown_keys(meta, LESSON_KEYS, path)
        if not body.strip():
            self.problem(path, body_line, "the lesson has no text")
        return LessonSpec(
            slug=str(self.field(meta, "slug", str, path, default="")),
            title=str(self.field(meta, "title", str, path, default="")),
            minutes=self.field(meta, "minutes", int, path, required=False),
            body=body,
            path=_relative(path, self.root),
            filename=path.name,
            source=source,
            refs=self.refs(body, body_line),
            words=word_count(body),
        )

    # -- quizzes ---------------------------------------------------------

    def quiz(self, path: Path) -> QuizSpec | None:
        source = path.read_text(encoding="utf-8")
        try:
            data = load_yaml(source)
        except FileProblem as error:
            self.problem(path, error.line, error.message)
            return None
        if not isinstance(data, dict):
            self.problem(path, 1, "a quiz file must be a mapping of 'key: value' lines")
            return None
        self.unknown_keys(data, QUIZ_KEYS, path)
        questions = self.field(data, "questions", list, path, default=[])
        good = [q for q in questions if isinstance(q, dict)]
        if len(good) != len(questions):
            self.problem(
                path,
                data["__lines__"].get("questions", 1),
                "every question must be a mapping (start it with '- id: ...')",
            )
        slug = self.field(data, "slug", str, path, default="")
        if slug and slug != path.stem:
            self.problem(
                path,
                data["__lines__"].get("slug", 1),
                f"the file of quiz {slug!r} must be named {slug}.yaml",
            )
        return QuizSpec(
            slug=slug,
            title=str(self.field(data, "title", str, path, default="")),
            final=bool(
                self.field(data, "final", bool, path, required=False, default=False)
            ),
            pass_mark=float(
                self.field(data, "pass_mark", (int, float), path, default=0)
            ),
            attempts=self.field(data, "attempts", int, path, required=False, default=0),
            time_limit=self.field(data, "time_limit", int, path, required=False),
            draw=self.field(data, "draw", int, path, required=False),
            shuffle=bool(
                self.field(data, "shuffle", bool, path, required=False, default=True)
            ),
            intro=str(self.field(data, "intro", str, path, required=False, default="")),
            questions=tuple(strip_lines(q) for q in good),
            path=_relative(path, self.root),
            source=source,
            lines=dict(data.get("__lines__", {})),
            question_lines=tuple(q.get("__line__", 1) for q in good),
        )


def read_package(
    modules_dir: Path, quizzes_dir: Path, media_dir: Path
) -> CoursePackage:
    """Read every module, quiz and media file; file-level problems are collected."""
    root = modules_dir.parent
    reader = _Reader(root)
    modules = []
    if not modules_dir.is_dir():
        reader.problem(modules_dir, 1, "the modules folder does not exist")
    else:
        for folder in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
            module = reader.module(folder)
            if module:
                modules.append(module)
    quizzes = []
    if quizzes_dir.is_dir():
        for path in sorted(quizzes_dir.glob("*.y*ml")):
            quiz = reader.quiz(path)
            if quiz:
                quizzes.append(quiz)
    media = _media(reader, media_dir)
    modules.sort(key=lambda m: (m.order, m.slug))
    return CoursePackage(tuple(modules), tuple(quizzes), media, tuple(reader.problems))


def _media(reader: _Reader, media_dir: Path) -> frozenset[str]:
    """The images a lesson may show; a refused type (SVG) is a problem to fix."""
    if not media_dir.is_dir():
        return frozenset()
    names = [str(p.relative_to(media_dir)) for p in media_dir.rglob("*") if p.is_file()]
    for name in refused_images(names):
        reader.problem(
            media_dir / name,
            1,
            "SVG images are refused because they can carry script: "
            "use a PNG, JPEG, GIF or WebP image",
        )
    return frozenset(name for name in names if is_image_name(name))


def check_course(
    modules_dir: Path, quizzes_dir: Path, media_dir: Path
) -> tuple[CoursePackage, list[Problem]]:
    """Read the package and apply every rule: what ``flask course check`` prints."""
    package = read_package(modules_dir, quizzes_dir, media_dir)
    return package, check_package(package)


def _front_matter(meta: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=88)
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
    return yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=88)


def parse_quiz_source(
    text: str, path: str = "quiz.yaml"
) -> tuple[QuizSpec | None, list[Problem]]:
    """Read quiz YAML typed in the browser exactly as the checker reads a file."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / Path(path).name
        target.write_text(text, encoding="utf-8")
        reader = _Reader(Path(tmp))
        quiz = reader.quiz(target)
    return quiz, reader.problems
