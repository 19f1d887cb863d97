"""Reading one file of the course package: YAML that remembers lines, front matter,
and the reader that turns every fault into a :class:`Problem` at file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from portal.domain.course import Problem, Ref
from portal.rendering import extract_references


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
    """A file that cannot be read any further, and the line where it went wrong."""

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


def relative(path: Path, root: Path) -> str:
    """The path as problems name it: relative to the package root when inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def line_of(source: str, needle: str, default: int) -> int:
    """The first line of ``source`` that mentions ``needle``: for list items YAML
    gives no position of their own."""
    for number, line in enumerate(source.splitlines(), 1):
        if needle in line:
            return number
    return default


class FileReader:
    """Collects every problem found while reading one package's files."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(relative(path, self.root), line, message))

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
