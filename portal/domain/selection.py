"""Participant selection: eligibility flags, interview scores, ranking and decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

FIELDS_OF_STUDY = (
    "law",
    "political_science",
    "international_relations",
    "regional_studies",
    "oriental_studies",
    "public_administration",
    "sociology",
    "other",
)
CRITERIA = ("worldview", "logical_thinking", "foreign_languages")
CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
# "other" is a valid answer, but one a reviewer should look at.
LISTED_FIELDS = tuple(field for field in FIELDS_OF_STUDY if field != "other")
MIN_SCORE, MAX_SCORE = 1, 5
# Ties on the mean go to the skills the programme leans on most, in this order.
TIE_BREAK_CRITERIA = ("foreign_languages", "logical_thinking", "worldview")
_B1 = CEFR_LEVELS.index("B1")


@dataclass(frozen=True)
class ApplicantProfile:
    """What screening needs to know about an application."""

    field_of_study: str
    degree: str
    study_status: str
    graduation_year: int | None
    languages: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Flag:
    """A concern for reviewers to look at; ``code`` is stable, ``message`` is prose."""

    code: str
    message: str


def eligibility_flags(
    profile: ApplicantProfile, cohort_year: int, max_years_since_graduation: int = 2
) -> tuple[Flag, ...]:
    """Point reviewers at what needs a human look; flags never decide an application.

    :param profile: the applicant's answers.
    :param cohort_year: the year the cohort starts, the reference for "recent".
    :param max_years_since_graduation: graduating this many years before the cohort
        is still fine; one more year is flagged.
    :return: flags in a fixed order; an empty tuple means no concerns.
    """
    flags: list[Flag] = []
    if profile.field_of_study not in LISTED_FIELDS:
        flags.append(
            Flag(
                "field_not_listed",
                f"The field of study ({profile.field_of_study}) is not one of the "
                "listed fields; check that it is relevant.",
            )
        )
    if profile.study_status == "graduated":
        if profile.graduation_year is None:
            flags.append(
                Flag(
                    "graduation_year_missing",
                    "The applicant has graduated but gave no graduation year.",
                )
            )
        elif cohort_year - profile.graduation_year > max_years_since_graduation:
            flags.append(
                Flag(
                    "graduated_too_long_ago",
                    f"The applicant graduated in {profile.graduation_year}, more than "
                    f"{max_years_since_graduation} years before the {cohort_year} "
                    "cohort.",
                )
            )
    best = -1
    for language, level in profile.languages:
        normalised = level.strip().upper()
        if normalised in CEFR_LEVELS:
            best = max(best, CEFR_LEVELS.index(normalised))
        else:
            flags.append(
                Flag(
                    "unknown_cefr_level",
                    f"The level given for {language} ({level}) is not a CEFR level "
                    "(A1 to C2).",
                )
            )
    if best < _B1:
        flags.append(
            Flag(
                "no_foreign_language_b1",
                "No foreign language is declared at level B1 or above.",
            )
        )
    return tuple(flags)


@dataclass(frozen=True)
class ScoreSheet:
    """One interviewer's rubric scores for one candidate."""

    interviewer: str
    scores: Mapping[str, int]


def _validated_scores(sheet: ScoreSheet) -> dict[str, int]:
    unknown = sorted(set(sheet.scores) - set(CRITERIA))
    if unknown:
        raise ValueError(
            f"{sheet.interviewer}: unknown criterion {unknown[0]!r}; "
            f"expected {', '.join(CRITERIA)}"
        )
    for criterion in CRITERIA:
        if criterion not in sheet.scores:
            raise ValueError(f"{sheet.interviewer}: no score for {criterion!r}")
        score = sheet.scores[criterion]
        # bool is an int subclass; True must not pass as a score of 1
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not MIN_SCORE <= score <= MAX_SCORE
        ):
            raise ValueError(
                f"{sheet.interviewer}: score for {criterion!r} must be a whole "
                f"number from {MIN_SCORE} to {MAX_SCORE}, got {score!r}"
            )
    return {criterion: sheet.scores[criterion] for criterion in CRITERIA}


def _sheet_fraction(sheet: ScoreSheet) -> Fraction:
    scores = _validated_scores(sheet)
    return Fraction(sum(scores.values()), len(CRITERIA))


def _round2(value: Fraction) -> float:
    """Round half up on the exact value, so the shown figure matches hand arithmetic."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def sheet_total(sheet: ScoreSheet) -> float:
    """The mean of one interviewer's criterion scores, unrounded.

    :param sheet: a complete score sheet.
    :return: a value from 1 to 5.
    :raise ValueError: naming the criterion, if a score is missing, not a whole
        number from 1 to 5, or given for a criterion outside :data:`CRITERIA`.
    """
    return float(_sheet_fraction(sheet))


@dataclass(frozen=True)
class CandidateScore:
    """A candidate's interview result as shown to the selection panel."""

    mean: float | None
    spread: float | None
    per_criterion: Mapping[str, float]
    sheets: int
    disagreement: bool


