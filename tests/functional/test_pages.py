"""Public pages: home, the programme's own pages, glossary, media, verification form."""

from __future__ import annotations

import pytest

from portal.config import ROOT


def test_home_page_links_to_sign_in(client, app):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/login"' in page and "Skip to main content" in page


def test_glossary_lists_key_terms_with_anchors(course, client):
    page = client.get("/glossary").get_data(as_text=True)
    assert 'id="international-migrant"' in page and 'id="non-refoulement"' in page
    assert page.index("Asylum seeker") < page.index("International migrant")


def test_media_is_served(course, client):
    response = client.get("/media/flows.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.get_data().startswith(b"\x89PNG")
    response.close()
    assert client.get("/media/../../pyproject.toml").status_code == 404


def test_verify_form_redirects_to_code_page(client, app):
    response = client.get("/verify?code=ms-1234")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/verify/ms-1234"
    )


def test_real_content_pages_render(app, client):
    app.config["CONTENT_DIR"] = str(ROOT / "content")
    for slug in ("programme", "eligibility", "selection", "faq", "privacy", "terms"):
        response = client.get(f"/pages/{slug}")
        assert response.status_code == 200, slug
        assert "<h2" in response.get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/pages/selection"' in home


def test_module_pages_show_reading_time(course, participant, browser):
    browser.login(participant.email)
    page = browser.get("/modules/basics").get_data(as_text=True)
    assert "min reading" in page and "of study" in page
    assert "Reading" in browser.get("/course").get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "mine", "course", "staff"),
    [
        ("applicant", True, False, False),
        ("participant", False, True, False),
        ("trainer", False, True, True),
        ("admin", False, True, True),
    ],
)
def test_navigation_follows_the_role(browser, make_user, role, mine, course, staff):
    user = make_user(role)
    browser.login(user.email)
    page = browser.get("/").get_data(as_text=True)
    nav = page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("Sign out") == 1
    assert ('href="/my-applications"' in nav) is mine
    assert ('href="/course"' in nav) is course
    assert ('href="/selection/"' in nav) is staff
    assert ("My applications" in page.split("</nav>", 1)[1]) is mine  # home button


def test_visitors_see_no_sign_out(client):
    nav = client.get("/").get_data(as_text=True).split("</nav>", 1)[0]
    assert "Sign out" not in nav and 'href="/login"' in nav


@pytest.mark.parametrize(("role", "shown"), [("trainer", False), ("admin", True)])
def test_admin_links_are_for_administrators(browser, make_user, role, shown):
    browser.login(make_user(role).email)
    for url, link in (
        ("/selection/", "Manage cohorts"),
        ("/analytics/", 'href="/admin/users"'),
        ("/authoring/", 'action="/authoring/package"'),
    ):
        assert (link in browser.get(url).get_data(as_text=True)) is shown, url


def test_contact_and_accessibility_pages_are_linked_from_every_footer(app, client):
    app.config["CONTENT_DIR"] = str(ROOT / "content")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/pages/contact"' in home and 'href="/pages/accessibility"' in home
    statement = client.get("/pages/accessibility").get_data(as_text=True)
    assert "WCAG" in statement and 'href="/pages/contact"' in statement
    privacy = client.get("/pages/privacy").get_data(as_text=True)
    assert 'href="/pages/contact"' in privacy  # the data controller's details


def test_contact_page_shows_only_configured_details(app, client):
    app.config["CONTENT_DIR"] = str(ROOT / "content")
    page = client.get("/pages/contact").get_data(as_text=True)
    assert "data controller" in page and "mailto:" not in page and "tel:" not in page
    assert "publishes the programme team" in page
    app.config.update(CONTACT_EMAIL="school@example.org", CONTACT_PHONE="+994 12 000")
    page = client.get("/pages/contact").get_data(as_text=True)
    assert 'href="mailto:school@example.org"' in page and 'href="tel:+99412000"' in page
    assert "publishes the programme team" not in page
