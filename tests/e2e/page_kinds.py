"""One page of every kind, the list that the browser sweeps (width, axe) all visit.

`{cohort}`, `{me}` and `{learner}` stand for the ids of the sweeper's cohort, the
sweeper and a participant in that cohort; `{draft}` and `{shortlisted}` for two
applications to it, `{certificate}` and `{code}` for the learner's certificate and
`{token}`, `{verify}` and `{change}` for the learner's set-password, address
confirmation and address change links; `{session}` and `{speaker}` for a programme
session of the cohort and one of its speakers, `{event}` for an optional event with
a place taken and a waiting list, `{live}` for a session on now with a check-in and
a register mark (see `Sweep.pages` and `make_sweeper`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from portal.domain.admissions import Status
from portal.domain.overrides import Grant
from portal.domain.programme import SessionValues
from portal.emails import write_email
from portal.extensions import db
from portal.models import (
    Application,
    AttendanceMark,
    Certificate,
    Cohort,
    ProgrammeSession,
    SessionRegistration,
    SessionSpeaker,
    Speaker,
)
from portal.services import (
    attendance,
    calendar_feed,
    checkin,
    interviews,
    learning,
    link_tokens,
    programme,
    quizzes,
    registrations,
    speakers,
)
from portal.services.announcements import edit_announcement, post_announcement
from portal.services.quiz_overrides import grant_override
from portal.services.speakers import SpeakerData
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.functional.conftest import correct_form

SWEEPER = "phone@example.org"
LEARNER_EMAIL = "learner@example.org"
APPLICANT_EMAIL = "sweep-applicant@example.org"

ANONYMOUS = [
    "/",
    "/login",
    "/forgot-password",
    "/register",
    "/apply",
    "/apply/{cohort}",
    "/pages/programme",
    "/pages/privacy",
    "/pages/contact",
    "/pages/accessibility",
    "/glossary",
    "/verify",
    "/verify/{code}",
    "/reset-password/{token}",
    "/verify-email/{verify}",
    "/account/email/{change}",
]
# Signed in as the applicant with a draft: the application form.
APPLICANT = [
    "/my-applications",
    "/applications/{draft}",
]
STAFF = [
    "/course",
    "/attendance/cohorts/{cohort}",
    "/attendance/cohorts/{cohort}/participants/{learner}",
    "/programme/",
    "/programme/?view=month",
    "/modules/basics",
    "/modules/basics/who-is-a-migrant",
    "/certificate",
    "/account",
    "/account/mfa",
    "/account/time-zone",
    "/announcements/",
    "/announcements/cohorts/{cohort}",
    "/programme/calendar-feed",
    "/staff/progress",
    "/authoring/",
    "/authoring/modules/1",
    "/authoring/modules/1/history",
    "/authoring/lessons/1",
    "/authoring/lessons/1/history",
    "/authoring/quizzes/1",
    "/authoring/quizzes/1/history",
    "/authoring/quizzes/1/questions/new",
    "/authoring/quizzes/1/try",
    "/analytics/",
    "/analytics/certificates",
    "/analytics/certificates/{certificate}",
    "/analytics/cohorts/{cohort}",
    "/analytics/cohorts/{cohort}/lessons",
    "/analytics/cohorts/{cohort}/quizzes",
    "/analytics/cohorts/{cohort}/quizzes/basics",
    "/analytics/participants/{learner}",
    "/staff/cohorts/{cohort}/quizzes/basics/overrides",
    "/selection/",
    "/selection/rubric",
    "/selection/cohorts/{cohort}",
    "/selection/cohorts/{cohort}/ranking",
    "/selection/cohorts/{cohort}/interviews",
    "/selection/applications/{shortlisted}",
    "/selection/applications/{shortlisted}/score",
    "/admin/cohorts",
    "/admin/cohorts/new",
    "/admin/cohorts/{cohort}",
    "/admin/users",
    "/admin/users/{me}",
    "/admin/users/invite",
    "/admin/users/name-changes",
    "/admin/audit",
    "/admin/outbox",
    "/programme/sessions/{session}",
    "/programme/sessions/{session}/edit",
    "/programme/sessions/{session}/cancel",
    "/programme/cohorts/{cohort}/sessions/new",
    "/programme/speakers",
    "/attendance/sessions/{live}",
    "/attendance/sessions/{live}/code",
    "/attendance/check-in?session={live}",
    "/programme/registrations",
    "/programme/sessions/{event}/registrations",
    "/programme/speakers/new",
    "/programme/speakers/{speaker}/edit",
    "/programme/cohorts/{cohort}/import",
]
# Signed in as the learner, a participant of the sweeper's cohort.
LEARNER = [
    "/attendance/mine",
]
# The quiz whose attempt page shows matching questions' selects.
MATCHING_QUIZ = "/quizzes/protection"
# A module that a newcomer has not unlocked: the 403 page that names what is missing.
LOCKED = "/modules/protection"


@dataclass(frozen=True)
class Sweep:
    """The account that visits every page kind, and the ids its pages are about."""

    email: str
    me: int
    cohort: int
    learner: int
    draft: int
    shortlisted: int
    certificate: int
    code: str
    token: str
    verify: str
    change: str
    applicant: str = APPLICANT_EMAIL
    session: int = 0
    speaker: int = 0
    event: int = 0
    learner_email: str = LEARNER_EMAIL
    live: int = 0  # a session on now, with a check-in and a register mark

    def pages(self, urls: list[str]) -> list[str]:
        """The URLs with this sweep's ids filled in."""
        ids = {
            "me": self.me,
            "cohort": self.cohort,
            "learner": self.learner,
            "draft": self.draft,
            "shortlisted": self.shortlisted,
            "certificate": self.certificate,
            "code": self.code,
            "token": self.token,
            "verify": self.verify,
            "change": self.change,
            "session": self.session,
            "speaker": self.speaker,
            "event": self.event,
            "live": self.live,
        }
        return [url.format(**ids) for url in urls]


