"""One page of every kind, the list that the browser sweeps (width, axe) all visit.

`{cohort}`, `{me}` and `{learner}` stand for the ids of the sweeper's cohort, the
sweeper and a participant in that cohort (see `Sweep.pages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from portal.extensions import db
from portal.models import Cohort
from portal.services import learning, quizzes
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.functional.conftest import correct_form

SWEEPER = "phone@example.org"

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
]
STAFF = [
    "/course",
    "/modules/basics",
    "/modules/basics/who-is-a-migrant",
    "/certificate",
    "/account",
    "/account/mfa",
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

    def pages(self, urls: list[str]) -> list[str]:
        """The URLs with this sweep's ids filled in."""
        ids = {"me": self.me, "cohort": self.cohort, "learner": self.learner}
        return [url.format(**ids) for url in urls]


def make_sweeper(app) -> Sweep:
    """An administrator of their own, in a cohort of their own that takes
    applications, who has passed the first module, so the matching quiz opens and
    the attempts they start touch no other test."""
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
        return Sweep(SWEEPER, user.id, cohort.id, learner.id)


def open_an_attempt(page) -> None:
    """On the matching quiz: start an attempt, or continue the one an earlier sweep
    left open (the order of the sweeps must not matter)."""
    page.goto(MATCHING_QUIZ)
    page.locator(
        'main form[action$="/start"] button, main a.button[href*="/attempts/"]'
    ).first.click()
    page.wait_for_url("**/attempts/*")
