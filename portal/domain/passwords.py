"""The password rule (ASVS 6.2): long enough, not common or easily guessed, and not
made of the person's own name or email address. No composition rules."""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

from portal.domain.text import N_, Message, message

MIN_LENGTH = 8
#: Shown as advice: a single-factor password this long is hard to guess.
RECOMMENDED_LENGTH = 15
MAX_LENGTH = 200
#: zxcvbn's estimate of the guesses needed, as a power of ten: 10^8 lets a random
#: 8-character password through and stops words, names, dates, keyboard walks and
#: the common passwords zxcvbn ships (and their l33t and suffixed variants).
MIN_GUESSES_LOG10 = 8
#: zxcvbn refuses longer input; the first 72 characters are a lower bound.
_ESTIMATED = 72


def _personal_parts(email: str, name: str) -> list[str]:
    """The pieces of someone's address and name a guesser would try first."""
    local = email.strip().lower().partition("@")[0]
    parts = [local, *re.split(r"[\W_]+", local), *re.split(r"[\W_]+", name.lower())]
    return sorted({part for part in parts if len(part) >= 4})


def password_problem(password: str, email: str = "", name: str = "") -> Message | None:
    """Why ``password`` may not be used, or None when it may.

    :param email: the account's address, which the password must not contain.
    :param name: the person's name, likewise.
    :return: an English message (its template marked for translation).
    """
    if len(password) < MIN_LENGTH:
        return message(
            N_(
                "Use at least %(min)s characters: %(advice)s or more is safer. "
                "A few unrelated words are easy to remember."
            ),
            min=MIN_LENGTH,
            advice=RECOMMENDED_LENGTH,
        )
    if len(password) > MAX_LENGTH:
        return message(N_("Use at most %(max)s characters."), max=MAX_LENGTH)
    personal = _personal_parts(email, name)
    if any(part in password.lower() for part in personal):
        return message(N_("Do not use your name or email address in your password."))
    estimate = zxcvbn(password[:_ESTIMATED], user_inputs=personal)
    if estimate["guesses_log10"] < MIN_GUESSES_LOG10:
        return message(
            N_(
                "This password is too common or too easy to guess. Use a longer "
                "one, for example a few unrelated words."
            )
        )
    return None