def make_sweeper(app) -> Sweep:
    """An administrator of their own, in a cohort of their own that takes
    applications, who has passed the first module, so the matching quiz opens and
    the attempts they start touch no other test; with what the pages about
    applications, interviews, certificates and password links need."""
    with app.app_context():
        now = utcnow()
        cohort = Cohort(
            name="Sweep cohort",
            applications_open=now - timedelta(days=1),
            applications_close=now + timedelta(days=5),
            capacity=10,
        )
        db.session.add(cohort)
        db.session.commit()
        user = create_user(SWEEPER, "Phone Sweep", PASSWORD, "admin")
        learner = create_user(LEARNER_EMAIL, "Sweep Learner", PASSWORD)
        user.cohort_id = learner.cohort_id = cohort.id
        db.session.commit()
        learning.complete_lesson(learner.id, "basics", "who-is-a-migrant", now)
        for lesson in ("who-is-a-migrant", "measuring"):
            learning.complete_lesson(user.id, "basics", lesson, now)
        attempt = quizzes.start_attempt(user.id, "basics", now, timedelta(0))
        quizzes.submit_attempt(
            user.id, attempt.id, correct_form(attempt), now, timedelta(0)
        )
        # The overrides table has a row with an override and its remove button.
        grant_override(user, "basics", Grant(extra_attempts=2), now, user_id=learner.id)
        draft, shortlisted = _applications(cohort.id, now)
        _calendar_week(cohort.id, now)
        _announcements(user, cohort.id, now)
        _attendance(cohort, [learner.id, user.id], now)
        slot = interviews.create_slot(
            user, cohort.id, now + timedelta(days=7), 30, "Room 2, Baku office"
        )
        interviews.book_slot(user, shortlisted, slot.id, now)
        certificate = Certificate(
            user_id=learner.id,
            code="MS-SWEE-PPAG-E5AB-C123",
            full_name="Sweep Learner",
            programme="Migration School",
            issued_at=now,
        )
        db.session.add(certificate)
        db.session.commit()
        # The calendar feed page shows the feed's state and its two buttons.
        calendar_feed.create_feed(user, now)
        return Sweep(
            SWEEPER,
            user.id,
            cohort.id,
            learner.id,
            draft,
            shortlisted,
            certificate.id,
            certificate.code,
            *_links(learner, now),
            **_programme(user, cohort.id, now),
            event=_event(cohort.id, user, learner, now),
            live=_session_on_now(cohort.id, user, learner, now),
        )


