"""The demo cohort's programme: the course package's programme file imported
into it, the certificate's attendance rule, and a register taken for the sessions
already held, so the calendar, registers and reports have something to show."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from portal.domain.attendance import ExcusedPolicy, Mark
from portal.extensions import db
from portal.models import AttendanceMark, Cohort, ProgrammeSession, User
from portal.package.programme import PROGRAMME_FILE
from portal.services.programme_import import import_programme

ATTENDANCE_MINIMUM = 80
#: The demo participant's register, by the position of a past required session:
#: one late, one excused, one absent, present otherwise (about 85 % with excused
#: absences left out of the share).
DEMO_MARKS = {
    2: (Mark.LATE, "Arrived 20 minutes late (traffic)."),
    4: (Mark.EXCUSED, "Ill; a doctor's note was handed in."),
    6: (Mark.ABSENT, ""),
}


def set_up_demo_programme(
    cohort: Cohort,
    modules_dir: Path,
    trainer: User,
    participants: list[User],
    now: datetime,
) -> str:
    """Import the programme into ``cohort`` without emailing anyone, set its
    attendance rule and mark the register of past required sessions; running it
    again changes nothing.

    :return: what changed, for the setup command to print ("no changes").
    """
    path = modules_dir / PROGRAMME_FILE
    if not path.is_file():
        return f"no {PROGRAMME_FILE} in the course package"
    text = path.read_text(encoding="utf-8")
    plan = import_programme(cohort.id, text, str(path), None, now, notify=False)
    if plan.problems:
        return "programme not imported: " + "; ".join(map(str, plan.problems))
    done = []
    if plan.added or plan.changed:
        done.append(f"{len(plan.added)} sessions added, {len(plan.changed)} changed")
    if (cohort.attendance_minimum, cohort.excused_absences) != (
        ATTENDANCE_MINIMUM,
        ExcusedPolicy.EXCLUDED,
    ):
        cohort.attendance_minimum = ATTENDANCE_MINIMUM
        cohort.excused_absences = ExcusedPolicy.EXCLUDED.value
        done.append(f"attendance minimum {ATTENDANCE_MINIMUM} %")
    marked = _mark_register(cohort, trainer, participants, now)
    if marked:
        done.append(f"{marked} attendance marks")
    db.session.commit()
    return ", ".join(done) or "no changes"


def _mark_register(
    cohort: Cohort, trainer: User, participants: list[User], now: datetime
) -> int:
    """Marks for every past required session that has none yet for a person."""
    held = list(
        db.session.scalars(
            select(ProgrammeSession)
            .where(
                ProgrammeSession.cohort_id == cohort.id,
                ProgrammeSession.required.is_(True),
                ProgrammeSession.status == "scheduled",
                ProgrammeSession.ends_at < now,
            )
            .order_by(ProgrammeSession.starts_at)
        )
    )
    marked = set(
        tuple(row)
        for row in db.session.execute(
            select(AttendanceMark.session_id, AttendanceMark.user_id).where(
                AttendanceMark.session_id.in_([s.id for s in held])
            )
        ).all()
    )
    count = 0
    for person in participants:
        for position, session in enumerate(held):
            if (session.id, person.id) in marked:
                continue
            status, note = DEMO_MARKS.get(position, (Mark.PRESENT, ""))
            db.session.add(
                AttendanceMark(
                    session_id=session.id,
                    user_id=person.id,
                    status=status.value,
                    note=note,
                    source="register",
                    marked_at=session.ends_at + timedelta(minutes=5),
                    marked_by_id=trainer.id,
                )
            )
            count += 1
    return count
