"""The register and self check-in at the service level: marks written, corrections
audited with who, when, before and after, "mark all present", and every check-in
refusal decided by the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.domain import checkin as rules
from portal.domain.checkin import Refusal
from portal.extensions import db
from portal.models import AttendanceMark, AuditEvent
from portal.services import attendance, checkin
from portal.services.checkin import CheckInRefused
from portal.services.errors import Invalid, NotFound
from portal.timeutil import utcnow
from tests.integration.counting import count_queries


@pytest.fixture
def room(make_cohort, make_user, trainer, teach, make_session, participant):
    """A cohort taught by ``trainer`` with three participants, and a session that
    started five minutes ago."""
    cohort = make_cohort()
    teach(trainer, cohort)
    people = [participant, make_user(), make_user()]
    for person in people:
        person.cohort_id = cohort.id
    db.session.commit()
    now = utcnow().replace(microsecond=0)
    session = make_session(cohort, starts_at=now - timedelta(minutes=5))
    return cohort, session, people, now


def _marks(session_id):
    return {
        m.user_id: m
        for m in db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.session_id == session_id)
        )
    }


def _events(action):
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        )
    )


def test_taking_the_register_writes_marks_with_who_and_when(room, trainer):
    _cohort, session, (a, b, c), now = room
    new, corrected = attendance.take_register(
        session.id,
        {a.id: ("present", ""), b.id: ("excused", " doctor's note ")},
        trainer,
        now,
    )
    assert (new, corrected) == (2, 0)
    marks = _marks(session.id)
    assert set(marks) == {a.id, b.id}
    assert marks[b.id].status == "excused" and marks[b.id].note == "doctor's note"
    assert {m.source for m in marks.values()} == {"register"}
    assert {m.marked_by_id for m in marks.values()} == {trainer.id}
    assert {m.marked_at for m in marks.values()} == {now}
    [event] = _events("attendance.marked")
    assert event.actor_id == trainer.id and event.target == f"session {session.id}"
    assert event.detail == {"marked": 2, "present": 1, "excused": 1}
    assert _events("attendance.corrected") == []


def test_a_correction_is_audited_before_and_after(room, trainer, make_user, teach):
    cohort, session, (a, b, _c), now = room
    attendance.take_register(session.id, {a.id: ("absent", "")}, trainer, now)
    colleague = make_user("trainer")
    teach(colleague, cohort)
    later = now + timedelta(minutes=30)
    new, corrected = attendance.take_register(
        session.id,
        {a.id: ("late", "train delayed"), b.id: ("present", "")},
        colleague,
        later,
    )
    assert (new, corrected) == (1, 1)
    mark = _marks(session.id)[a.id]
    assert (mark.status, mark.note, mark.marked_by_id, mark.marked_at) == (
        "late",
        "train delayed",
        colleague.id,
        later,
    )
    [event] = _events("attendance.corrected")
    assert event.actor_id == colleague.id and event.at == later
    assert event.detail["participant"] == a.id
    assert event.detail["before"] == {
        "status": "absent",
        "note": "",
        "source": "register",
        "marked_by": trainer.id,
        "marked_at": now.isoformat(" ", "seconds"),
    }
    assert event.detail["after"] == {"status": "late", "note": "train delayed"}


def test_a_row_sent_unchanged_keeps_its_author_and_is_not_audited(room, trainer, admin):
    _cohort, session, (a, _b, _c), now = room
    attendance.take_register(session.id, {a.id: ("present", "")}, trainer, now)
    later = now + timedelta(hours=1)
    assert attendance.take_register(
        session.id, {a.id: ("present", "")}, admin, later
    ) == (0, 0)
    mark = _marks(session.id)[a.id]
    assert mark.marked_by_id == trainer.id and mark.marked_at == now
    assert _events("attendance.corrected") == []


@pytest.mark.parametrize(
    "bad",
    [
        lambda a, stranger: {stranger.id: ("present", "")},
        lambda a, stranger: {999_999: ("present", "")},
        lambda a, stranger: {a.id: ("sleeping", "")},
        lambda a, stranger: {a.id: ("present", "x" * 501)},
    ],
    ids=["other cohort", "unknown id", "unknown status", "note too long"],
)
def test_the_register_refuses_what_no_page_could_send(room, trainer, make_user, bad):
    _cohort, session, (a, _b, _c), now = room
    stranger = make_user()  # a participant in no cohort of this session
    with pytest.raises(Invalid):
        attendance.take_register(session.id, bad(a, stranger), trainer, now)
    assert _marks(session.id) == {}


def test_a_trainer_who_does_not_teach_the_cohort_is_told_nothing(room, make_user):
    _cohort, session, (a, _b, _c), now = room
    outsider = make_user("trainer")
    for call in (
        lambda: attendance.register_view(session.id, outsider),
        lambda: attendance.take_register(
            session.id, {a.id: ("present", "")}, outsider, now
        ),
        lambda: attendance.mark_all_present(session.id, outsider, now),
        lambda: checkin.current_code(session.id, outsider, now),
        lambda: attendance.register_view(session.id, a),
    ):
        with pytest.raises(NotFound):
            call()


def test_a_cancelled_session_has_no_register(room, trainer):
    _cohort, session, (a, _b, _c), now = room
    session.status = "cancelled"
    db.session.commit()
    with pytest.raises(Invalid):
        attendance.take_register(session.id, {a.id: ("present", "")}, trainer, now)


def test_mark_all_present_marks_only_those_not_marked(room, trainer):
    _cohort, session, (a, b, c), now = room
    attendance.take_register(session.id, {a.id: ("excused", "ill")}, trainer, now)
    _check_in(session, b, now)
    assert attendance.mark_all_present(session.id, trainer, now) == 1
    marks = _marks(session.id)
    assert (marks[a.id].status, marks[a.id].note) == ("excused", "ill")
    assert (marks[b.id].status, marks[b.id].source) == ("present", "check_in")
    assert (marks[c.id].status, marks[c.id].marked_by_id) == ("present", trainer.id)
    assert attendance.mark_all_present(session.id, trainer, now) == 0


def test_the_register_view_lists_participants_with_marks_in_few_queries(room, trainer):
    _cohort, session, (a, b, c), now = room
    attendance.take_register(session.id, {a.id: ("late", "")}, trainer, now)
    db.session.expire_all()
    assert trainer.role == "trainer"  # the signed-in user is loaded already
    with count_queries() as queries:
        register = attendance.register_view(session.id, trainer)
        names = [
            (r.user.full_name, r.mark and r.mark.status, r.marked_by)
            for r in register.rows
        ]
    assert len(queries) <= 3  # the session, the trainer's duties, the rows
    assert sorted(names) == sorted(
        [
            (a.full_name, "late", trainer.full_name),
            (b.full_name, None, None),
            (c.full_name, None, None),
        ]
    )


def _code(session, now):
    if session.checkin_secret is None:
        session.checkin_secret = rules.new_secret()
        db.session.commit()
    return rules.room_code(session.checkin_secret, now)


def _check_in(session, who, now, code=None):
    return checkin.check_in(session.id, who, code or _code(session, now), now)


def test_a_participant_checks_in_present_then_late(room, make_user, make_session):
    cohort, session, (a, b, _c), now = room
    mark = _check_in(session, a, now)
    assert (mark.status, mark.source, mark.marked_by_id) == (
        "present",
        "check_in",
        a.id,
    )
    late = now + timedelta(minutes=20)
    assert _check_in(session, b, late).status == "late"


def _refused(session, who, now, code=None) -> Refusal:
    with pytest.raises(CheckInRefused) as refused:
        _check_in(session, who, now, code)
    return refused.value.reason


def test_check_in_refusals(room, make_cohort, make_user, make_session, trainer):
    cohort, session, (a, b, c), now = room
    other = make_cohort()
    stranger = make_user()
    stranger.cohort_id = other.id
    db.session.commit()
    assert _refused(session, stranger, now) == Refusal.NOT_IN_COHORT
    assert _refused(session, trainer, now) == Refusal.NOT_IN_COHORT
    expired = _code(session, now - timedelta(minutes=3))
    assert _refused(session, a, now, expired) == Refusal.WRONG_OR_EXPIRED_CODE
    assert _refused(session, a, now, "000000x") == Refusal.WRONG_OR_EXPIRED_CODE
    code = _code(session, now)
    _check_in(session, a, now, code)
    assert _refused(session, a, now, code) == Refusal.ALREADY_MARKED  # reused
    assert _refused(session, b, now + timedelta(hours=3)) == Refusal.OUTSIDE_WINDOW
    assert _refused(session, b, now - timedelta(minutes=25)) == Refusal.OUTSIDE_WINDOW
    attendance.take_register(session.id, {c.id: ("absent", "")}, trainer, now)
    assert _refused(session, c, now) == Refusal.ALREADY_MARKED
    assert _marks(session.id)[c.id].status == "absent"  # never overwritten
    session.status = "cancelled"
    db.session.commit()
    assert _refused(session, b, now) == Refusal.CANCELLED_SESSION


def test_a_session_without_a_code_yet_takes_no_check_in(room):
    _cohort, session, (a, _b, _c), now = room
    with pytest.raises(CheckInRefused) as refused:
        checkin.check_in(session.id, a, "123456", now)
    assert refused.value.reason == Refusal.WRONG_OR_EXPIRED_CODE


def test_the_code_screen_makes_the_secret_once_and_lists_arrivals(room, trainer):
    _cohort, session, (a, _b, _c), now = room
    screen = checkin.current_code(session.id, trainer, now)
    secret = session.checkin_secret
    assert secret and screen.code == rules.room_code(secret, now)
    assert screen.state(now) == "open" and screen.arrivals == []
    checkin.check_in(session.id, a, screen.code, now)
    again = checkin.current_code(session.id, trainer, now + timedelta(seconds=61))
    assert session.checkin_secret == secret and again.code != screen.code
    assert [(x.name, x.status) for x in again.arrivals] == [(a.full_name, "present")]


def test_the_code_screen_shows_no_code_outside_the_window(room, trainer, make_session):
    cohort, _session, _people, now = room
    later = make_session(cohort, starts_at=now + timedelta(hours=2))
    screen = checkin.current_code(later.id, trainer, now)
    assert screen.code is None and screen.state(now) == "ahead"
    assert later.checkin_secret is None
    after = now + timedelta(hours=5)
    assert checkin.current_code(later.id, trainer, after).state(after) == "closed"


def test_open_sessions_are_the_cohorts_sessions_open_now(
    room, make_session, make_cohort
):
    cohort, session, (a, _b, _c), now = room
    soon = make_session(cohort, starts_at=now + timedelta(minutes=10))
    make_session(cohort, starts_at=now + timedelta(hours=1))  # not open yet
    make_session(cohort, starts_at=now - timedelta(hours=3))  # over
    make_session(cohort, starts_at=now, status="cancelled")
    make_session(make_cohort(), starts_at=now)  # another cohort's
    assert [s.id for s in checkin.open_sessions(a, now)] == [session.id, soon.id]


def test_session_links_say_what_each_reader_may_do(room, trainer, make_user):
    _cohort, session, (a, b, _c), now = room
    assert checkin.session_links(session, trainer, now).staff
    assert not checkin.session_links(session, make_user("trainer"), now).staff
    assert checkin.session_links(session, a, now).window_open
    _check_in(session, a, now)
    assert checkin.session_links(session, a, now).mark.status == "present"
    assert not checkin.session_links(session, make_user(), now).window_open
    later = now + timedelta(hours=4)
    links = checkin.session_links(session, b, later)
    assert not links.window_open and links.mark is None


def _marked_elsewhere(session_id, user_id, status="absent"):
    """Another request's mark, committed on a connection of its own."""
    with db.engine.begin() as other:
        other.execute(
            AttendanceMark.__table__.insert().values(
                session_id=session_id,
                user_id=user_id,
                status=status,
                note="",
                source="register",
                marked_at=utcnow(),
            )
        )


def test_two_trainers_marking_at_once_do_not_overwrite(room, trainer, monkeypatch):
    _cohort, session, (a, _b, _c), now = room
    real = attendance.register_changes

    def racing(existing, submitted):
        _marked_elsewhere(session.id, a.id)
        return real(existing, submitted)

    monkeypatch.setattr(attendance, "register_changes", racing)
    with pytest.raises(attendance.RegisterChanged):
        attendance.take_register(session.id, {a.id: ("present", "")}, trainer, now)
    assert _marks(session.id)[a.id].status == "absent"


def test_a_check_in_racing_a_trainers_mark_is_refused(room, monkeypatch):
    _cohort, session, (a, _b, _c), now = room
    code = _code(session, now)
    real = checkin._own_mark

    def racing(session_id, user_id):
        found = real(session_id, user_id)
        _marked_elsewhere(session_id, user_id)
        return found

    monkeypatch.setattr(checkin, "_own_mark", racing)
    assert _refused(session, a, now, code) == Refusal.ALREADY_MARKED
    assert _marks(session.id)[a.id].status == "absent"