def _calendar_week(cohort_id: int, now) -> None:
    """A week of the cohort's programme around now: a training under way with a
    speaker, an optional online partner event, a cancelled lecture, a study visit
    over three days and a workshop that is over (the calendar pages)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    rows = [
        ("training", "Refugee status determination", -1, 3, {"room": "Room 204"}),
        (
            "partner_event",
            "IOM round table on labour migration",
            26,
            2,
            {"required": False, "online_url": "https://meet.example.org/iom"},
        ),
        ("lecture", "Border management today", 48, 2, {"status": "cancelled"}),
        (
            "study_visit",
            "Visit to the Baku regional office",
            72,
            56,
            {"address": "Binəqədi district, Baku"},
        ),
        ("workshop", "Interviewing asylum seekers", -50, 3, {"room": "Room 12"}),
    ]
    speaker = Speaker(name="Leyla Quliyeva", organisation="UNHCR", role="Officer")
    db.session.add(speaker)
    for number, (kind, title, offset, hours, extra) in enumerate(rows):
        starts = hour + timedelta(hours=offset)
        session = ProgrammeSession(
            uid=f"sweep-{number}@migration-school.test",
            cohort_id=cohort_id,
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            **extra,
        )
        db.session.add(session)
        if number == 0:
            session.speakers.append(SessionSpeaker(speaker=speaker))
    db.session.commit()


def _links(learner, now) -> list[str]:
    """Tokens of the three kinds of emailed link, for the learner (opening a page
    they lead to uses none of them up)."""
    made = [
        link_tokens.issue(learner.id, link_tokens.PASSWORD, now, 3600),
        link_tokens.issue(
            learner.id, link_tokens.VERIFY_EMAIL, now, 3600, email=learner.email
        ),
        link_tokens.issue(
            learner.id,
            link_tokens.EMAIL_CHANGE,
            now,
            3600,
            old=learner.email,
            new="learner-new@example.org",
        ),
    ]
    db.session.commit()
    return made


def _programme(user, cohort_id: int, now) -> dict[str, int]:
    """A study visit held in another zone than the reader's, with speakers, a
    place, an online link and a linked module; and the first of its speakers."""
    made = [
        speakers.add_speaker(SpeakerData(name, organisation, role), user, now)
        for name, organisation, role in (
            ("Leyla Quliyeva", "State Migration Service", "Head of unit"),
            ("Anna Berg", "UNHCR", "Protection officer"),
        )
    ]
    start = datetime.combine(now.date() + timedelta(days=3), time(9, 30))
    session = programme.create_session(
        cohort_id,
        SessionValues(
            kind="study_visit",
            title="Study visit to the Berlin reception centre",
            starts=start,
            ends=start + timedelta(days=1, hours=8),
            time_zone="Europe/Berlin",
            description="We meet **at the gate**.\n\n- passport\n- notebook",
            room="Gate 2",
            address="Oranienburger Straße 285, 13437 Berlin",
            online_url="https://meet.example.org/berlin-visit-with-a-long-address",
            capacity=20,
            required=False,
            speaker_ids=tuple(s.id for s in made),
            module_slugs=("basics",),
        ),
        user,
        now,
    )
    return {"session": session.id, "speaker": made[0].id}


def _event(cohort_id: int, user, learner, now) -> int:
    """An optional study visit with one place, the learner's, and the sweeper on
    its waiting list (their "My registrations" lists it)."""
    visit = ProgrammeSession(
        uid="sweep-visit@migration-school.test",
        cohort_id=cohort_id,
        kind="study_visit",
        title="Study visit: the Service's Baku reception centre",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=3),
        required=False,
        capacity=1,
    )
    db.session.add(visit)
    db.session.commit()
    registrations.register(visit.id, learner, now)
    db.session.add(
        SessionRegistration(
            session_id=visit.id, user_id=user.id, status="waiting", created_at=now
        )
    )
    db.session.commit()
    return visit.id


def _session_on_now(cohort_id: int, user, learner, now) -> int:
    """A training that started ten minutes ago: its register has a check-in and a
    trainer's mark, and its code screen shows a code."""
    session = ProgrammeSession(
        uid="sweep-session@migration-school.test",
        cohort_id=cohort_id,
        kind="training",
        title="Refugee status determination",
        starts_at=now - timedelta(minutes=10),
        ends_at=now + timedelta(hours=2),
        room="Room 204",
    )
    db.session.add(session)
    db.session.commit()
    screen = checkin.current_code(session.id, user, now)
    other = create_user("sweep-other@example.org", "Orxan Babayev", PASSWORD)
    other.cohort_id = cohort_id
    db.session.commit()
    checkin.check_in(session.id, learner, screen.code, now)
    attendance.take_register(session.id, {other.id: ("excused", "ill")}, user, now)
    return session.id


# Title, start in days from now, the learner's and the sweeper's marks.
SWEEP_SESSIONS = (
    ("Study visit to the Migration Service's asylum unit", -20, "present", None),
    ("International migration law: the 1951 Convention", -13, "late", "present"),
    ("Workshop: interviewing with an interpreter", -6, "excused", "absent"),
    ("Partner event with IOM Azerbaijan", 8, None, None),
)
EXCUSE = "Family emergency; told the trainer in advance"