def candidate_score(
    sheets: Sequence[ScoreSheet], disagreement_threshold: float = 1.0
) -> CandidateScore:
    """Combine interviewers' sheets; the spread is kept so disagreements get discussed.

    Arithmetic is exact and rounded once (half up, 2 dp), so equal shown means are
    equal for ranking. ``disagreement`` compares the rounded spread, as shown.

    :param sheets: one sheet per interviewer.
    :param disagreement_threshold: a spread at or above this is a disagreement.
    :return: mean and spread ``None`` without sheets; ``per_criterion`` is then empty.
    :raise ValueError: if a sheet is invalid (see :func:`sheet_total`) or one
        interviewer has two sheets, which would double their weight.
    """
    seen: set[str] = set()
    for sheet in sheets:
        if sheet.interviewer in seen:
            raise ValueError(f"{sheet.interviewer} has more than one score sheet")
        seen.add(sheet.interviewer)
    if not sheets:
        return CandidateScore(None, None, MappingProxyType({}), 0, False)
    totals = [_sheet_fraction(sheet) for sheet in sheets]
    count = len(sheets)
    per_criterion = {
        criterion: _round2(Fraction(sum(s.scores[criterion] for s in sheets), count))
        for criterion in CRITERIA
    }
    spread = _round2(max(totals) - min(totals))
    return CandidateScore(
        mean=_round2(sum(totals, Fraction(0)) / count),
        spread=spread,
        per_criterion=MappingProxyType(per_criterion),
        sheets=count,
        disagreement=spread >= disagreement_threshold,
    )


@dataclass(frozen=True)
class Candidate:
    """A candidate as ranking sees them; ``submitted_at`` breaks the last ties."""

    id: int
    score: CandidateScore
    submitted_at: datetime


def _rank_key(candidate: Candidate) -> tuple:
    score = candidate.score
    if score.mean is None:
        return (1, 0.0, (), candidate.submitted_at, candidate.id)
    criteria = tuple(
        -score.per_criterion.get(criterion, 0.0) for criterion in TIE_BREAK_CRITERIA
    )
    return (0, -score.mean, criteria, candidate.submitted_at, candidate.id)


def rank_candidates(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Order candidates for the panel, best first; the order is total, never random.

    Higher mean first; ties go to higher foreign languages, then logical thinking,
    then worldview means, then the earlier application, then the lower id.
    Unscored candidates come last, by submission time.

    :param candidates: candidates in any order.
    :return: a new list.
    :raise TypeError: if ``submitted_at`` values mix naive and aware datetimes.
    """
    return sorted(candidates, key=_rank_key)


class Decision(StrEnum):
    ADMITTED = "admitted"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"


def propose_decisions(
    ranked: Sequence[Candidate],
    capacity: int,
    waitlist_size: int,
    min_score: float = 3.0,
) -> dict[int, Decision]:
    """Propose decisions for the administrator, who has the final word.

    Candidates are taken in the order given, normally from :func:`rank_candidates`.
    Anyone unscored or below ``min_score`` is rejected and takes no seat, so a
    cohort is never filled with weak candidates just because seats are left.

    :param ranked: candidates, best first.
    :param capacity: seats in the cohort.
    :param waitlist_size: places on the waitlist.
    :param min_score: the lowest mean that can be admitted or waitlisted.
    :return: a decision for every candidate id.
    :raise ValueError: if ``capacity`` or ``waitlist_size`` is negative, or an id
        appears twice.
    """
    if capacity < 0:
        raise ValueError(f"capacity must not be negative, got {capacity}")
    if waitlist_size < 0:
        raise ValueError(f"waitlist_size must not be negative, got {waitlist_size}")
    decisions: dict[int, Decision] = {}
    admitted = waitlisted = 0
    for candidate in ranked:
        if candidate.id in decisions:
            raise ValueError(f"candidate {candidate.id} appears more than once")
        mean = candidate.score.mean
        if mean is None or mean < min_score:
            decision = Decision.REJECTED
        elif admitted < capacity:
            decision = Decision.ADMITTED
            admitted += 1
        elif waitlisted < waitlist_size:
            decision = Decision.WAITLISTED
            waitlisted += 1
        else:
            decision = Decision.REJECTED
        decisions[candidate.id] = decision
    return decisions


def next_from_waitlist(waitlist: Sequence[Candidate]) -> Candidate | None:
    """Who to offer a seat when an admitted candidate declines.

    :param waitlist: the waitlisted candidates, in any order.
    :return: the best-ranked one, or ``None`` if the waitlist is empty.
    """
    ranked = rank_candidates(waitlist)
    return ranked[0] if ranked else None
