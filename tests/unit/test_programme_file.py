"""The programme file: its two time styles, week and day arithmetic, what an
import changes, and every fault reported at its line."""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from portal.domain.programme_file import (
    SessionValues,
    Timing,
    changed_fields,
    wall_times,
    week_day,
)
from portal.package import check_course
from portal.package.programme import parse_programme

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "course"
MODULES = {"basics", "protection"}

GOOD = """\
timezone: Asia/Baku
sessions:
  - key: opening
    kind: training
    title: Opening
    week: 1
    day: tuesday
    time: "10:00"
    hours: 1.5
    speakers:
      - name: Elnur Qasımov
        organisation: State Migration Service
        role: Head of section
    modules: [protection, basics]
  - key: visit
    kind: study_visit
    title: "Study visit: the Training Center"
    description: A *short* visit.
    starts: 2027-03-02 10:00
    ends: 12:30
    timezone: Europe/Berlin
    capacity: 15
    required: false
    online: https://meet.example.org/x
  - key: two-days
    kind: partner_event
    title: Two days
    starts: 2027-03-02T09:00
    ends: 2027-03-03 17:00
    room: Hall 1
    address: Baku
"""


def test_a_good_file_reads_in_both_time_styles():
    spec, problems = parse_programme(GOOD, modules=MODULES)
    assert problems == []
    opening, visit, two_days = spec.sessions
    assert opening.timing == Timing(timedelta(minutes=90), None, 1, 1, time(10, 0))
    assert opening.time_zone == "Asia/Baku" and opening.required
    assert opening.modules == ("basics", "protection")
    assert opening.speakers[0].organisation == "State Migration Service"
    assert opening.line == 3
    assert visit.timing.starts == datetime(2027, 3, 2, 10, 0)
    assert visit.timing.length == timedelta(hours=2, minutes=30)
    assert (visit.time_zone, visit.capacity, visit.required) == (
        "Europe/Berlin",
        15,
        False,
    )
    assert visit.online_url == "https://meet.example.org/x"
    assert two_days.timing.length == timedelta(hours=32)


def session(body: str) -> str:
    """A file with one session: its first three lines are 1-3, ``body`` from 4."""
    return "sessions:\n  - key: one\n    title: One\n" + body


TIMED = '    kind: lecture\n    week: 2\n    day: monday\n    time: "10:00"\n'

