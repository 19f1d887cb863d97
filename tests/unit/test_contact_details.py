"""Which configured contact lines the contact page shows."""

from __future__ import annotations

import pytest

from portal.pages import contact_details


@pytest.mark.parametrize(
    "config, shown",
    [
        ({}, {}),
        ({"CONTACT_EMAIL": None, "CONTACT_PHONE": ""}, {}),
        ({"CONTACT_EMAIL": " team@example.org "}, {"email": "team@example.org"}),
        (
            {"CONTACT_PHONE": "+994 12 000", "CONTACT_ADDRESS": "Baku"},
            {"phone": "+994 12 000", "address": "Baku"},
        ),
        ({"CONTACT_FAX": "1"}, {}),
    ],
)
def test_contact_details(config, shown):
    assert contact_details(config) == shown
