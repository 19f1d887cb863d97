"""Two-step sign-in rules: who must use it, RFC 6238 codes, replay, recovery codes."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from portal.domain.access import Assignment
from portal.domain.mfa import (
    fresh_step,
    looks_like_code,
    matching_step,
    mfa_required,
    new_recovery_codes,
    new_secret,
    normalise_recovery_code,
    pending_fresh,
    provisioning_uri,
    time_step,
)

REVIEWS = Assignment(1, "reviewer")
INTERVIEWS = Assignment(2, "interviewer")
TEACHES = Assignment(1, "teacher")


@pytest.mark.parametrize(
    ("role", "assignments", "required"),
    [
        ("admin", (), True),
        ("trainer", (), False),
        ("trainer", (TEACHES,), False),
        ("trainer", (TEACHES, REVIEWS), True),
        ("trainer", (INTERVIEWS,), True),
        ("participant", (), False),
        ("participant", (REVIEWS,), False),  # only trainers hold assigned duties
        ("applicant", (), False),
    ],
)
def test_who_must_use_two_step_sign_in(role, assignments, required):
    assert mfa_required(role, assignments) is required


# RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at T = 59 s gives
# 94287082 in 8 digits, so 287082 in 6, at time step 1.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
AT_59 = datetime.fromtimestamp(59, UTC)


def test_rfc_6238_test_vector():
    assert time_step(AT_59) == 1
    assert matching_step(RFC_SECRET, "287082", AT_59) == 1


@pytest.mark.parametrize(
    ("offset", "accepted"), [(-2, False), (-1, True), (0, True), (1, True), (2, False)]
)
def test_one_step_of_clock_drift_either_way(offset, accepted):
    secret, now = new_secret(), datetime(2026, 12, 1, 12, 0, 10, tzinfo=UTC)
    code = pyotp.TOTP(secret).at(now + timedelta(seconds=30 * offset))
    expected = time_step(now) + offset if accepted else None
    assert matching_step(secret, code, now) == expected


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12a456"])
def test_malformed_codes_match_nothing(code):
    assert matching_step(new_secret(), code, AT_59) is None


def test_a_code_may_be_typed_with_a_space():
    assert looks_like_code("287 082")
    assert matching_step(RFC_SECRET, "287 082", AT_59) == 1


@pytest.mark.parametrize(
    ("step", "last", "fresh"),
    [(10, None, True), (10, 9, True), (10, 10, False), (9, 10, False)],
)
def test_a_code_counts_once(step, last, fresh):
    assert fresh_step(step, last) is fresh


def test_secrets_are_160_bits_and_random():
    first, second = new_secret(), new_secret()
    assert len(base64.b32decode(first)) == 20 and first != second


def test_provisioning_uri_names_account_and_issuer():
    uri = provisioning_uri(RFC_SECRET, "a@example.org", "Migration School")
    assert uri.startswith("otpauth://totp/Migration%20School:a%40example.org?")
    assert f"secret={RFC_SECRET}" in uri and "issuer=Migration%20School" in uri


def test_recovery_codes_are_ten_distinct_readable_and_over_112_bits():
    codes = new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        groups = code.split("-")
        assert len(groups) == 6 and all(len(group) == 4 for group in groups)
        assert not set(code) & set("01ilo")


def test_recovery_codes_compare_without_case_spaces_or_dashes():
    assert normalise_recovery_code(" ABCD-efgh-JK ") == "abcdefghjk"
    assert normalise_recovery_code("abcde fghjk") == "abcdefghjk"


@pytest.mark.parametrize(
    ("elapsed", "fresh"),
    [(0, True), (299, True), (300, True), (301, False), (-5, False)],
)
def test_a_half_finished_sign_in_lasts_five_minutes(elapsed, fresh):
    assert pending_fresh(1000.0, 1000.0 + elapsed, 300) is fresh
