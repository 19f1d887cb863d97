"""Applying in a real browser: register, confirm the email, fill in, upload, submit."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Application, Cohort
from portal.timeutil import utcnow
from tests.conftest import PASSWORD, collect_mail
from tests.e2e.conftest import ARTIFACTS, AUDIT_SCRIPT
from tests.pdfs import clean_pdf

PDF = clean_pdf()


def test_apply_and_be_screened(page, live_app, tmp_path, browser, base_url):
    with live_app.app_context():
        now = utcnow()
        cohort = Cohort(
            name="E2E cohort",
            applications_open=now - timedelta(days=1),
            applications_close=now + timedelta(days=5),
            capacity=10,
        )
        db.session.add(cohort)
        db.session.commit()
        cohort_id = cohort.id

    page.goto("/apply")
    page.get_by_role("link", name="E2E cohort").click()
    page.get_by_role("link", name="Create an account to apply").click()
    page.get_by_label("Full name").fill("Kamran Əliyev")
    page.get_by_label("Email").fill("kamran@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    with collect_mail() as mailbox:  # the stored copy loses its link once sent
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Check your email")
    page.goto(mailbox.link("kamran@example.org", "verify-email"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirm your email address"
    )
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()
    page.get_by_label("Email").fill("kamran@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/apply/{cohort_id}")
    page.get_by_role("button", name="Start or continue your application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Application to")

    page.get_by_label("Date of birth").fill("2002-02-02")
    page.get_by_label("Citizenship").fill("Azerbaijan")
    page.get_by_label("Phone").fill("+994 55 123 45 67")
    page.get_by_label("City").fill("Sumqayıt")
    page.get_by_label("University").fill("ADA University")
    page.get_by_label("Field of study").select_option("international_relations")
    page.get_by_label("Degree").select_option("bachelor")
    page.get_by_label("Status").select_option("studying")
    page.get_by_label("Language 1", exact=True).fill("English")
    page.get_by_label("Level of language 1").select_option("B2")
    page.get_by_label("Motivation statement").fill(" ".join(["mobility"] * 170))
    expect(page.locator("#word-count")).to_contain_text("170 words")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    page.get_by_label("CV (PDF)").set_input_files(str(cv))
    page.get_by_label(re.compile("I have read the privacy policy")).check()
    assert page.evaluate(AUDIT_SCRIPT) == []
    page.screenshot(path=str(ARTIFACTS / "application-form.png"), full_page=True)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application has been submitted.")).to_be_visible()

    with live_app.app_context():
        application = db.session.scalars(
            select(Application).where(Application.cohort_id == cohort_id)
        ).one()
        assert application.status == "submitted" and application.cv.size == len(PDF)

    admin = browser.new_context(base_url=base_url).new_page()
    admin.goto("/login")
    admin.get_by_label("Email").fill("admin@example.org")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(f"/selection/cohorts/{cohort_id}")
    admin.get_by_role("link", name="Kamran Əliyev").click()
    assert admin.evaluate(AUDIT_SCRIPT) == []
    admin.get_by_label("Decision").select_option("shortlisted")
    admin.get_by_role("button", name="Record decision").click()
    expect(admin.get_by_text("Decision recorded")).to_be_visible()
    admin.screenshot(path=str(ARTIFACTS / "selection-application.png"), full_page=True)
    page.goto("/my-applications")
    expect(page.get_by_text("Short-listed for interview")).to_be_visible()
