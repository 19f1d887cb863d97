"""The reports' shared query: who counts as a member of a cohort."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Cohort
from portal.reports.members import cohort_members


def test_cohort_members_are_its_participants_only(app, make_user):
    spring, autumn = Cohort(name="Spring"), Cohort(name="Autumn")
    db.session.add_all([spring, autumn])
    db.session.flush()
    ayla, babek = make_user(), make_user()
    elsewhere = make_user()
    trainer, applicant = make_user("trainer"), make_user("applicant")
    for user in (ayla, babek, trainer, applicant):
        user.cohort_id = spring.id
    elsewhere.cohort_id = autumn.id
    db.session.commit()
    assert set(db.session.scalars(cohort_members(spring.id))) == {ayla.id, babek.id}
    assert list(db.session.scalars(cohort_members(autumn.id))) == [elsewhere.id]
    assert list(db.session.scalars(cohort_members(autumn.id + 100))) == []