# (name, text, line, message fragment)
BROKEN = [
    ("not-yaml", "sessions: [\n", 2, "the YAML cannot be read"),
    ("not-a-mapping", "- a\n- b\n", 1, "must be a mapping"),
    ("no-sessions", "timezone: Asia/Baku\n", 1, "'sessions' is required"),
    ("unknown-top-key", "colour: red\nsessions: []\n", 1, "unknown key 'colour'"),
    ("bad-zone", "timezone: Mars/Olympus\nsessions: []\n", 1, "unknown time zone"),
    ("entry-not-mapping", "sessions:\n  - just text\n", 2, "every session"),
    (
        "unknown-key",
        session(TIMED + "    hours: 2\n    colour: red\n"),
        9,
        "unknown key 'colour'",
    ),
    (
        "no-kind",
        session('    week: 2\n    day: monday\n    time: "10:00"\n    hours: 2\n'),
        2,
        "'kind' is required",
    ),
    (
        "bad-kind",
        session(TIMED.replace("lecture", "party") + "    hours: 2\n"),
        4,
        "'kind' must be one of: training",
    ),
    (
        "no-time",
        session("    kind: lecture\n    hours: 2\n"),
        2,
        "give the session's time",
    ),
    (
        "no-clock-time",
        session("    kind: lecture\n    week: 2\n    day: monday\n    hours: 2\n"),
        2,
        "'time' is required",
    ),
    (
        "both-styles",
        session(TIMED + "    starts: 2027-03-02 10:00\n    hours: 2\n"),
        5,
        "not both",
    ),
    ("no-end", session(TIMED), 2, "give the session's end"),
    (
        "ends-and-hours",
        session(TIMED + "    ends: 12:00\n    hours: 2\n"),
        9,
        "'ends' or 'hours', not both",
    ),
    (
        "end-before-start",
        session(TIMED + "    ends: 09:00\n"),
        8,
        "ends before it starts",
    ),
    (
        "absolute-end-before-start",
        session(
            "    kind: exam\n    starts: 2027-03-02 10:00\n    ends: 2027-03-01 12:00\n"
        ),
        6,
        "ends before it starts",
    ),
    (
        "bad-start",
        session("    kind: exam\n    starts: next tuesday\n    hours: 2\n"),
        5,
        "'starts' must be a date and time",
    ),
    (
        "bad-clock",
        session(TIMED.replace('"10:00"', "25:00") + "    hours: 2\n"),
        7,
        "'time' must be a time such as 10:00",
    ),
    (
        "bad-day",
        session(TIMED.replace("monday", "funday") + "    hours: 2\n"),
        6,
        "'day' must be one of: monday",
    ),
    (
        "week-zero",
        session(TIMED.replace("week: 2", "week: 0") + "    hours: 2\n"),
        5,
        "'week' must be between 1 and 104",
    ),
    (
        "week-text",
        session(TIMED.replace("week: 2", "week: two") + "    hours: 2\n"),
        5,
        "'week' must be a whole number",
    ),
    (
        "hours-zero",
        session(TIMED + "    hours: 0\n"),
        8,
        "'hours' must be between 0 and 168",
    ),
    (
        "capacity-zero",
        session(TIMED + "    hours: 2\n    capacity: 0\n"),
        9,
        "'capacity' must be 1 or more",
    ),
    (
        "required-text",
        session(TIMED + "    hours: 2\n    required: maybe\n"),
        9,
        "'required' must be true or false",
    ),
    (
        "session-zone",
        session(TIMED + "    hours: 2\n    timezone: Baku\n"),
        9,
        "unknown time zone 'Baku'",
    ),
    (
        "online-not-web",
        session(TIMED + "    hours: 2\n    online: ftp://x\n"),
        9,
        "'online' must be a web address",
    ),
    (
        "long-title",
        session(TIMED + "    hours: 2\n").replace("One", "x" * 201),
        3,
        "'title' is longer than 200 characters",
    ),
    (
        "bad-key",
        session(TIMED + "    hours: 2\n").replace("key: one", "key: One!"),
        2,
        "may hold only lowercase letters",
    ),
    (
        "duplicate-key",
        session(TIMED + "    hours: 2\n")
        + "  - key: one\n    title: Two\n"
        + TIMED
        + "    hours: 2\n",
        9,
        "the session key 'one' is used twice (first on line 2)",
    ),
    (
        "unknown-module",
        session(TIMED + "    hours: 2\n    modules:\n      - basics\n      - nope\n"),
        11,
        "no module has the slug 'nope'",
    ),
    (
        "speaker-not-mapping",
        session(TIMED + "    hours: 2\n    speakers:\n      - Elnur\n"),
        10,
        "every speaker must be a mapping",
    ),
    (
        "speaker-without-name",
        session(TIMED + "    hours: 2\n    speakers:\n      - role: Head\n"),
        10,
        "'name' is required",
    ),
    (
        "speaker-unknown-key",
        session(
            TIMED + "    hours: 2\n    speakers:\n      - name: A\n"
            "        email: a@example.org\n"
        ),
        11,
        "unknown key 'email'",
    ),
    ("anchors", session(TIMED + "    hours: &h 2\n"), 8, "anchors"),
]


