"""Every page kind passes axe-core (WCAG 2.1 A and AA, and best practices), in English
and in Azerbaijani.

axe-core comes from npm (tests/e2e/package.json, installed by `make e2e`); the portal
never serves it. The site's CSP forbids inline script, so the test evaluates axe's
source through the browser's debugging protocol, which the CSP does not govern.
No rule is disabled. What axe cannot decide ("incomplete": contrast of text in the
SVG charts, arrow-only buttons) needs a person's review and does not fail the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in
from tests.e2e.page_kinds import (
    ANONYMOUS,
    APPLICANT,
    LEARNER,
    LOCKED,
    MATCHING_QUIZ,
    STAFF,
    open_an_attempt,
    open_import_preview,
)

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1 at levels A and AA, plus Deque's best practices (landmarks,
# heading order, one main, unique landmark names), which the portal also meets.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.flatMap(v => v.nodes.map(n =>
    v.id + ' at ' + n.target.join(' ') + ': '
    + n.failureSummary.replace(/\\s+/g, ' ')));
}"""
LANGUAGES = {"en": "English", "az": "Azərbaycanca"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make e2e` (npm ci --prefix tests/e2e)")
    return AXE.read_text(encoding="utf-8")


def violations(page, source: str, url: str | None = None) -> list[str]:
    """axe's violations on the page (visited first if a URL is given), each naming
    the page, the rule, the element and what is wrong."""
    if url:
        page.goto(url)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(source)
    return [f"{page.url}: {line}" for line in page.evaluate(RUN, TAGS)]


def speak(page, language: str) -> None:
    """Pick the interface language in the footer, as a visitor does."""
    button = page.get_by_role("button", name=LANGUAGES[language])
    if not button.is_disabled():
        with page.expect_navigation():
            button.click()
    assert page.evaluate("document.documentElement.lang") == language


def test_axe_reports_what_it_finds(page, axe_source):
    """The sweep below proves something only if axe runs and its findings come back."""
    page.goto("/pages/programme")
    page.evaluate("() => document.querySelector('main').append(new Image())")
    assert any(" image-alt at " in line for line in violations(page, axe_source))


def assert_no_violations(page, axe_source, urls) -> None:
    found = [line for url in urls for line in violations(page, axe_source, url)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_pass_axe(page, axe_source, sweeper, language):
    page.goto("/")
    speak(page, language)
    assert_no_violations(page, axe_source, sweeper.pages(ANONYMOUS))


@pytest.mark.parametrize("language", LANGUAGES)
def test_applicant_pages_pass_axe(page, axe_source, sweeper, language):
    """The application form, as the applicant with a draft sees it."""
    sign_in(page, sweeper.applicant)
    speak(page, language)
    assert_no_violations(page, axe_source, sweeper.pages(APPLICANT))


@pytest.mark.parametrize("language", LANGUAGES)
def test_study_and_staff_pages_pass_axe(page, axe_source, sweeper, language):
    sign_in(page, sweeper.email)
    speak(page, language)
    urls = sweeper.pages(STAFF)
    found = [line for url in urls for line in violations(page, axe_source, url)]
    # The page that asks before an irreversible action (retire a lesson), not confirmed.
    page.goto("/authoring/modules/1")
    page.locator('main form[action*="/retire"] button').first.click()
    page.wait_for_load_state()
    assert page.locator('main input[name="confirmed"]').count() == 1
    found += violations(page, axe_source)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_participant_pages_pass_axe(page, axe_source, sweeper, language):
    """The pages a participant sees about themselves (their attendance)."""
    sign_in(page, sweeper.learner_email)
    speak(page, language)
    assert_no_violations(page, axe_source, sweeper.pages(LEARNER))


@pytest.mark.parametrize("language", LANGUAGES)
def test_quiz_pages_pass_axe(page, axe_source, sweeper, language):
    """The attempt with every question kind's inputs, the summary before submitting,
    the overview with its attempts table, and a graded attempt's review."""
    sign_in(page, sweeper.email)
    speak(page, language)
    open_an_attempt(page)
    found = violations(page, axe_source)
    page.locator("main form button[type=submit]:not([formaction])").first.click()
    page.wait_for_load_state()
    assert page.locator('main input[name="confirmed"]').count() == 1
    found += violations(page, axe_source)
    found += violations(page, axe_source, MATCHING_QUIZ)
    page.goto("/quizzes/basics")
    page.locator('main table a[href*="/attempts/"]').first.click()
    page.wait_for_load_state()
    found += violations(page, axe_source)
    assert found == [], "\n".join(found)


@pytest.fixture
def denied_page(browser, base_url):
    """A page whose only console error may be the 403 of the locked page itself."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    forbidden = "the server responded with a status of 403"
    assert [e for e in errors if forbidden not in e] == [], errors


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_locked_page_passes_axe(denied_page, axe_source, newcomer, language):
    sign_in(denied_page, newcomer)
    speak(denied_page, language)
    assert denied_page.goto(LOCKED).status == 403
    found = violations(denied_page, axe_source)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_import_preview_passes_axe(page, axe_source, sweeper, language):
    """The preview of an uploaded programme file, before anything is imported."""
    sign_in(page, sweeper.email)
    speak(page, language)
    open_import_preview(page, sweeper.cohort)
    found = violations(page, axe_source)
    assert found == [], "\n".join(found)
