"""Absolute links in mail and calendar files: under BASE_URL, with or without a
request, and in development (no BASE_URL) from a command too."""

from __future__ import annotations

from portal.links import DEVELOPMENT_BASE_URL, absolute_url


def test_links_are_made_under_base_url_outside_a_request(app):
    assert absolute_url("programme.calendar") == "https://portal.example.org/programme/"


def test_links_are_made_under_base_url_in_a_request(app):
    with app.test_request_context(base_url="http://10.0.0.7:8000"):
        assert absolute_url("programme.calendar") == (
            "https://portal.example.org/programme/"
        )


def test_without_base_url_a_command_links_to_the_development_server(app):
    app.config["BASE_URL"] = None
    assert absolute_url("programme.calendar") == DEVELOPMENT_BASE_URL + "/programme/"
    with app.test_request_context(base_url="http://localhost:8080"):
        assert absolute_url("programme.calendar") == (
            "http://localhost:8080/programme/"
        )