@pytest.mark.parametrize(
    "text, line, fragment", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_every_fault_is_a_problem_at_its_line(text, line, fragment):
    _, problems = parse_programme(text, modules=MODULES)
    assert any(
        p.line == line and fragment in p.message and p.path == "programme.yaml"
        for p in problems
    ), [str(p) for p in problems]


def test_module_slugs_are_not_checked_without_a_course():
    text = session(TIMED + "    hours: 2\n    modules: [anything]\n")
    assert parse_programme(text)[1] == []


@pytest.mark.parametrize(
    "start, week, weekday, expected",
    [
        (date(2027, 3, 1), 1, 0, date(2027, 3, 1)),  # starts on a Monday
        (date(2027, 3, 1), 1, 3, date(2027, 3, 4)),
        (date(2027, 3, 1), 3, 1, date(2027, 3, 16)),
        (date(2027, 3, 3), 1, 1, date(2027, 3, 9)),  # Wednesday: Tuesday is last
        (date(2027, 3, 3), 1, 2, date(2027, 3, 3)),
        (date(2027, 3, 3), 2, 4, date(2027, 3, 12)),
        (date(2026, 12, 28), 1, 4, date(2027, 1, 1)),  # over the new year
        (date(2027, 3, 1), 24, 3, date(2027, 8, 12)),
    ],
)
def test_week_and_day_fall_within_the_cohorts_weeks(start, week, weekday, expected):
    found = week_day(start, week, weekday)
    assert found == expected
    assert 0 <= (found - start).days - 7 * (week - 1) < 7


def test_wall_times_of_both_styles():
    relative = Timing(timedelta(hours=2), None, 2, 3, time(10, 0))
    assert wall_times(relative, date(2027, 3, 1)) == (
        datetime(2027, 3, 11, 10, 0),
        datetime(2027, 3, 11, 12, 0),
    )
    absolute = Timing(timedelta(hours=1), datetime(2027, 5, 5, 9, 0))
    assert wall_times(absolute, None)[1] == datetime(2027, 5, 5, 10, 0)
    with pytest.raises(ValueError):
        wall_times(relative, None)


BASE = SessionValues(
    kind="training",
    title="A",
    description="",
    starts_at=datetime(2027, 3, 1, 6),
    ends_at=datetime(2027, 3, 1, 8),
    time_zone="Asia/Baku",
    room="",
    address="",
    online_url="",
    capacity=None,
    required=True,
    speakers=(("Elnur", "SMS"),),
    modules=("basics",),
)


@pytest.mark.parametrize(
    "change, expected",
    [
        ({}, ()),
        ({"ends_at": datetime(2027, 3, 1, 9)}, ("time",)),
        ({"time_zone": "Europe/Berlin", "starts_at": datetime(2027, 3, 1)}, ("time",)),
        ({"room": "Hall", "online_url": "https://x.org"}, ("place",)),
        ({"modules": (), "title": "B", "room": "Hall"}, ("place", "title", "modules")),
        ({"speakers": (("Elnur", "IOM"),)}, ("speakers",)),
        ({"capacity": 15, "required": False}, ("capacity", "required")),
    ],
)
def test_changed_fields_name_each_change_once(change, expected):
    new = SessionValues(**{**BASE.__dict__, **change})
    assert changed_fields(BASE, new) == expected


def test_course_check_reads_the_programme_file(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(FIXTURE, root)
    (root / "modules" / "programme.yaml").write_text(
        session(TIMED + "    hours: 2\n    modules: [basics, gone]\n"), "utf-8"
    )
    package, problems = check_course(
        root / "modules", root / "quizzes", root / "content" / "media"
    )
    assert [str(p) for p in problems] == [
        "modules/programme.yaml:9: no module has the slug 'gone'"
    ]
    assert [s.key for s in package.programme.sessions] == ["one"]


def test_a_course_without_a_programme_file_has_none():
    package, problems = check_course(
        FIXTURE / "modules", FIXTURE / "quizzes", FIXTURE / "content" / "media"
    )
    assert problems == [] and package.programme is None
