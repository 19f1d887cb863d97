"""The course package as data, and the rules that make a package valid."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.domain.questions import validate_question
from portal.domain.text import slugify

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the package, where a trainer can find it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Ref:
    kind: str
    target: str
    line: int


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    minutes: int | None
    body: str
    path: str
    filename: str
    source: str
    refs: tuple[Ref, ...] = ()
    words: int = 0


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title: str
    order: int
    summary: str
    minutes: int | None
    prerequisites: tuple[str, ...]
    quiz: str | None
    objectives: tuple[str, ...]
    key_terms: tuple[tuple[str, str], ...]
    lessons: tuple[LessonSpec, ...]
    intro: str
    path: str
    folder: str
    source: str
    lines: Mapping[str, int] = field(default_factory=dict)
    refs: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class QuizSpec:
    slug: str
    title: str
    final: bool
    pass_mark: float
    attempts: int
    time_limit: int | None
    draw: int | None
    shuffle: bool
    intro: str
    questions: tuple[dict[str, Any], ...]
    path: str
    source: str
    lines: Mapping[str, int] = field(default_factory=dict)
    question_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class CoursePackage:
    modules: tuple[ModuleSpec, ...]
    quizzes: tuple[QuizSpec, ...]
    media: frozenset[str]
    problems: tuple[Problem, ...] = ()  # found while reading files

    @property
    def final_quiz(self) -> QuizSpec | None:
        return next((q for q in self.quizzes if q.final), None)


def term_anchor(term: str) -> str:
    return slugify(term)


def check_package(package: CoursePackage) -> list[Problem]:
    """Every rule a course must satisfy before it can be imported.

    :return: problems sorted by file and line; empty when the package is valid.
    """
    problems = list(package.problems)
    problems += _check_modules(package.modules)
    problems += _check_prerequisite_cycles(package.modules)
    problems += _check_links(package)
    for quiz in package.quizzes:
        problems += check_quiz(quiz)
    problems += _check_quiz_ownership(package)
    return sorted(set(problems))


def _check_modules(modules: Iterable[ModuleSpec]) -> list[Problem]:
    problems = []
    slugs: dict[str, ModuleSpec] = {}
    orders: dict[int, ModuleSpec] = {}
    for module in modules:
        line = module.lines.get
        if not SLUG.match(module.slug):
            problems.append(
                Problem(
                    module.path,
                    line("slug", 1),
                    f"slug {module.slug!r} must be lowercase words and hyphens",
                )
            )
        if module.slug in slugs:
            problems.append(
                Problem(
                    module.path,
                    line("slug", 1),
                    f"slug {module.slug!r} is also used by {slugs[module.slug].path}",
                )
            )
        slugs.setdefault(module.slug, module)
        if module.order in orders:
            problems.append(
                Problem(
                    module.path,
                    line("order", 1),
                    f"order {module.order} is also used by {orders[module.order].path}",
                )
            )
        orders.setdefault(module.order, module)
        if not module.lessons:
            problems.append(
                Problem(module.path, line("lessons", 1), "a module needs lessons")
            )
        seen: set[str] = set()
        for lesson in module.lessons:
            if not SLUG.match(lesson.slug):
                problems.append(
                    Problem(
                        lesson.path,
                        2,
                        f"lesson slug {lesson.slug!r} must be "
                        "lowercase words and hyphens",
                    )
                )
            if lesson.slug in seen:
                problems.append(
                    Problem(
                        lesson.path,
                        2,
                        f"lesson slug {lesson.slug!r} is used twice in the module",
                    )
                )
            seen.add(lesson.slug)
    for module in modules:
        for prereq in module.prerequisites:
            if prereq not in slugs:
                problems.append(
                    Problem(
                        module.path,
                        module.lines.get("prerequisites", 1),
                        f"prerequisite {prereq!r} is not a module",
                    )
                )
            elif prereq == module.slug:
                problems.append(
                    Problem(
                        module.path,
                        module.lines.get("prerequisites", 1),
                        "a module cannot be its own prerequisite",
                    )
                )
    return problems


def prerequisite_cycles(graph: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """Every cycle in a prerequisite graph, as (module where found, cycle description).

    :param graph: module slug -> its prerequisites (unknown slugs are ignored).
    """
    edges = {slug: [p for p in prereqs if p != slug] for slug, prereqs in graph.items()}
    found = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(slug: str, trail: list[str]) -> None:
        state[slug] = 1
        for prereq in edges.get(slug, []):
            if prereq not in edges:
                continue
            if state.get(prereq) == 1:
                cycle = trail[trail.index(prereq) :] + [slug, prereq]
                found.append(
                    (slug, " -> ".join(dict.fromkeys(cycle)) + f" -> {prereq}")
                )
            elif state.get(prereq) is None:
                visit(prereq, trail + [slug])
        state[slug] = 2

    for slug in edges:
        if slug not in state:
            visit(slug, [])
    return found


def _check_prerequisite_cycles(modules: Iterable[ModuleSpec]) -> list[Problem]:
    paths = {m.slug: m for m in modules}
    return [
        Problem(
            paths[slug].path,
            paths[slug].lines.get("prerequisites", 1),
            f"prerequisites form a cycle: {cycle}",
        )
        for slug, cycle in prerequisite_cycles(
            {m.slug: m.prerequisites for m in paths.values()}
        )
    ]


def _check_links(package: CoursePackage) -> list[Problem]:
    problems = []
    terms: dict[str, str] = {}
    for module in package.modules:
        for term, definition in module.key_terms:
            anchor = term_anchor(term)
            if anchor in terms:
                problems.append(
                    Problem(
                        module.path,
                        module.lines.get("key_terms", 1),
                        f"glossary term {term!r} is already defined in {terms[anchor]}",
                    )
                )
            terms.setdefault(anchor, module.path)
            if not definition.strip():
                problems.append(
                    Problem(
                        module.path,
                        module.lines.get("key_terms", 1),
                        f"glossary term {term!r} needs a definition",
                    )
                )
    lessons = {(m.slug, lesson.slug) for m in package.modules for lesson in m.lessons}
    modules = {m.slug for m in package.modules}
    for module in package.modules:
        sources = [(module.path, 0, module.refs)]
        sources += [(lesson.path, 0, lesson.refs) for lesson in module.lessons]
        for path, _, refs in sources:
            for ref in refs:
                message = broken_reference(ref, terms, modules, lessons, package.media)
                if message:
                    problems.append(Problem(path, ref.line, message))
    return problems


def broken_reference(ref: Ref, terms, modules, lessons, media) -> str | None:
    if ref.kind == "glossary" and ref.target not in terms:
        return f"glossary link to {ref.target!r}: no key term has that anchor"
    if ref.kind == "module" and ref.target not in modules:
        return f"link to module {ref.target!r}: no such module"
    if ref.kind == "lesson":
        module, _, lesson = ref.target.partition("/")
        if (module, lesson) not in lessons:
            return (
                f"link to lesson {ref.target!r}: no such lesson (write module/lesson)"
            )
    if ref.kind == "media" and ref.target not in media:
        return f"image {ref.target!r} is not in content/media/"
    if ref.kind == "image-path":
        return f"image {ref.target!r} must be written as media/<file of content/media/>"
    if ref.kind == "image-alt":
        return f"image {ref.target!r} needs alt text: ![what it shows](...)"
    return None


def check_quiz(quiz: QuizSpec) -> list[Problem]:
    problems = []
    line = quiz.lines.get
    if not SLUG.match(quiz.slug):
        problems.append(
            Problem(
                quiz.path,
                line("slug", 1),
                f"slug {quiz.slug!r} must be lowercase words and hyphens",
            )
        )
    if not 0 < quiz.pass_mark <= 100:
        problems.append(
            Problem(
                quiz.path,
                line("pass_mark", 1),
                "pass_mark must be a percentage from 1 to 100",
            )
        )
    if quiz.attempts < 0:
        problems.append(
            Problem(
                quiz.path, line("attempts", 1), "attempts must be 0 (unlimited) or more"
            )
        )
    if quiz.time_limit is not None and quiz.time_limit <= 0:
        problems.append(
            Problem(
                quiz.path,
                line("time_limit", 1),
                "time_limit must be a number of minutes above zero",
            )
        )
    if not quiz.questions:
        problems.append(
            Problem(quiz.path, line("questions", 1), "a quiz needs questions")
        )
    if quiz.draw is not None and not 0 < quiz.draw <= len(quiz.questions):
        problems.append(
            Problem(
                quiz.path,
                line("draw", 1),
                f"draw {quiz.draw} must be between 1 and the "
                f"{len(quiz.questions)} questions in the bank",
            )
        )
    ids: set[str] = set()
    for question, qline in zip(quiz.questions, quiz.question_lines, strict=True):
        qid = question.get("id")
        if not isinstance(qid, str) or not SLUG.match(qid):
            problems.append(
                Problem(
                    quiz.path,
                    qline,
                    "every question needs an 'id' of lowercase words and hyphens",
                )
            )
        elif qid in ids:
            problems.append(
                Problem(quiz.path, qline, f"question id {qid!r} is used twice")
            )
        ids.add(str(qid))
        for message in validate_question(question):
            problems.append(Problem(quiz.path, qline, f"question {qid}: {message}"))
    return problems


def _check_quiz_ownership(package: CoursePackage) -> list[Problem]:
    problems = []
    quizzes = {q.slug: q for q in package.quizzes}
    seen: dict[str, ModuleSpec] = {}
    for quiz in package.quizzes:
        if sum(q.slug == quiz.slug for q in package.quizzes) > 1:
            problems.append(
                Problem(
                    quiz.path,
                    quiz.lines.get("slug", 1),
                    f"quiz slug {quiz.slug!r} is used by two files",
                )
            )
    for module in package.modules:
        if module.quiz is None:
            continue
        line = module.lines.get("quiz", 1)
        quiz = quizzes.get(module.quiz)
        if quiz is None:
            problems.append(
                Problem(module.path, line, f"quiz {module.quiz!r} is not in quizzes/")
            )
        elif quiz.final:
            problems.append(
                Problem(
                    module.path, line, f"quiz {module.quiz!r} is the final assessment"
                )
            )
        elif module.quiz in seen:
            problems.append(
                Problem(
                    module.path,
                    line,
                    f"quiz {module.quiz!r} already belongs to {seen[module.quiz].path}",
                )
            )
        seen.setdefault(module.quiz, module)
    finals = [q for q in package.quizzes if q.final]
    for extra in finals[1:]:
        problems.append(
            Problem(
                extra.path,
                extra.lines.get("final", 1),
                f"only one final assessment is allowed ({finals[0].path} is one)",
            )
        )
    for quiz in package.quizzes:
        if not quiz.final and quiz.slug not in seen:
            problems.append(
                Problem(
                    quiz.path,
                    1,
                    "no module names this quiz: add "
                    f"'quiz: {quiz.slug}' to a module.md, or 'final: true'",
                )
            )
    return problems