def _attendance(cohort: Cohort, people: list[int], now) -> None:
    """An 80 % rule and four required sessions, three held, with the learner's
    and the sweeper's marks (the sweeper has none for the first)."""
    cohort.attendance_minimum = 80
    for number, (title, days, *marks) in enumerate(SWEEP_SESSIONS):
        starts = now.replace(microsecond=0) + timedelta(days=days)
        session = ProgrammeSession(
            uid=f"sweep-attendance-{number}@migration-school.test",
            cohort_id=cohort.id,
            kind="training",
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
        )
        db.session.add(session)
        db.session.flush()
        db.session.add_all(
            AttendanceMark(
                session_id=session.id,
                user_id=user_id,
                status=mark,
                note=EXCUSE if mark == "excused" else "",
            )
            for user_id, mark in zip(people, marks, strict=True)
            if mark
        )
    db.session.commit()


def _announcements(user, cohort_id: int, now) -> None:
    """Two announcements, one edited, with the Markdown staff write (the course
    home, the reader's list and the staff page show them)."""
    post_announcement(
        cohort_id,
        "Study visit to the Baku office",
        "We meet at **09:30** at the entrance. Bring:\n\n- your ID card\n"
        "- the reading on [the visa regime](https://migration.gov.az/)",
        False,
        user,
        now - timedelta(days=2),
        letters=write_email,
    )
    made = post_announcement(
        cohort_id,
        "Exam room changed",
        "The exam on *Friday* is in room 204.",
        False,
        user,
        now - timedelta(days=1),
        letters=write_email,
    )
    edit_announcement(made.id, made.title, "The exam is in room 205.", user, now)


def _applications(cohort_id: int, now) -> tuple[int, int]:
    """A draft half filled in (the applicant's form) and a short-listed application
    (the staff review, with an interview to score)."""
    made = []
    for email, name, status in (
        (APPLICANT_EMAIL, "Nigar Hüseynova", Status.DRAFT),
        ("shortlisted@example.org", "Elvin Rzayev", Status.SHORTLISTED),
    ):
        applicant = create_user(email, name, PASSWORD, "applicant")
        application = Application(
            cohort_id=cohort_id,
            user_id=applicant.id,
            status=status,
            full_name=name,
            date_of_birth=date(2001, 5, 17),
            citizenship="Azerbaijan",
            phone="+994 50 555 12 34",
            city="Gəncə",
            university="Baku State University",
            field_of_study="law",
            degree="bachelor",
            study_status="graduated",
            graduation_year=2023,
            languages=[["English", "B2"], ["Russian", "C1"]],
            motivation="I want to work on migration policy. " * 30,
            consent=True,
            created_at=now,
            updated_at=now,
            submitted_at=None if status == Status.DRAFT else now,
        )
        db.session.add(application)
        db.session.commit()
        made.append(application.id)
    return made[0], made[1]


def open_an_attempt(page) -> None:
    """On the matching quiz: start an attempt, or continue the one an earlier sweep
    left open (the order of the sweeps must not matter)."""
    page.goto(MATCHING_QUIZ)
    page.locator(
        'main form[action$="/start"] button, main a.button[href*="/attempts/"]'
    ).first.click()
    page.wait_for_url("**/attempts/*")


#: A programme file with absolute dates (the sweep cohort has no start date), so
#: the import preview lists sessions with speakers and linked modules.
PROGRAMME = """\
sessions:
  - key: sweep-opening
    kind: training
    title: "Opening: the programme, its modules and attendance rules"
    starts: 2030-03-05 10:00
    ends: "12:00"
    room: Training Center, main hall
    modules: [basics]
    speakers:
      - name: Elnur Qasımov
        organisation: State Migration Service
        role: Head of section, SMS Training Center
  - key: sweep-visit
    kind: study_visit
    title: "Study visit: a Regional Migration Department of the State Migration Service"
    starts: 2030-03-07 10:00
    hours: 4
    required: false
    capacity: 15
"""


def open_import_preview(page, cohort: int) -> None:
    """Upload :data:`PROGRAMME` on the cohort's import page and wait for the
    preview (nothing is imported); in whichever language the page speaks."""
    page.goto(f"/programme/cohorts/{cohort}/import")
    page.locator('input[name="source"][value="upload"]').check()
    page.set_input_files(
        "#file",
        files=[
            {
                "name": "programme.yaml",
                "mimeType": "text/yaml",
                "buffer": PROGRAMME.encode("utf-8"),
            }
        ],
    )
    page.locator('main form[enctype] button[type="submit"]').click()
    page.wait_for_load_state()
    assert page.locator('main form[action$="/import/confirm"]').count() == 1
