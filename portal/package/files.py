"""Reading one file of the course package: YAML that remembers lines, front matter,
and the reader that turns every fault into a :class:`Problem` at file and line.

Every message is English text kept as a :class:`~portal.domain.text.Message` (its
template marked ``N_``), so the command line prints it as it is and the studio shows
it in the trainer's language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from portal.domain.course import Problem, Ref
from portal.domain.text import N_, Message, message
from portal.rendering import extract_references


class FileProblem(Exception):
    """A file that cannot be read any further, and the line where it went wrong."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that remembers the line of every mapping and key, and
    refuses anchors and aliases: ten lines of nested aliases expand to millions of
    nodes (the "billion laughs"), and course files never need them."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FileProblem(
                event.start_mark.line + 1,
                message(
                    N_(
                        "YAML anchors (&) and aliases (*) are not allowed: "
                        "write the text out in full"
                    )
                ),
            )
        return super().compose_node(parent, index)


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


class _ClockLoader(_LineLoader):
    """The line loader that leaves times and dates as the text they are written
    as: YAML 1.1 reads ``12:00`` as the number 720 and ``2027-03-02`` as a date,
    and a programme file wants to say what it expects of each itself."""


_INT = "tag:yaml.org,2002:int"
_ClockLoader.yaml_implicit_resolvers = {
    first: [
        (tag, pattern)
        for tag, pattern in resolvers
        if tag not in (_INT, "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# Whole numbers as usual, without the base-60 form that turns 12:00 into 720.
_ClockLoader.add_implicit_resolver(
    _INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
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


#: PyYAML's commonest complaints, said so a trainer can act on them (and translated);
#: any other complaint is shown as PyYAML words it.
_YAML_PROBLEMS = (
    (
        r"mapping values are not allowed here",
        N_("a ': ' is not allowed here (put text that contains ': ' in quotes)"),
    ),
    (
        r"found unexpected end of stream",
        N_("the file ends before a quotation mark is closed"),
    ),
    (
        r"found character '\\t' that cannot start any token",
        N_("a tab character: indent with spaces only"),
    ),
    (
        r"expected <block end>, but found",
        N_("the indentation is uneven: line up the keys with spaces"),
    ),
    (r"expected ',' or '[\]}]', but got", N_("a bracket is not closed")),
    (r"could not find expected ':'", N_("a key is missing its ':'")),
    (
        r"could not determine a constructor for the tag",
        N_("tags such as !!python/... are not allowed"),
    ),
)


def _yaml_problem(problem: str) -> str:
    for pattern, template in _YAML_PROBLEMS:
        if re.match(pattern, problem):
            return message(template)
    return problem


def load_yaml(text: str, *, clock_text: bool = False) -> Any:
    """Every YAML the portal reads goes through here (course files, front matter,
    quiz revisions): safe types only, no anchors or aliases, lines remembered.

    :param clock_text: leave ``12:00`` and ``2027-03-02`` as text (the programme).
    :raise FileProblem: the text is not YAML the portal accepts.
    """
    loader = _ClockLoader if clock_text else _LineLoader
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = _yaml_problem(error.problem or str(error))
        raise FileProblem(
            line, message(N_("the YAML cannot be read: %(problem)s"), problem=problem)
        ) from error
    except yaml.YAMLError as error:
        raise FileProblem(
            1, message(N_("the YAML cannot be read: %(problem)s"), problem=str(error))
        ) from error


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Return ``(front matter, body, line number where the body starts)``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FileProblem(
            1, message(N_("the file must start with front matter between '---' lines"))
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            # The leading newline keeps YAML's line numbers equal to the file's.
            meta = load_yaml("\n" + "\n".join(lines[1:index]))
            if not isinstance(meta, dict):
                raise FileProblem(
                    2, message(N_("the front matter must be 'key: value' lines"))
                )
            return meta, "\n".join(lines[index + 1 :]), index + 2
    raise FileProblem(1, message(N_("the front matter is not closed by a '---' line")))


def relative(path: Path, root: Path) -> str:
    """The path as problems name it: relative to the package root when inside it."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def line_of(source: str, needle: str, default: int, after: int = 0) -> int:
    """The first line of ``source`` (past line ``after``) that mentions ``needle``:
    for list items YAML gives no position of their own."""
    for number, line in enumerate(source.splitlines(), 1):
        if number > after and needle in line:
            return number
    return default


#: How a problem names the kind of value a key needs.
_KIND_LABELS = {
    "str": N_("text"),
    "int": N_("a whole number"),
    "list": N_("a list"),
    "bool": N_("true or false"),
    "float": N_("a number"),
    "int or float": N_("a number"),
}


class FileReader:
    """Collects every problem found while reading one package's files."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(relative(path, self.root), line, message))

    def text(self, path: Path) -> str | None:
        """The file's text; None (with a problem) when it is not UTF-8 text."""
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.problem(path, 1, message(N_("the file is not UTF-8 text")))
        except OSError:
            self.problem(path, 1, message(N_("the file cannot be read")))
        return None

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
                self.problem(
                    path,
                    meta.get("__line__", 1),
                    message(N_("'%(key)s' is required"), key=key),
                )
            return default
        value = meta[key]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            names = (
                kind.__name__
                if isinstance(kind, type)
                else " or ".join(k.__name__ for k in kind)
            )
            label = _KIND_LABELS.get(names)
            self.problem(
                path,
                line,
                message(
                    N_("'%(key)s' must be %(kind)s"),
                    key=key,
                    kind=Message(label) if label else names,
                ),
            )
            return default
        return value

    def unknown_keys(self, meta: dict, allowed: tuple[str, ...], path: Path) -> None:
        for key, line in meta.get("__lines__", {}).items():
            if key not in allowed:
                self.problem(
                    path,
                    line,
                    message(
                        N_("unknown key '%(key)s' (allowed: %(allowed)s)"),
                        key=key,
                        allowed=", ".join(sorted(allowed)),
                    ),
                )

    def refs(self, body: str, offset: int) -> tuple[Ref, ...]:
        return tuple(
            Ref(r.kind, r.target, r.line + offset - 1) for r in extract_references(body)
        )
