"""One page of every kind, the list that the browser sweeps (width, axe) all visit.

`{cohort}`, `{me}` and `{learner}` stand for the ids of the sweeper's cohort, the
sweeper and a participant in that cohort; `{draft}` and `{shortlisted}` for two
applications to it, `{certificate}` and `{code}` for the learner's certificate and
`{token}`, `{verify}` and `{change}` for the learner's set-password, address
confirmation and address change links (see `Sweep.pages` and `make_sweeper`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.admissions import Status
from portal.domain.overrides import Grant
from portal.emails import write_email
from portal.extensions import db
from portal.models import Application, Certificate, Cohort
from portal.services import interviews, learning, link_tokens, quizzes
from portal.services.announcements import edit_announcement, post_announcement
from portal.services.quiz_overrides import grant_override
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.functional.conftest import correct_form

SWEEPER = "phone@example.org"
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
    "/modules/basics",
    "/modules/basics/who-is-a-migrant",
    "/certificate",
    "/account",
    "/account/mfa",
    "/account/time-zone",
    "/announcements/",
    "/announcements/cohorts/{cohort}",
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
        learner = create_user("learner@example.org", "Sweep Learner", PASSWORD)
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
        _announcements(user, cohort.id, now)
        draft, shortlisted = _applications(cohort.id, now)
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
        )


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
