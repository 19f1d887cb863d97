"""The calendar's queries: who sees which sessions, what the filters keep, and a
fixed number of statements however many sessions and speakers there are."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portal.domain.calendar_grid import Month, grid_bounds
from portal.extensions import db
from portal.models import SessionSpeaker, Speaker, User
from portal.reports.programme import CalendarFilters, calendar_for, next_sessions
from portal.services.errors import NotFound
from portal.timeutil import utcnow
from tests.integration.counting import count_queries


def titles(calendar) -> list[str]:
    return [s.title for s in calendar.sessions]


def add_sessions(cohort, make_session, count: int, speakers: list[Speaker]) -> None:
    start = utcnow().replace(microsecond=0)
    for n in range(count):
        session = make_session(cohort, starts_at=start + timedelta(days=n))
        for position, speaker in enumerate(speakers):
            db.session.add(
                SessionSpeaker(
                    session_id=session.id, speaker_id=speaker.id, position=position
                )
            )
    db.session.commit()


def speakers(count: int) -> list[Speaker]:
    made = [Speaker(name=f"Speaker {n}", organisation="IOM") for n in range(count)]
    db.session.add_all(made)
    db.session.commit()
    return made


def statements_for_reading(viewer_id: int) -> int:
    db.session.expire_all()
    viewer = db.session.get(User, viewer_id)
    with count_queries() as statements:
        calendar = calendar_for(viewer, CalendarFilters())
        for session in calendar.sessions:  # everything the page shows
            [link.speaker.name for link in session.speakers]
            calendar.names.get(session.cohort_id)
    return len(statements)


@pytest.mark.parametrize("role", ["participant", "trainer", "admin"])
def test_the_calendar_costs_the_same_for_two_sessions_or_forty(
    app, make_user, make_cohort, make_session, teach, role
):
    few, many = make_cohort(), make_cohort()
    viewer = make_user(role)
    add_sessions(few, make_session, 2, speakers(1))
    if role == "trainer":
        teach(viewer, few)
    viewer.cohort_id = few.id if role == "participant" else None
    db.session.commit()
    small = statements_for_reading(viewer.id)
    add_sessions(many, make_session, 40, speakers(3))
    add_sessions(few, make_session, 20, speakers(2))
    if role == "trainer":
        teach(viewer, many)
    large = statements_for_reading(viewer.id)
    # participant: sessions, speakers, cohort; staff: assignments, cohorts,
    # sessions, speakers
    assert small == large <= 4


def test_filters_keep_the_kind_requirement_and_range(app, make_cohort, make_session):
    cohort = make_cohort()
    reader = User(email="r@example.org", full_name="R", role="participant")
    reader.cohort_id = cohort.id
    make_session(cohort, title="dec", starts_at=datetime(2030, 12, 31, 19, 30))
    make_session(cohort, title="jan", starts_at=datetime(2030, 12, 31, 20, 30))
    make_session(cohort, title="exam", kind="exam", starts_at=datetime(2031, 1, 9, 6))
    make_session(cohort, title="opt", required=False, starts_at=datetime(2031, 1, 9))
    starts, until = grid_bounds(Month(2031, 1), "Asia/Baku")
    assert titles(calendar_for(reader, CalendarFilters(kind="exam"))) == ["exam"]
    assert titles(calendar_for(reader, CalendarFilters(required=False))) == ["opt"]
    # January's grid starts on Monday 29 December in Baku: both edge sessions
    # overlap it; February's starts on 26 January, so neither does.
    january = CalendarFilters(starts=starts, until=until)
    assert titles(calendar_for(reader, january)) == ["dec", "jan", "opt", "exam"]
    starts, until = grid_bounds(Month(2031, 2), "Asia/Baku")
    february = CalendarFilters(starts=starts, until=until)
    assert titles(calendar_for(reader, february)) == []


def test_staff_see_only_cohorts_they_teach(
    app, make_user, make_cohort, make_session, teach
):
    taught, other = make_cohort(), make_cohort()
    make_session(taught, title="taught")
    make_session(other, title="other")
    trainer = make_user("trainer")
    assert calendar_for(trainer, CalendarFilters()).sessions == []
    teach(trainer, taught)
    assert titles(calendar_for(trainer, CalendarFilters())) == ["taught"]
    with pytest.raises(NotFound):
        calendar_for(trainer, CalendarFilters(cohort_id=other.id))
    with pytest.raises(NotFound):
        calendar_for(trainer, CalendarFilters(cohort_id=999_999))
    admin = make_user("admin")
    assert sorted(titles(calendar_for(admin, CalendarFilters()))) == ["other", "taught"]
    only = calendar_for(admin, CalendarFilters(cohort_id=other.id))
    assert titles(only) == ["other"]


def test_a_participant_sees_only_their_cohort_whatever_the_filter(
    app, make_user, make_cohort, make_session
):
    mine, other = make_cohort(), make_cohort()
    make_session(mine, title="mine")
    make_session(other, title="other")
    reader = make_user()
    assert calendar_for(reader, CalendarFilters()).sessions == []  # no cohort yet
    reader.cohort_id = mine.id
    db.session.commit()
    assert titles(calendar_for(reader, CalendarFilters(cohort_id=other.id))) == ["mine"]


def test_next_sessions_are_the_next_scheduled_ones(
    app, make_user, make_cohort, make_session
):
    cohort = make_cohort()
    now = utcnow().replace(microsecond=0)
    make_session(cohort, title="over", starts_at=now - timedelta(hours=3))
    make_session(cohort, title="running", starts_at=now - timedelta(hours=1))
    make_session(cohort, title="off", status="cancelled", starts_at=now)
    for day in (1, 2, 3):
        make_session(cohort, title=f"day {day}", starts_at=now + timedelta(days=day))
    reader = make_user()
    reader.cohort_id = cohort.id
    db.session.commit()
    assert titles(next_sessions(reader, now)) == ["running", "day 1", "day 2"]
    assert titles(next_sessions(make_user(), now)) == []
    assert titles(next_sessions(make_user("trainer"), now)) == []
