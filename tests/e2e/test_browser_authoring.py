"""Writing a lesson in the studio with a real browser: preview, toolbar, publish."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, AUDIT_SCRIPT, sign_in


def test_trainer_writes_and_publishes_a_lesson(page):
    sign_in(page, "trainer@example.org")
    page.get_by_role("link", name="Authoring", exact=True).click()
    expect(page.get_by_role("heading", name="Authoring studio")).to_be_visible()
    assert page.evaluate(AUDIT_SCRIPT) == []
    page.get_by_role("link", name="Migration basics", exact=True).click()
    page.get_by_label("Title").last.fill("Return and reintegration")
    page.get_by_role("button", name="Add a lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Return and reintegration"
    )

    source = page.get_by_label("Lesson text (Markdown)")
    source.fill(
        "## Coming home\n\nReturn is a process, not an event.\n\n"
        "<script>alert('x')</script>"
    )
    expect(page.locator("#preview h2")).to_have_text("Coming home")
    expect(page.locator("#preview")).not_to_contain_text("alert('x')</script>x")
    assert page.locator("#preview script").count() == 0
    source.press("End")
    page.get_by_role("button", name="Bold").click()
    page.get_by_label("Link to a glossary term").select_option(label="Asylum seeker")
    expect(source).to_have_value(
        re.compile(r"\[Asylum seeker\]\(glossary:asylum-seeker\)")
    )
    assert page.evaluate(AUDIT_SCRIPT) == []
    page.screenshot(path=str(ARTIFACTS / "authoring-lesson.png"), full_page=True)
    page.get_by_label("What changed (for the history)").fill("first version")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()
    page.get_by_role("button", name="Publish the latest draft").click()
    expect(page.get_by_text("The lesson is live.")).to_be_visible()

    page.goto("/modules/basics")
    expect(page.get_by_role("link", name="Return and reintegration")).to_be_visible()

    # Retire it again: the module is shared with the other browser tests.
    page.goto("/authoring/")
    page.get_by_role("link", name="Migration basics", exact=True).click()
    page.get_by_role("listitem").filter(
        has_text="Return and reintegration"
    ).get_by_role("button", name="Retire").click()
    expect(
        page.get_by_role("heading", name="Retire this from the course?")
    ).to_be_visible()
    assert page.evaluate(AUDIT_SCRIPT) == []  # the confirmation page is accessible
    page.get_by_role("button", name="Yes, retire it").click()
    expect(page.get_by_text("Retired: hidden from new study")).to_be_visible()
    page.goto("/modules/basics")
    expect(page.get_by_role("link", name="Return and reintegration")).to_have_count(0)


def test_the_question_editor_checks_as_you_type_in_the_page_language(page):
    sign_in(page, "trainer@example.org")
    page.goto("/authoring/")
    page.get_by_role("button", name="Azərbaycanca").click()  # the footer switch
    page.locator("a[href^='/authoring/quizzes/']").first.click()
    page.goto(page.url + "/questions/new")
    page.locator("#id").fill("e2e-check")
    page.locator("#prompt").fill("Which one?")
    page.locator("#options").fill("A\nB")  # no correct option marked
    expect(page.locator("#check-result")).to_contain_text("Düzəldilməli:")
    page.locator("#options").fill("* A\nB")
    expect(page.locator("#check-result")).to_have_text("Bu sualı saxlamaq olar.")
