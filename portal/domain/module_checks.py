"""The package rules about modules: slugs, order, lessons, prerequisites, links."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import NamedTuple

from portal.domain.course_data import (
    SLUG,
    CoursePackage,
    ModuleSpec,
    Problem,
    Ref,
    term_anchor,
)


def check_modules(modules: Iterable[ModuleSpec]) -> list[Problem]:
    """Slugs, order and lessons of each module, and what its prerequisites name."""
    modules = list(modules)
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
        problems += _lesson_problems(module)
    return problems + _prerequisite_problems(modules, slugs)


def _lesson_problems(module: ModuleSpec) -> list[Problem]:
    """Lesson slugs: well formed, and unique within their module."""
    problems = []
    seen: set[str] = set()
    for lesson in module.lessons:
        if not SLUG.match(lesson.slug):
            problems.append(
                Problem(
                    lesson.path,
                    2,
                    f"lesson slug {lesson.slug!r} must be lowercase words and hyphens",
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
    return problems


def _prerequisite_problems(
    modules: Iterable[ModuleSpec], slugs: Collection[str]
) -> list[Problem]:
    """Each prerequisite names another module of the package."""
    problems = []
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


def check_prerequisite_cycles(modules: Iterable[ModuleSpec]) -> list[Problem]:
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


def check_links(package: CoursePackage) -> list[Problem]:
    """Glossary terms, and every link and image of the modules' and lessons' text."""
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


class _Known(NamedTuple):
    terms: Collection[str]
    modules: Collection[str]
    lessons: Collection[tuple[str, str]]
    media: Collection[str]


def _glossary(target: str, known: _Known) -> str | None:
    if target not in known.terms:
        return f"glossary link to {target!r}: no key term has that anchor"
    return None


def _module(target: str, known: _Known) -> str | None:
    if target not in known.modules:
        return f"link to module {target!r}: no such module"
    return None


def _lesson(target: str, known: _Known) -> str | None:
    module, _, lesson = target.partition("/")
    if (module, lesson) not in known.lessons:
        return f"link to lesson {target!r}: no such lesson (write module/lesson)"
    return None


def _media(target: str, known: _Known) -> str | None:
    if target not in known.media:
        return f"image {target!r} is not in content/media/"
    return None


def _image_path(target: str, known: _Known) -> str | None:
    return f"image {target!r} must be written as media/<file of content/media/>"


def _image_alt(target: str, known: _Known) -> str | None:
    return f"image {target!r} needs alt text: ![what it shows](...)"


# One rule per kind of reference that rendering.extract_references finds.
REFERENCE_RULES: dict[str, Callable[[str, _Known], str | None]] = {
    "glossary": _glossary,
    "module": _module,
    "lesson": _lesson,
    "media": _media,
    "image-path": _image_path,
    "image-alt": _image_alt,
}


def broken_reference(ref: Ref, terms, modules, lessons, media) -> str | None:
    """What is wrong with one link or image, or None when it resolves.

    :param terms: glossary anchors; ``modules``: module slugs; ``lessons``:
        (module, lesson) slug pairs; ``media``: file names in content/media/.
    """
    rule = REFERENCE_RULES.get(ref.kind)
    return rule(ref.target, _Known(terms, modules, lessons, media)) if rule else None
