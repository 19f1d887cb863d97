"""A participant's whole journey in a real browser, as a person would do it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, sign_in


def answer_basics_quiz(page):
    page.get_by_label("Anyone who changes the country of usual residence").check()
    page.get_by_label("Arrivals during 2023").check()
    page.get_by_label("Departures during 2023").check()
    page.locator("fieldset", has_text="one binding definition").get_by_label(
        "False"
    ).check()
    page.locator("fieldset", has_text="how many months").get_by_role("textbox").fill(
        "12"
    )
    page.locator("fieldset", has_text="country of usual").get_by_role("textbox").fill(
        "Residence"
    )


def answer_protection_quiz(page):
    steps = [
        "The person arrives and asks for protection",
        "The claim is examined",
        "A decision is made",
    ]
    for rank, step in enumerate(steps, 1):
        page.get_by_label(step).select_option(str(rank))
    page.get_by_label("Asylum seeker").select_option(label="Claim not yet decided")
    page.get_by_label("Refugee").select_option(label="Protection recognised")


def answer_final(page):
    if page.get_by_text("Every recognised refugee was first").count():
        page.locator("fieldset", has_text="Every recognised refugee").get_by_label(
            "True"
        ).check()
    if page.get_by_text("Which principle forbids").count():
        page.get_by_label("Non-refoulement").check()
    if page.get_by_text("Refugee Convention adopted").count():
        page.locator("fieldset", has_text="Refugee Convention").get_by_role(
            "textbox"
        ).fill("1951")


def submit(page):
    """Submit, then confirm on the summary page: every question was answered."""
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Check before submitting")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("You have answered")
    expect(page.locator(".notice")).to_have_count(0)  # nothing left unanswered
    page.get_by_role("button", name="Submit my answers").click()


def take(page, answer):
    page.get_by_role("button", name=re.compile("Start attempt")).click()
    answer(page)
    submit(page)
    expect(page.get_by_role("heading", name="Your result")).to_be_visible()
    expect(page.locator(".result-verdict")).to_have_text("Passed")


def test_sign_in_study_pass_and_get_certificate(page):
    sign_in(page)
    expect(page.get_by_role("heading", name="My course")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "course.png"), full_page=True)

    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is a migrant?")
    expect(page.get_by_role("navigation", name="On this page")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "lesson.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Mark as complete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measuring migration")
    page.get_by_role("button", name=re.compile("Mark as complete")).click()

    page.get_by_role("link", name="Go to the quiz").click()
    page.get_by_role("button", name=re.compile("Start attempt")).click()
    page.screenshot(path=str(ARTIFACTS / "quiz.png"), full_page=True)
    answer_basics_quiz(page)
    submit(page)
    expect(page.locator(".result-score")).to_have_text("100%")
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

    page.goto("/modules/protection/refugees")
    page.get_by_role("button", name=re.compile("Mark as complete")).click()
    page.goto("/quizzes/protection")
    take(page, answer_protection_quiz)

    page.goto("/course")
    page.get_by_role("link", name="Go to the final assessment").click()
    expect(page.locator(".facts")).to_contain_text("30 minutes")
    take(page, answer_final)

    page.get_by_role("link", name="Certificate", exact=True).click()
    page.get_by_role("button", name="Claim my certificate").click()
    code = page.locator(".certificate-panel code").inner_text()
    assert re.fullmatch(r"MS(-[0-9A-Z]{4}){4}", code)
    page.screenshot(path=str(ARTIFACTS / "certificate.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == f"certificate-{code}.pdf"

    page.get_by_role("button", name="Sign out").click()
    page.goto("/verify")
    page.get_by_label("Verification code").fill(code.lower())
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".verify-verdict")).to_contain_text("Valid certificate")
    expect(page.get_by_text("Leyla Əhmədova")).to_be_visible()
