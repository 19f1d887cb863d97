"""The programme calendar in a real browser: the month table becomes a list of days
on a 360 px phone, and printing drops navigation, filters and buttons.
Screenshots in e2e-artifacts/calendar-*.png to look at."""

from __future__ import annotations

from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.e2e.test_browser_overflow import PHONE, SIDEWAYS, WIDTH

LIST, MONTH = "/programme/", "/programme/?view=month"


def shoot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"calendar-{name}.png"), full_page=True)


def test_the_month_is_a_list_of_days_on_a_phone(browser, base_url, sweeper):
    context = browser.new_context(base_url=base_url, viewport=PHONE, is_mobile=True)
    phone = context.new_page()
    sign_in(phone, sweeper.email)
    phone.goto(MONTH)
    assert (
        phone.locator("table.cal-month thead").evaluate(
            "h => h.getBoundingClientRect().width"
        )
        <= 1
    )
    # Only days with sessions show, each named in full.
    shown = phone.locator("table.cal-month td:visible")
    assert shown.count() > 0
    assert (
        shown.count()
        == phone.locator("table.cal-month td:not(.is-empty):not(.outside)").count()
    )
    assert shown.first.locator(".cal-date-full").is_visible()
    assert phone.evaluate(SIDEWAYS) == [] and phone.evaluate(WIDTH) <= PHONE["width"]
    shoot(phone, "month-360")
    phone.goto(LIST)
    assert phone.evaluate(WIDTH) <= PHONE["width"]
    shoot(phone, "list-360")
    context.close()


def test_the_calendar_on_a_desk_and_on_paper(page, sweeper):
    sign_in(page, sweeper.email)
    page.goto(MONTH)
    assert page.locator("table.cal-month thead").is_visible()
    assert page.locator("table.cal-month tbody tr").count() >= 4
    assert page.locator("del", has_text="Border management today").count() >= 1
    shoot(page, "month-1280")
    page.goto(LIST)
    shoot(page, "list-1280")
    page.emulate_media(media="print")
    for hidden in (".site-header", "form.filters", ".cal-views", ".site-footer"):
        assert page.locator(hidden).first.is_hidden(), hidden
    colour = page.locator(".cal-entry").first.evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(0, 0, 0)"
    shoot(page, "list-print")
    page.goto(MONTH)
    assert page.locator(".cal-pager").is_hidden()
    shoot(page, "month-print")
    page.emulate_media(media="screen")
