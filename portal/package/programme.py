"""Reading the programme file (``modules/programme.yaml``): every session checked,
every fault a :class:`Problem` at file and line, nothing written anywhere."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from portal.domain.course import Problem
from portal.domain.programme import Kind
from portal.domain.programme_file import ProgrammeSpec, SessionSpec, SpeakerSpec
from portal.domain.text import N_, message
from portal.domain.zones import DEFAULT_ZONE, known_zone
from portal.package.files import FileProblem, FileReader, line_of, load_yaml, relative
from portal.package.programme_times import key_line, read_timing

PROGRAMME_FILE = "programme.yaml"
PROGRAMME_KEYS = ("timezone", "sessions")
SESSION_KEYS = (
    "key",
    "kind",
    "title",
    "description",
    "starts",
    "ends",
    "hours",
    "week",
    "day",
    "time",
    "timezone",
    "room",
    "address",
    "online",
    "capacity",
    "required",
    "speakers",
    "modules",
)
SPEAKER_KEYS = ("name", "organisation", "role")
KEY = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: The longest text each key may hold (the columns it is stored in).
LIMITS = {"key": 100, "title": 200, "room": 200, "address": 300, "online": 500}


def read_programme(
    reader: FileReader, path: Path, modules: Collection[str] | None
) -> ProgrammeSpec | None:
    """The programme file at ``path``; None (with a problem) when unreadable.

    :param modules: the module slugs sessions may name; None skips that check.
    """
    source = reader.text(path)
    if source is None:
        return None
    return _parse(reader, path, source, modules)


def parse_programme(
    text: str, name: str = PROGRAMME_FILE, modules: Collection[str] | None = None
) -> tuple[ProgrammeSpec | None, list[Problem]]:
    """Read programme YAML uploaded in the browser as the checker reads the file.

    :return: the programme (None when it cannot be read at all) and its problems.
    """
    reader = FileReader(Path())
    spec = _parse(reader, Path(name), text, modules)
    return spec, sorted(reader.problems)


def _parse(
    reader: FileReader, path: Path, source: str, modules: Collection[str] | None
) -> ProgrammeSpec | None:
    try:
        data = load_yaml(source, clock_text=True)
    except FileProblem as error:
        reader.problem(path, error.line, error.message)
        return None
    if not isinstance(data, dict):
        reader.problem(
            path,
            1,
            message(N_("a programme file must be a mapping of 'key: value' lines")),
        )
        return None
    reader.unknown_keys(data, PROGRAMME_KEYS, path)
    zone = _zone(reader, data, path, DEFAULT_ZONE)
    entries = reader.field(data, "sessions", list, path, default=[])
    file = _File(reader, path, source, zone, modules)
    sessions = []
    for entry in entries:
        if not isinstance(entry, dict):
            reader.problem(
                path,
                line_of(source, str(entry), data["__lines__"]["sessions"]),
                message(
                    N_("every session must be a mapping (start it with '- key: ...')")
                ),
            )
            continue
        session = file.session(entry)
        if session is not None:
            sessions.append(session)
    return ProgrammeSpec(relative(path, reader.root), tuple(sessions))


def _zone(reader: FileReader, data: dict, path: Path, default: str) -> str:
    name = reader.field(data, "timezone", str, path, required=False)
    if name is None:
        return default
    if not known_zone(name):
        reader.problem(
            path,
            data["__lines__"]["timezone"],
            message(
                N_("unknown time zone %(zone)r (use an IANA name such as Asia/Baku)"),
                zone=name,
            ),
        )
        return default
    return name


class _File:
    """The checks for one file's sessions, with what they share."""

    def __init__(self, reader, path, source, zone, modules):
        self.reader, self.path, self.source = reader, path, source
        self.zone, self.modules = zone, modules
        self.keys: dict[str, int] = {}

    def problem(self, at: int, template: str, /, **params: object) -> None:
        self.reader.problem(self.path, at, message(template, **params))

    def text(self, entry: dict, key: str, required: bool = False) -> str:
        value = self.reader.field(entry, key, str, self.path, required=required)
        value = (value or "").strip()
        limit = LIMITS.get(key, 200 if key in SPEAKER_KEYS else None)
        if limit and len(value) > limit:
            self.problem(
                key_line(entry, key),
                N_("'%(key)s' is longer than %(limit)s characters"),
                key=key,
                limit=limit,
            )
        return value

    def session(self, entry: dict) -> SessionSpec | None:
        """One entry of ``sessions``; None when it cannot become a session."""
        self.reader.unknown_keys(entry, SESSION_KEYS, self.path)
        key = self._key(entry)
        kind = self.choice(entry, "kind", tuple(Kind))
        title = self.text(entry, "title", required=True)
        timing = read_timing(self, entry)
        values = {
            "description": self.text(entry, "description"),
            "room": self.text(entry, "room"),
            "address": self.text(entry, "address"),
            "online_url": self._link(entry),
            "capacity": self._capacity(entry),
            "required": self.reader.field(
                entry, "required", bool, self.path, required=False, default=True
            ),
            "speakers": self._speakers(entry),
            "modules": self._modules(entry),
        }
        zone = _zone(self.reader, entry, self.path, self.zone)
        if not (key and kind and title and timing):
            return None
        return SessionSpec(key, kind, title, timing, zone, entry["__line__"], **values)

    def _key(self, entry: dict) -> str:
        key = self.text(entry, "key", required=True)
        if not key:
            return ""
        line = key_line(entry, "key")
        if not KEY.match(key):
            self.problem(
                line,
                N_(
                    "the session key %(key)r may hold only lowercase letters, "
                    "digits, '-' and '_'"
                ),
                key=key,
            )
        elif key in self.keys:
            self.problem(
                line,
                N_("the session key %(key)r is used twice (first on line %(line)s)"),
                key=key,
                line=self.keys[key],
            )
            return ""
        self.keys.setdefault(key, line)
        return key

    def choice(self, entry: dict, key: str, allowed: tuple[str, ...]) -> str:
        value = self.reader.field(entry, key, str, self.path, default="")
        if value and value.strip().lower() not in allowed:
            self.problem(
                key_line(entry, key),
                N_("'%(key)s' must be one of: %(allowed)s"),
                key=key,
                allowed=", ".join(allowed),
            )
            return ""
        return value.strip().lower()

    def _link(self, entry: dict) -> str:
        link = self.text(entry, "online")
        if link and not re.match(r"^https?://[^\s/]+\S*$", link):
            self.problem(
                key_line(entry, "online"),
                N_("'online' must be a web address starting with https://"),
            )
            return ""
        return link

    def _capacity(self, entry: dict) -> int | None:
        value = self.reader.field(entry, "capacity", int, self.path, required=False)
        if value is not None and value < 1:
            self.problem(
                key_line(entry, "capacity"),
                N_("'%(key)s' must be %(low)s or more"),
                key="capacity",
                low=1,
            )
            return None
        return value

    def _speakers(self, entry: dict) -> tuple[SpeakerSpec, ...]:
        speakers = []
        listed = self.reader.field(
            entry, "speakers", list, self.path, required=False, default=[]
        )
        for item in listed:
            if not isinstance(item, dict):
                self.problem(
                    line_of(self.source, str(item), key_line(entry, "speakers")),
                    N_("every speaker must be a mapping (start it with '- name: ...')"),
                )
                continue
            self.reader.unknown_keys(item, SPEAKER_KEYS, self.path)
            name = self.text(item, "name", required=True)
            if name:
                speakers.append(
                    SpeakerSpec(
                        name, self.text(item, "organisation"), self.text(item, "role")
                    )
                )
        return tuple(speakers)

    def _modules(self, entry: dict) -> tuple[str, ...]:
        listed = self.reader.field(
            entry, "modules", list, self.path, required=False, default=[]
        )
        slugs = []
        for slug in listed:
            line = line_of(
                self.source, str(slug), 0, after=key_line(entry, "modules") - 1
            )
            if not isinstance(slug, str):
                self.problem(line, N_("'modules' must list module slugs"))
            elif self.modules is not None and slug not in self.modules:
                self.problem(line, N_("no module has the slug %(slug)r"), slug=slug)
            elif slug not in slugs:
                slugs.append(slug)
        return tuple(sorted(slugs))
