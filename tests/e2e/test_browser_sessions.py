"""A trainer adds a session in a real browser, with the keyboard where a person
would; a participant of the cohort opens it and reads it in their own time."""

from __future__ import annotations

from playwright.sync_api import expect

from portal.extensions import db
from portal.models import Cohort, CohortStaff, Speaker, User
from portal.services.users import create_user
from portal.timeutil import utcnow
from tests.conftest import PASSWORD
from tests.e2e.conftest import AUDIT_SCRIPT, sign_in


def test_a_trainer_adds_a_session_the_cohort_reads(page, live_app, browser, base_url):
    with live_app.app_context():
        cohort = Cohort(name="Sessions cohort", starts_on=utcnow().date())
        db.session.add(cohort)
        db.session.flush()
        trainer = db.session.scalar(
            db.select(User).where(User.email == "trainer@example.org")
        )
        db.session.add(
            CohortStaff(cohort_id=cohort.id, user_id=trainer.id, duty="teacher")
        )
        db.session.add(
            Speaker(name="Rauf Həsənov", role="Lecturer", organisation="ADA")
        )
        reader = create_user("reader@example.org", "Reader Elsewhere", PASSWORD)
        reader.cohort_id, reader.time_zone = cohort.id, "Europe/Berlin"
        db.session.commit()
        cohort_id = cohort.id

    sign_in(page, "trainer@example.org")
    page.goto(f"/programme/cohorts/{cohort_id}/sessions/new")
    assert page.evaluate(AUDIT_SCRIPT) == []
    page.get_by_label("Kind").select_option("lecture")
    page.get_by_label("Title").fill("Statelessness in practice")
    page.get_by_label("Description (Markdown)").fill("Read **chapter 2** first.")
    page.get_by_label("Date", exact=True).fill("2027-02-15")
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("11:30")
    page.get_by_label("Room").fill("Room 12")
    page.get_by_role("checkbox", name="Rauf Həsənov, Lecturer, ADA").check()
    page.get_by_role("button", name="Add session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Statelessness in practice"
    )
    expect(page.get_by_role("status")).to_contain_text("added to the programme")
    url = page.url

    context = browser.new_context(base_url=base_url)
    reader_page = context.new_page()
    sign_in(reader_page, "reader@example.org")
    reader_page.goto(url)
    main = reader_page.locator("main")
    expect(main).to_contain_text("Monday, February 15, 2027, 07:00–08:30 Europe/Berlin")
    expect(main).to_contain_text(
        "Held in local time: Monday, February 15, 2027, 10:00–11:30 Asia/Baku"
    )
    expect(main).to_contain_text("Rauf Həsənov")
    expect(main.locator("strong", has_text="chapter 2")).to_be_visible()
    expect(main.get_by_role("link", name="Edit or reschedule")).to_have_count(0)
    context.close()
