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
from portal.domain.text import N_, Message, message


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
                Problem.of(
                    module.path,
                    line("slug", 1),
                    N_("slug %(slug)r must be lowercase words and hyphens"),
                    slug=module.slug,
                )
            )
        if module.slug in slugs:
            problems.append(
                Problem.of(
                    module.path,
                    line("slug", 1),
                    N_("slug %(slug)r is also used by %(path)s"),
                    slug=module.slug,
                    path=slugs[module.slug].path,
                )
            )
        slugs.setdefault(module.slug, module)
        if module.order in orders:
            problems.append(
                Problem.of(
                    module.path,
                    line("order", 1),
                    N_("order %(order)s is also used by %(path)s"),
                    order=module.order,
                    path=orders[module.order].path,
                )
            )
        orders.setdefault(module.order, module)
        if not module.lessons:
            problems.append(
                Problem.of(
                    module.path, line("lessons", 1), N_("a module needs lessons")
                )
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
                Problem.of(
                    lesson.path,
                    2,
                    N_("lesson slug %(slug)r must be lowercase words and hyphens"),
                    slug=lesson.slug,
                )
            )
        if lesson.slug in seen:
            problems.append(
                Problem.of(
                    lesson.path,
                    2,
                    N_("lesson slug %(slug)r is used twice in the module"),
                    slug=lesson.slug,
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
                    Problem.of(
                        module.path,
                        module.lines.get("prerequisites", 1),
                        N_("prerequisite %(slug)r is not a module"),
                        slug=prereq,
                    )
                )
            elif prereq == module.slug:
                problems.append(
                    Problem.of(
                        module.path,
                        module.lines.get("prerequisites", 1),
                        N_("a module cannot be its own prerequisite"),
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
        Problem.of(
            paths[slug].path,
            paths[slug].lines.get("prerequisites", 1),
            N_("prerequisites form a cycle: %(cycle)s"),
            cycle=cycle,
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
                    Problem.of(
                        module.path,
                        module.lines.get("key_terms", 1),
                        N_("glossary term %(term)r is already defined in %(path)s"),
                        term=term,
                        path=terms[anchor],
                    )
                )
            terms.setdefault(anchor, module.path)
            if not definition.strip():
                problems.append(
                    Problem.of(
                        module.path,
                        module.lines.get("key_terms", 1),
                        N_("glossary term %(term)r needs a definition"),
                        term=term,
                    )
                )
    lessons = {(m.slug, lesson.slug) for m in package.modules for lesson in m.lessons}
    modules = {m.slug for m in package.modules}
    for module in package.modules:
        sources = [(module.path, 0, module.refs)]
        sources += [(lesson.path, 0, lesson.refs) for lesson in module.lessons]
        for path, _, refs in sources:
            for ref in refs:
                broken = broken_reference(ref, terms, modules, lessons, package.media)
                if broken:
                    problems.append(Problem(path, ref.line, broken))
    return problems


class _Known(NamedTuple):
    terms: Collection[str]
    modules: Collection[str]
    lessons: Collection[tuple[str, str]]
    media: Collection[str]


def _glossary(target: str, known: _Known) -> Message | None:
    if target not in known.terms:
        return message(
            N_("glossary link to %(target)r: no key term has that anchor"),
            target=target,
        )
    return None


def _module(target: str, known: _Known) -> Message | None:
    if target not in known.modules:
        return message(N_("link to module %(target)r: no such module"), target=target)
    return None


def _lesson(target: str, known: _Known) -> Message | None:
    module, _, lesson = target.partition("/")
    if (module, lesson) not in known.lessons:
        return message(
            N_("link to lesson %(target)r: no such lesson (write module/lesson)"),
            target=target,
        )
    return None


def _media(target: str, known: _Known) -> Message | None:
    if target not in known.media:
        return message(N_("image %(target)r is not in content/media/"), target=target)
    return None


def _image_path(target: str, known: _Known) -> Message | None:
    return message(
        N_("image %(target)r must be written as media/<file of content/media/>"),
        target=target,
    )


def _image_alt(target: str, known: _Known) -> Message | None:
    return message(
        N_("image %(target)r needs alt text: ![what it shows](...)"), target=target
    )


# One rule per kind of reference that rendering.extract_references finds.
REFERENCE_RULES: dict[str, Callable[[str, _Known], Message | None]] = {
    "glossary": _glossary,
    "module": _module,
    "lesson": _lesson,
    "media": _media,
    "image-path": _image_path,
    "image-alt": _image_alt,
}


def broken_reference(ref: Ref, terms, modules, lessons, media) -> Message | None:
    """What is wrong with one link or image, or None when it resolves.

    :param terms: glossary anchors; ``modules``: module slugs; ``lessons``:
        (module, lesson) slug pairs; ``media``: file names in content/media/.
    """
    rule = REFERENCE_RULES.get(ref.kind)
    return rule(ref.target, _Known(terms, modules, lessons, media)) if rule else None
