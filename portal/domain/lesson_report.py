"""Where a cohort stops: every lesson in course order with how many completed it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class LessonLike(Protocol):
    slug: str
    title: str
    minutes: int


class ModuleLike(Protocol):
    """What :func:`lesson_rows` reads of a module (``services.outline.ModuleInfo``)."""

    slug: str
    title: str

    @property
    def lessons(self) -> Sequence[LessonLike]: ...


@dataclass(frozen=True)
class LessonRow:
    module_title: str
    slug: str
    title: str
    minutes: int
    completed: int  # participants of the cohort who completed the lesson
    share: float | None  # percent of the cohort; None for an empty cohort
    change: int | None  # completed minus the lesson before's; None for the first


def lesson_rows(
    modules: Sequence[ModuleLike], completed: Mapping[tuple[str, str], int], size: int
) -> list[LessonRow]:
    """Every live lesson in course order with how many completed it, their share of
    the cohort (``size`` participants) and the change from the lesson before."""
    rows: list[LessonRow] = []
    for module in modules:
        for lesson in module.lessons:
            done = completed.get((module.slug, lesson.slug), 0)
            rows.append(
                LessonRow(
                    module.title,
                    lesson.slug,
                    lesson.title,
                    lesson.minutes,
                    done,
                    100 * done / size if size else None,
                    done - rows[-1].completed if rows else None,
                )
            )
    return rows
