"""The rules that make a course package valid, gathered in one check.

The package as data lives in ``course_data``; the rules in ``module_checks`` and
``quiz_checks``. Every name is importable from here, as other areas expect.
"""

from __future__ import annotations

from portal.domain.course_data import (
    SLUG,
    CoursePackage,
    LessonSpec,
    ModuleSpec,
    Problem,
    QuizSpec,
    Ref,
    term_anchor,
)
from portal.domain.module_checks import (
    broken_reference,
    check_links,
    check_modules,
    check_prerequisite_cycles,
    prerequisite_cycles,
)
from portal.domain.quiz_checks import check_quiz, check_quiz_ownership

__all__ = [
    "SLUG",
    "CoursePackage",
    "LessonSpec",
    "ModuleSpec",
    "Problem",
    "QuizSpec",
    "Ref",
    "broken_reference",
    "check_package",
    "check_quiz",
    "prerequisite_cycles",
    "term_anchor",
]


def check_package(package: CoursePackage) -> list[Problem]:
    """Every rule a course must satisfy before it can be imported.

    :return: problems sorted by file and line; empty when the package is valid.
    """
    problems = list(package.problems)
    problems += check_modules(package.modules)
    problems += check_prerequisite_cycles(package.modules)
    problems += check_links(package)
    for quiz in package.quizzes:
        problems += check_quiz(quiz)
    problems += check_quiz_ownership(package)
    return sorted(set(problems))
