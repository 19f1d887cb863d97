"""Importing a programme file into a cohort: added, changed (SEQUENCE raised),
unchanged (untouched), left alone (never deleted); speakers reused."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, ProgrammeSession, Speaker
from portal.services import programme_mail
from portal.services.errors import NotFound
from portal.services.programme_import import import_programme, plan_import

FILE = """\
sessions:
  - key: opening
    kind: training
    title: Opening
    description: Welcome to the **programme**.
    week: 1
    day: tuesday
    time: "10:00"
    hours: 2
    speakers:
      - name: Elnur Qasımov
        organisation: State Migration Service
        role: Head of section
    modules: [basics]
  - key: visit
    kind: study_visit
    title: Study visit
    week: 2
    day: thursday
    time: "14:00"
    ends: "17:00"
    capacity: 15
    required: false
    speakers:
      - name: Elnur Qasımov
        organisation: State Migration Service
      - name: Sara Lindholm
        organisation: IOM
"""


@pytest.fixture
def cohort(make_cohort, course):
    # A Monday, so week 1's Tuesday is the next day (Baku is UTC+4).
    return make_cohort("Imported", starts_on=date(2027, 3, 1))


@pytest.fixture
def mail(monkeypatch):
    sent: list[tuple] = []
    monkeypatch.setattr(
        programme_mail,
        "sessions_added",
        lambda sessions, now: sent.append(("added", [s.key for s in sessions])),
    )
    monkeypatch.setattr(
        programme_mail,
        "session_changed",
        lambda s, now, changed: sent.append(("changed", s.key, tuple(changed))),
    )
    return sent


def now() -> datetime:
    return datetime(2027, 2, 1, 9, 0)


def rows(cohort) -> dict[str, ProgrammeSession]:
    return {
        s.key: s
        for s in db.session.scalars(
            select(ProgrammeSession).where(ProgrammeSession.cohort_id == cohort.id)
        )
    }


def test_a_new_programme_is_added(cohort, mail):
    plan = import_programme(cohort.id, FILE, "programme.yaml", None, now())
    assert plan.problems == [] and plan.counts()["added"] == 2
    found = rows(cohort)
    opening = found["opening"]
    assert opening.starts_at == datetime(2027, 3, 2, 6, 0)  # 10:00 in Baku
    assert opening.ends_at == datetime(2027, 3, 2, 8, 0)
    assert opening.time_zone == "Asia/Baku" and opening.sequence == 0
    assert opening.uid.endswith("@migration-school") and len(opening.uid) > 40
    assert "<strong>programme</strong>" in opening.description_html
    assert [m.module_slug for m in opening.modules] == ["basics"]
    assert opening.speakers[0].speaker.role == "Head of section"
    visit = found["visit"]
    assert visit.starts_at == datetime(2027, 3, 11, 10, 0)
    assert (visit.capacity, visit.required) == (15, False)
    assert [link.speaker.name for link in visit.speakers] == [
        "Elnur Qasımov",
        "Sara Lindholm",
    ]
    assert db.session.scalar(select(func.count(Speaker.id))) == 2  # one Elnur
    assert mail == [("added", ["opening", "visit"])]
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "programme.imported")
    )
    assert event.target == f"cohort {cohort.id}" and event.detail["added"] == 2


def test_importing_twice_changes_nothing(cohort, mail):
    import_programme(cohort.id, FILE, "programme.yaml", None, now())
    before = {k: (s.sequence, s.updated_at, s.uid) for k, s in rows(cohort).items()}
    plan = import_programme(cohort.id, FILE, "programme.yaml", None, now())
    assert plan.counts() == {"added": 0, "changed": 0, "unchanged": 2, "left_alone": 0}
    after = {k: (s.sequence, s.updated_at, s.uid) for k, s in rows(cohort).items()}
    assert after == before
    assert db.session.scalar(select(func.count(Speaker.id))) == 2
    assert mail == [("added", ["opening", "visit"])]


def test_a_change_raises_the_sequence_and_a_move_clears_the_reminder(cohort, mail):
    import_programme(cohort.id, FILE, "programme.yaml", None, now())
    visit = rows(cohort)["visit"]
    visit.reminded_at = now()
    db.session.commit()
    moved = FILE.replace('time: "14:00"', 'time: "13:00"').replace(
        "title: Opening", "title: Grand opening"
    )
    later = now() + timedelta(days=1)
    plan = import_programme(cohort.id, moved, "programme.yaml", None, later)
    assert [(p.spec.key, p.changed) for p in plan.changed] == [
        ("opening", ("title",)),
        ("visit", ("time",)),
    ]
    found = rows(cohort)
    assert found["visit"].sequence == 1 and found["visit"].reminded_at is None
    assert found["visit"].starts_at == datetime(2027, 3, 11, 9, 0)
    assert found["opening"].sequence == 1 and found["opening"].updated_at == later
    assert mail[1:] == [
        ("changed", "opening", ("title",)),
        ("changed", "visit", ("time",)),
    ]


def test_changed_speakers_and_modules_are_replaced(cohort, mail):
    import_programme(cohort.id, FILE, "programme.yaml", None, now())
    swapped = FILE.replace(
        """      - name: Elnur Qasımov
        organisation: State Migration Service
      - name: Sara Lindholm
        organisation: IOM
