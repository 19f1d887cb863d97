"""The password rule (ASVS 6.2): length, guessability and the person's own details."""

from __future__ import annotations

import pytest

from portal.domain.passwords import MAX_LENGTH, password_problem

SHORT = "Use at least 8 characters"
GUESSABLE = "too common or too easy to guess"
PERSONAL = "Do not use your name or email address"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", SHORT),
        ("Ab1!xyz", SHORT),  # 7 characters, whatever they are
        ("Xk7#pQ2z", None),  # 8 random characters are enough
        ("k3v9m2qz", None),  # no composition rules: no capital or symbol needed
        ("all lowercase words here", None),
        ("correct horse battery", None),
        ("x" * 7 + "é", GUESSABLE),
        ("password123", GUESSABLE),
        ("P@ssw0rd1", GUESSABLE),  # l33t spelling of a common one
        ("12345678", GUESSABLE),
        ("qwertyuiop", GUESSABLE),  # a keyboard walk
        ("1q2w3e4r5t", GUESSABLE),
        ("Summer2024!", GUESSABLE),
        ("iloveyou2", GUESSABLE),
        ("z" * MAX_LENGTH, GUESSABLE),
        ("amber canyon lantern " * 3, None),  # 63 characters
        (("amber canyon lantern " * 10)[:MAX_LENGTH], None),  # long ones are fine
        ("a" * (MAX_LENGTH + 1), "Use at most 200 characters"),
    ],
)
def test_password_rule(password, problem):
    found = password_problem(password, "nigar@example.org", "Nigar Həsənova")
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    "password",
    [
        "nigar loves long walks",  # the first name
        "my name is HƏSƏNOVA ok",  # the surname, in capitals
        "n.hasanova-2026 river",  # the address's local part
        "hasanova forever blue",  # a piece of the address
    ],
)
def test_the_persons_name_and_address_are_refused(password):
    found = password_problem(password, "n.hasanova@example.org", "Nigar Həsənova")
    assert found is not None and PERSONAL in found


def test_short_name_parts_do_not_refuse_ordinary_words():
    # "Li" and "Bo" are too short to count as something a guesser would try.
    assert password_problem("lightning bolt mirror", "li@example.org", "Li Bo") is None


def test_the_message_keeps_its_template_for_translation():
    found = password_problem("short")
    assert found.template.startswith("Use at least %(min)s characters")
    assert found.params == {"min": 8, "advice": 15}
