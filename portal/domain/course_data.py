"""The course package as data: modules, lessons, quizzes, and the problems found."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.domain.programme_file import ProgrammeSpec
from portal.domain.text import Message, slugify

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the package, where a trainer can find it."""

    path: str
    line: int
    message: str

    @classmethod
    def of(cls, path: str, line: int, template: str, /, **params: object) -> Problem:
        """A problem whose ``message`` a page can translate (mark ``template`` N_)."""
        return cls(path, line, Message(template, params))

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
    after_lessons: bool = False  # opens once every lesson of its module is done
    # review options (portal.domain.quiz_review): when the correct answers are shown
    # ("always", "after_last_attempt", "never"; empty: the default) and the marks
    show_answers: str = ""
    show_marks: bool = True


@dataclass(frozen=True)
class CoursePackage:
    modules: tuple[ModuleSpec, ...]
    quizzes: tuple[QuizSpec, ...]
    media: frozenset[str]
    problems: tuple[Problem, ...] = ()  # found while reading files
    programme: ProgrammeSpec | None = None  # modules/programme.yaml, when present

    @property
    def final_quiz(self) -> QuizSpec | None:
        return next((q for q in self.quizzes if q.final), None)


def term_anchor(term: str) -> str:
    """The glossary anchor of a key term, as links write it."""
    return slugify(term)
