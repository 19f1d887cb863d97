"""Certificate eligibility and verification codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from portal.domain.attendance import AttendanceStanding
from portal.domain.progress import CourseProgress, Status, passed

# Crockford-style alphabet: no I, L, O, U, so a code read aloud or typed is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4


@dataclass(frozen=True)
class Missing:
    """One thing a participant still has to do; ``what`` is lessons, quiz, locked,
    final, course or attendance (``title`` "share": below the minimum; "to_come":
    ``detail`` required sessions still to be held)."""

    what: str
    module: str | None
    title: str
    detail: str = ""


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    missing: tuple[Missing, ...]
    attendance: AttendanceStanding | None = None  # what the rule was given


def certificate_eligibility(
    progress: CourseProgress, attendance: AttendanceStanding | None = None
) -> Eligibility:
    """The one rule: the course is completed (:func:`course_completed`): every module
    complete and the final assessment passed, or the final passed before a module
    was added; and, when the cohort sets a minimum attendance, the programme is
    finished (no required session still to come) and the share of required
    sessions held reaches the minimum. Without a minimum attendance does not count.

    :param attendance: the participant's standing, ``None`` outside a cohort.
    :return: eligibility with the list of what is still missing, in course order,
        attendance last.
    """
    missing = _course_missing(progress) + _attendance_missing(attendance)
    return Eligibility(not missing, tuple(missing), attendance)


def _attendance_missing(standing: AttendanceStanding | None) -> list[Missing]:
    if standing is None or standing.minimum is None:
        return []
    missing = []
    if not standing.meets_minimum:
        missing.append(Missing("attendance", None, "share"))
    if standing.to_come:
        left = str(len(standing.to_come))
        missing.append(Missing("attendance", None, "to_come", left))
    return missing


def _course_missing(progress: CourseProgress) -> list[Missing]:
    if progress.completed and progress.modules:
        return []
    missing: list[Missing] = []
    for module in progress.modules:
        if module.status is Status.COMPLETED:
            continue
        left = module.lessons_total - module.lessons_done
        quiz_missing = bool(module.quiz) and not passed(module.quiz_best)
        if left:
            missing.append(Missing("lessons", module.slug, module.title, str(left)))
        if quiz_missing:
            missing.append(Missing("quiz", module.slug, module.title))
        if not left and not quiz_missing:  # done in itself, but still locked
            missing.append(Missing("locked", module.slug, module.title))
    if progress.final_quiz and not progress.final_passed:
        missing.append(Missing("final", None, progress.final_quiz))
    if not progress.modules:
        missing.append(Missing("course", None, ""))
    return missing


def new_verification_code() -> str:
    """An unguessable code (80 random bits) in groups, e.g. ``MS-7K3Q-...``."""
    chars = "".join(
        secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH)
    )
    groups = [
        chars[i : i + CODE_GROUP_LENGTH]
        for i in range(0, len(chars), CODE_GROUP_LENGTH)
    ]
    return "MS-" + "-".join(groups)


def normalise_code(raw: str) -> str:
    """Accept a typed code in any case, with or without dashes and spaces."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) == 2 + CODE_GROUPS * CODE_GROUP_LENGTH and cleaned.startswith("MS"):
        cleaned = cleaned[2:]  # only then is "MS" the prefix, not the random part
    groups = [
        cleaned[i : i + CODE_GROUP_LENGTH]
        for i in range(0, len(cleaned), CODE_GROUP_LENGTH)
    ]
    return "MS-" + "-".join(groups)
