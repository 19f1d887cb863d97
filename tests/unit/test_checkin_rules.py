"""The check-in rules: the window, present or late, the rotating code's steps, the
order of refusals, and what saving a register changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from portal.domain.attendance import Correction, Mark, register_changes
from portal.domain.checkin import (
    DIGITS,
    STEP_SECONDS,
    CheckInRules,
    Refusal,
    checkin_mark,
    checkin_refusal,
    checkin_window,
    code_accepted,
    code_changes_at,
    new_secret,
    room_code,
)

START = datetime(2026, 3, 2, 10, 0)
END = datetime(2026, 3, 2, 12, 0)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.mark.parametrize(
    ("moment", "inside"),
    [
        (START - timedelta(minutes=16), False),
        (START - timedelta(minutes=15, seconds=1), False),
        (START - timedelta(minutes=15), True),
        (START, True),
        (START + timedelta(minutes=90), True),
        (END - timedelta(seconds=1), True),
        (END, False),
        (END + timedelta(hours=1), False),
    ],
)
def test_the_window_opens_before_the_start_and_closes_at_the_end(moment, inside):
    assert checkin_window(START, END, 15).contains(moment) is inside


def test_the_window_says_whether_it_is_still_ahead():
    window = checkin_window(START, END, 15)
    assert window.ahead(START - timedelta(minutes=20))
    assert not window.ahead(START) and not window.ahead(END + timedelta(days=1))


@pytest.mark.parametrize(
    ("moment", "late_after", "mark"),
    [
        (START - timedelta(minutes=10), 15, Mark.PRESENT),
        (START, 15, Mark.PRESENT),
        (START + timedelta(minutes=14, seconds=59), 15, Mark.PRESENT),
        (START + timedelta(minutes=15), 15, Mark.LATE),
        (START + timedelta(minutes=80), 15, Mark.LATE),
        (START + timedelta(minutes=1), 0, Mark.LATE),
        (START + timedelta(minutes=25), 30, Mark.PRESENT),
    ],
)
def test_a_check_in_is_present_until_the_grace_is_over(moment, late_after, mark):
    assert checkin_mark(START, moment, late_after) == mark


def test_the_rules_carry_their_settings():
    rules = CheckInRules(opens_minutes=5, late_after_minutes=0)
    assert rules.window(START, END).opens == START - timedelta(minutes=5)
    assert rules.mark(START, START + timedelta(seconds=1)) == Mark.LATE


def _code_at(moment: datetime) -> str:
    """The code by pyotp's own clock: an independent check of room_code's steps."""
    totp = pyotp.TOTP(SECRET, digits=DIGITS, interval=STEP_SECONDS)
    return totp.at(moment.replace(tzinfo=UTC))


def test_the_room_code_is_a_six_digit_totp_of_one_minute_steps():
    code = room_code(SECRET, START)
    assert len(code) == DIGITS and code.isdigit()
    assert code == _code_at(START)
    assert room_code(SECRET, START + timedelta(seconds=59)) == code
    assert room_code(SECRET, START + timedelta(seconds=60)) != code


@pytest.mark.parametrize(
    ("shown_at", "typed_at", "accepted"),
    [
        (START, START, True),  # the current step
        (START, START + timedelta(seconds=59), True),
        (START, START + timedelta(seconds=61), True),  # the previous step
        (START, START + timedelta(seconds=119), True),
        (START, START + timedelta(seconds=120), False),  # two steps ago: expired
        (START, START + timedelta(minutes=30), False),
        (START + timedelta(seconds=60), START, False),  # a future step is refused
    ],
)
def test_only_the_current_and_previous_codes_are_accepted(shown_at, typed_at, accepted):
    assert code_accepted(SECRET, room_code(SECRET, shown_at), typed_at) is accepted


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", None])
def test_anything_but_six_digits_is_wrong(typed):
    assert not code_accepted(SECRET, typed, START)


def test_spaces_in_a_typed_code_are_ignored():
    code = room_code(SECRET, START)
    assert code_accepted(SECRET, f" {code[:3]} {code[3:]} ", START)


def test_each_session_gets_a_secret_of_its_own():
    made = {new_secret() for _ in range(5)}
    assert len(made) == 5 and all(len(secret) == 32 for secret in made)


def test_the_code_changes_at_the_next_step():
    moment = datetime(2026, 3, 2, 10, 0, 42)
    assert code_changes_at(moment) == datetime(2026, 3, 2, 10, 1)
    assert code_changes_at(datetime(2026, 3, 2, 10, 1)) == datetime(2026, 3, 2, 10, 2)


ALLOWED = {
    "in_cohort": True,
    "cancelled": False,
    "window_open": True,
    "already_marked": False,
    "code_ok": True,
}


@pytest.mark.parametrize(
    ("changed", "reason"),
    [
        ({}, None),
        ({"in_cohort": False}, Refusal.NOT_IN_COHORT),
        ({"in_cohort": False, "cancelled": True}, Refusal.NOT_IN_COHORT),
        ({"cancelled": True, "window_open": False}, Refusal.CANCELLED_SESSION),
        ({"window_open": False}, Refusal.OUTSIDE_WINDOW),
        ({"window_open": False, "code_ok": False}, Refusal.OUTSIDE_WINDOW),
        ({"already_marked": True}, Refusal.ALREADY_MARKED),
        ({"already_marked": True, "code_ok": False}, Refusal.ALREADY_MARKED),
        ({"code_ok": False}, Refusal.WRONG_OR_EXPIRED_CODE),
    ],
)
def test_refusals_come_in_their_order(changed, reason):
    assert checkin_refusal(**{**ALLOWED, **changed}) == reason


def test_saving_a_register_tells_first_marks_from_corrections():
    held = {1: ("present", ""), 2: ("absent", ""), 3: ("late", "bus")}
    sent = {
        1: ("present", ""),  # unchanged: recorded nowhere
        2: ("excused", "ill"),
        3: ("late", "train"),
        4: ("present", ""),
    }
    changes = register_changes(held, sent)
    assert changes.new == {4: ("present", "")}
    assert changes.corrected == (
        Correction(2, ("absent", ""), ("excused", "ill")),
        Correction(3, ("late", "bus"), ("late", "train")),
    )


def test_an_empty_register_changes_nothing():
    changes = register_changes({1: ("present", "")}, {})
    assert changes.new == {} and changes.corrected == ()
