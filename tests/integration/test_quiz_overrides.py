"""Quiz overrides at the service level: granted, honoured, scoped, audited, raced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.domain.overrides import Grant
from portal.extensions import db
from portal.models import AuditEvent, Cohort, CohortStaff, QuizAttempt
from portal.services import quiz_overrides, quizzes
from portal.services.errors import (
    AttemptsExhausted,
    Forbidden,
    FormInvalid,
    QuizClosed,
)
from portal.timeutil import utcnow
from tests.integration.racing import race_until_refused

GRACE = timedelta(seconds=30)


@pytest.fixture
def cohort(participant, trainer):
    spring = Cohort(name="Spring")
    db.session.add(spring)
    db.session.flush()
    participant.cohort_id = spring.id
    db.session.add(CohortStaff(cohort_id=spring.id, user_id=trainer.id, duty="teacher"))
    db.session.commit()
    return spring


def use_up(user_id: int, slug: str = "basics", times: int = 3) -> None:
    for _ in range(times):
        attempt = quizzes.start_attempt(user_id, slug, utcnow(), GRACE)
        quizzes.submit_attempt(user_id, attempt.id, {}, utcnow(), GRACE)


def test_one_more_attempt_for_one_participant(course, cohort, participant, trainer):
    use_up(participant.id)
    with pytest.raises(AttemptsExhausted):
        quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
    quiz_overrides.grant_override(
        trainer, "basics", Grant(extra_attempts=1), utcnow(), user_id=participant.id
    )
    view = quizzes.quiz_view(participant.id, "basics", utcnow(), GRACE)
    assert view.attempts_left == 1 and view.limits.extra_attempts == 1
    assert quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE).number == 4


def test_an_override_is_not_anyone_elses(
    course, cohort, participant, trainer, make_user
):
    other = make_user("participant")
    other.cohort_id = cohort.id
    db.session.commit()
    for person in (participant, other):
        use_up(person.id)
    quiz_overrides.grant_override(
        trainer, "basics", Grant(extra_attempts=1), utcnow(), user_id=participant.id
    )
    with pytest.raises(AttemptsExhausted):
        quizzes.start_attempt(other.id, "basics", utcnow(), GRACE)


def test_participant_beats_cohort_and_time_is_longer(
    course, cohort, participant, trainer
):
    quiz_overrides.grant_override(
        trainer, "basics", Grant(extra_attempts=2), utcnow(), cohort_id=cohort.id
    )
    quiz_overrides.grant_override(
        trainer, "basics", Grant(time_limit=90), utcnow(), user_id=participant.id
    )
    limits = quizzes.quiz_view(participant.id, "basics", utcnow(), GRACE).limits
    assert limits.attempts == 5  # the cohort's two extra still hold
    # granting again replaces the participant's override
    quiz_overrides.grant_override(
        trainer, "basics", Grant(extra_attempts=1), utcnow(), user_id=participant.id
    )
    limits = quizzes.quiz_view(participant.id, "basics", utcnow(), GRACE).limits
    assert limits.attempts == 4


def test_a_longer_time_reaches_the_attempt_deadline(
    course, cohort, participant, trainer
):
    quiz = quizzes._load_quiz("basics")
    minutes = quiz.current.settings["time_limit"] or 0
    quiz_overrides.grant_override(
        trainer,
        "basics",
        Grant(time_limit=minutes + 60),
        utcnow(),
        user_id=participant.id,
    )
    now = utcnow()
    attempt = quizzes.start_attempt(participant.id, "basics", now, GRACE)
    if minutes:
        assert attempt.deadline == now + timedelta(minutes=minutes + 60)
    else:  # an untimed quiz stays untimed
        assert attempt.deadline is None


def test_a_cohort_close_date_refuses_late_starts(course, cohort, participant, trainer):
    past = utcnow() - timedelta(hours=1)
    quiz_overrides.grant_override(
        trainer, "basics", Grant(closes_at=past), utcnow(), cohort_id=cohort.id
    )
    with pytest.raises(QuizClosed):
        quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)
    later = utcnow() + timedelta(days=2)
    quiz_overrides.grant_override(
        trainer, "basics", Grant(closes_at=later), utcnow(), user_id=participant.id
    )
    assert quizzes.start_attempt(participant.id, "basics", utcnow(), GRACE)


def test_a_trainer_of_another_cohort_is_refused(
    app, course, cohort, participant, make_user
):
    outsider = make_user("trainer")
    autumn = Cohort(name="Autumn")
    db.session.add(autumn)
    db.session.flush()
    db.session.add(
        CohortStaff(cohort_id=autumn.id, user_id=outsider.id, duty="teacher")
    )
    db.session.commit()
    with app.test_request_context(), pytest.raises(Forbidden):
        quiz_overrides.grant_override(
            outsider,
            "basics",
            Grant(extra_attempts=1),
            utcnow(),
            user_id=participant.id,
        )
    with app.test_request_context(), pytest.raises(FormInvalid):
        quiz_overrides.grant_override(
            outsider, "basics", Grant(), utcnow(), cohort_id=autumn.id
        )


def test_grant_and_removal_are_audited(course, cohort, participant, trainer, admin):
    row = quiz_overrides.grant_override(
        trainer, "basics", Grant(extra_attempts=1), utcnow(), user_id=participant.id
    )
    quiz_overrides.remove_override(admin, row.id, utcnow())
    actions = db.session.scalars(
        select(AuditEvent.action).order_by(AuditEvent.id)
    ).all()
    assert actions == ["quiz_override.granted", "quiz_override.removed"]
    assert quizzes.quiz_view(participant.id, "basics", utcnow(), GRACE).limits == (
        quiz_overrides.limits_for(participant.id, quizzes._load_quiz("basics"))
    )


def test_used_up_names_the_cohort_teachers(app, course, cohort, participant):
    use_up(participant.id)
    with app.test_request_context():
        stuck = quiz_overrides.used_up_quizzes(participant.id)
        assert stuck.quizzes == {"basics"}
        assert "Trainer" in str(stuck.message)


def test_overridden_limit_holds_under_concurrent_starts(
    app, course, cohort, participant, trainer
):
    """Six requests race to start and submit until refused; 3 + 2 attempts allowed."""
    quiz_overrides.grant_override(
        trainer, "basics", Grant(extra_attempts=2), utcnow(), user_id=participant.id
    )
    refusals = race_until_refused(app, participant.id, "basics")
    numbers = sorted(a.number for a in db.session.scalars(select(QuizAttempt)))
    assert numbers == [1, 2, 3, 4, 5]
    assert refusals == ["exhausted"] * 6