""",
        """      - name: Sara Lindholm
        organisation: IOM
      - name: Elnur Qasımov
        organisation: State Migration Service
""",
    ).replace("modules: [basics]", "modules: [protection, basics]")
    plan = import_programme(cohort.id, swapped, "programme.yaml", None, now())
    assert {p.spec.key: p.changed for p in plan.changed} == {
        "opening": ("modules",),
        "visit": ("speakers",),
    }
    found = rows(cohort)
    assert [link.speaker.name for link in found["visit"].speakers] == [
        "Sara Lindholm",
        "Elnur Qasımov",
    ]
    assert sorted(m.module_slug for m in found["opening"].modules) == [
        "basics",
        "protection",
    ]
    assert db.session.scalar(select(func.count(Speaker.id))) == 2


def test_sessions_not_in_the_file_are_left_alone(cohort, make_session, mail):
    made_here = make_session(cohort, title="Made in the browser")
    import_programme(cohort.id, FILE, "programme.yaml", None, now())
    shorter = FILE.split("  - key: visit")[0]
    plan = import_programme(cohort.id, shorter, "programme.yaml", None, now())
    assert sorted(s.title for s in plan.left_alone) == [
        "Made in the browser",
        "Study visit",
    ]
    assert set(rows(cohort)) == {None, "opening", "visit"}
    assert db.session.get(ProgrammeSession, made_here.id) is not None


def test_existing_speakers_are_reused(cohort, mail):
    db.session.add(Speaker(name="Sara Lindholm", organisation="IOM", role="Officer"))
    db.session.add(Speaker(name="Sara Lindholm", organisation="UNHCR"))
    db.session.commit()
    import_programme(cohort.id, FILE, "programme.yaml", None, now())
    assert db.session.scalar(select(func.count(Speaker.id))) == 3  # Elnur is new
    visit = rows(cohort)["visit"]
    assert visit.speakers[1].speaker.role == "Officer"


def test_the_same_file_serves_another_cohort(cohort, make_cohort, mail):
    other = make_cohort("Next year", starts_on=date(2028, 3, 6))
    import_programme(cohort.id, FILE, "programme.yaml", None, now())
    import_programme(other.id, FILE, "programme.yaml", None, now())
    theirs = rows(other)
    assert theirs["opening"].starts_at == datetime(2028, 3, 7, 6, 0)
    assert theirs["opening"].uid != rows(cohort)["opening"].uid


def test_problems_change_nothing(cohort, mail):
    broken = FILE.replace("modules: [basics]", "modules: [basics, gone]")
    plan = import_programme(cohort.id, broken, "programme.yaml", None, now())
    assert [str(p) for p in plan.problems] == [
        "programme.yaml:14: no module has the slug 'gone'"
    ]
    assert rows(cohort) == {} and mail == []
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_a_cohort_without_a_start_date_cannot_place_weeks(make_cohort, course, mail):
    undated = make_cohort("Undated", starts_on=None)
    plan = import_programme(undated.id, FILE, "programme.yaml", None, now())
    assert {p.line for p in plan.problems} == {2, 15}
    assert "no start date" in plan.problems[0].message and rows(undated) == {}


def test_without_notify_nobody_is_emailed(cohort, mail):
    import_programme(cohort.id, FILE, "programme.yaml", None, now(), notify=False)
    assert mail == [] and len(rows(cohort)) == 2


def test_only_teachers_and_administrators_may_import(
    cohort, make_cohort, trainer, admin, teach, participant
):
    assert plan_import(cohort.id, FILE, "p.yaml", admin, now()).problems == []
    for person in (trainer, participant):
        with pytest.raises(NotFound):
            plan_import(cohort.id, FILE, "p.yaml", person, now())
    teach(trainer, make_cohort("Elsewhere"))
    with pytest.raises(NotFound):
        plan_import(cohort.id, FILE, "p.yaml", trainer, now())
    teach(trainer, cohort)
    assert len(plan_import(cohort.id, FILE, "p.yaml", trainer, now()).added) == 2
    assert rows(cohort) == {}  # a plan writes nothing
