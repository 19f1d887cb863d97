"""Selection rules: eligibility flags, interview scores, ranking and decisions."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from portal.domain.selection import (
    CRITERIA,
    FIELDS_OF_STUDY,
    ApplicantProfile,
    Candidate,
    CandidateScore,
    Decision,
    ScoreSheet,
    candidate_score,
    eligibility_flags,
    next_from_waitlist,
    propose_decisions,
    rank_candidates,
    sheet_total,
)

COHORT = 2025
CLEAN = ApplicantProfile(
    field_of_study="law",
    degree="master",
    study_status="studying",
    graduation_year=2026,
    languages=(("English", "B2"),),
)
GRADUATE = replace(CLEAN, study_status="graduated", graduation_year=2024)
DAY = datetime(2025, 3, 1, 12, 0)


def sheet(interviewer, worldview, logical_thinking, foreign_languages):
    scores = dict(
        zip(CRITERIA, (worldview, logical_thinking, foreign_languages), strict=True)
    )
    return ScoreSheet(interviewer, scores)


# hand-worked totals: A 12/3 = 4, B 11/3, C 7/3, F 9/3 = 3, G 10/3
A = sheet("ana", 4, 5, 3)
B = sheet("bo", 3, 4, 4)
C = sheet("cem", 2, 3, 2)
F = sheet("fuad", 3, 3, 3)
G = sheet("gul", 4, 4, 2)


# --- eligibility flags ------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "max_years", "codes"),
    [
        (CLEAN, 2, ()),
        (GRADUATE, 2, ()),
        (replace(CLEAN, field_of_study="other"), 2, ("field_not_listed",)),
        # a value outside the list (bad import, old form) is flagged, not trusted
        (replace(CLEAN, field_of_study="astrology"), 2, ("field_not_listed",)),
        (replace(GRADUATE, graduation_year=2025), 2, ()),
        (replace(GRADUATE, graduation_year=2023), 2, ()),  # exactly the limit
        (replace(GRADUATE, graduation_year=2022), 2, ("graduated_too_long_ago",)),
        (replace(GRADUATE, graduation_year=2010), 2, ("graduated_too_long_ago",)),
        (replace(GRADUATE, graduation_year=2022), 3, ()),
        (replace(GRADUATE, graduation_year=2024), 0, ("graduated_too_long_ago",)),
        (replace(GRADUATE, graduation_year=None), 2, ("graduation_year_missing",)),
        # the graduation rules are about graduates; a student's year is expected
        (replace(CLEAN, graduation_year=None), 2, ()),
        (replace(CLEAN, languages=()), 2, ("no_foreign_language_b1",)),
        (
            replace(CLEAN, languages=(("English", "A2"),)),
            2,
            ("no_foreign_language_b1",),
        ),
        (replace(CLEAN, languages=(("English", "B1"),)), 2, ()),
        (replace(CLEAN, languages=(("English", "C2"),)), 2, ()),
        (replace(CLEAN, languages=(("English", "A1"), ("French", "C1"))), 2, ()),
        (replace(CLEAN, languages=(("English", " b2 "),)), 2, ()),
        (
            replace(CLEAN, languages=(("English", "B3"),)),
            2,
            ("unknown_cefr_level", "no_foreign_language_b1"),
        ),
        (
            replace(CLEAN, languages=(("Turkish", "native"), ("English", "B2"))),
            2,
            ("unknown_cefr_level",),
        ),
        (
            replace(CLEAN, languages=(("Turkish", "fluent"), ("Farsi", ""))),
            2,
            ("unknown_cefr_level", "unknown_cefr_level", "no_foreign_language_b1"),
        ),
        (
            replace(
                GRADUATE, field_of_study="other", graduation_year=2020, languages=()
            ),
            2,
            ("field_not_listed", "graduated_too_long_ago", "no_foreign_language_b1"),
        ),
    ],
)
def test_eligibility_flags(profile, max_years, codes):
    flags = eligibility_flags(profile, COHORT, max_years_since_graduation=max_years)
    assert tuple(flag.code for flag in flags) == codes
    assert all(flag.message.endswith(".") for flag in flags)


@pytest.mark.parametrize("field", FIELDS_OF_STUDY[:-1])
def test_every_listed_field_is_clean(field):
    assert eligibility_flags(replace(CLEAN, field_of_study=field), COHORT) == ()


@pytest.mark.parametrize(
    ("profile", "words"),
    [
        (replace(CLEAN, field_of_study="astrology"), ("astrology",)),
        (replace(GRADUATE, graduation_year=2020), ("2020", "2 years", "2025")),
        (replace(CLEAN, languages=(("Turkish", "native"),)), ("Turkish", "native")),
        (replace(CLEAN, languages=()), ("B1",)),
    ],
)
def test_flag_messages_name_the_specifics(profile, words):
    message = eligibility_flags(profile, COHORT)[0].message
    assert all(word in message for word in words)


def test_the_default_limit_is_two_years():
    late = replace(GRADUATE, graduation_year=2022)
    assert eligibility_flags(late, COHORT) == eligibility_flags(late, COHORT, 2)


# --- sheet totals -------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "total"),
    [
        ((1, 1, 1), 1.0),
        ((5, 5, 5), 5.0),
        ((4, 5, 3), 4.0),
        ((4, 4, 2), 10 / 3),
        ((1, 5, 1), 7 / 3),
    ],
)
def test_sheet_total(scores, total):
    assert sheet_total(sheet("ana", *scores)) == pytest.approx(total)


@pytest.mark.parametrize(
    ("scores", "named"),
    [
        ({"logical_thinking": 3, "foreign_languages": 3}, "worldview"),
        ({"worldview": 3, "foreign_languages": 3}, "logical_thinking"),
        ({"worldview": 3, "logical_thinking": 3}, "foreign_languages"),
        ({}, "worldview"),
        ({**A.scores, "worldview": 0}, "worldview"),
        ({**A.scores, "logical_thinking": 6}, "logical_thinking"),
        ({**A.scores, "foreign_languages": -1}, "foreign_languages"),
        ({**A.scores, "worldview": 3.5}, "worldview"),
        ({**A.scores, "worldview": "4"}, "worldview"),
        ({**A.scores, "worldview": None}, "worldview"),
        ({**A.scores, "worldview": True}, "worldview"),  # bool is not a score
        ({**A.scores, "charisma": 5}, "charisma"),
    ],
)
def test_sheet_total_rejects_a_bad_sheet(scores, named):
    with pytest.raises(ValueError, match=named):
        sheet_total(ScoreSheet("ana", scores))


# --- candidate scores -----------------------------------------------------------


def per(worldview, logical_thinking, foreign_languages):
    return dict(
        zip(CRITERIA, (worldview, logical_thinking, foreign_languages), strict=True)
    )


# five sheets totalling 9 and three totalling 10: mean 75/24 = 3.125, half up 3.13
EIGHT = [sheet(f"p{i}", 3, 3, 3) for i in range(5)] + [
    sheet(f"q{i}", 4, 3, 3) for i in range(3)
]


@pytest.mark.parametrize(
    ("sheets", "mean", "spread", "per_criterion", "disagreement"),
    [
        ([], None, None, {}, False),
        ([A], 4.0, 0.0, per(4, 5, 3), False),
        ([C], 2.33, 0.0, per(2, 3, 2), False),
        # (12 + 11) / 6 = 3.8333; spread 1/3
        ([A, B], 3.83, 0.33, per(3.5, 4.5, 3.5), False),
        # (12 + 7) / 6 = 3.1667; spread 5/3
        ([A, C], 3.17, 1.67, per(3.0, 4.0, 2.5), True),
        # (12 + 11 + 7) / 9 = 3.3333; spread 12/3 - 7/3
        ([A, B, C], 3.33, 1.67, per(3.0, 4.0, 3.0), True),
        # (11 + 9 + 10) / 9 = 3.3333; spread 2/3; criteria (3+3+4)/3, 11/3, 9/3
        ([B, F, G], 3.33, 0.67, per(3.33, 3.67, 3.0), False),
        ([C, B, A], 3.33, 1.67, per(3.0, 4.0, 3.0), True),  # order does not matter
        (EIGHT, 3.13, 0.33, per(3.38, 3.0, 3.0), False),
    ],
)
def test_candidate_score(sheets, mean, spread, per_criterion, disagreement):
    score = candidate_score(sheets)
    assert score.mean == mean
    assert score.spread == spread
    assert dict(score.per_criterion) == per_criterion
    assert score.sheets == len(sheets)
    assert score.disagreement is disagreement


@pytest.mark.parametrize(
    ("sheets", "threshold", "disagreement"),
    [
        ([A, F], 1.0, True),  # spread exactly 1.0
        ([A, G], 1.0, False),  # spread 0.67
        ([A, F], 1.01, False),
        ([A, G], 0.67, True),  # compared as shown: 2/3 rounds to 0.67
        ([A, G], 0.68, False),
        ([A, B], 0.5, False),  # spread 0.33
        ([A, B], 0.33, True),
        ([A], 0.5, False),
        ([A], 0.0, True),  # a zero threshold flags everyone
        ([], 0.0, False),  # nothing to disagree about
        ([A, C, F], 2.0, False),  # spread 1.67
        ([A, C, F], 1.5, True),
    ],
)
def test_disagreement_threshold(sheets, threshold, disagreement):
    score = candidate_score(sheets, disagreement_threshold=threshold)
    assert score.disagreement is disagreement


def test_candidate_score_rejects_an_invalid_sheet():
    with pytest.raises(ValueError, match="foreign_languages"):
        candidate_score([A, ScoreSheet("bo", {**B.scores, "foreign_languages": 9})])


def test_one_interviewer_counts_once():
    with pytest.raises(ValueError, match="ana"):
        candidate_score([A, replace(B, interviewer="ana")])


def test_per_criterion_cannot_be_changed():
    with pytest.raises(TypeError):
        candidate_score([A]).per_criterion["worldview"] = 5


# --- ranking ---------------------------------------------------------------------


def cand(id, mean, fl=3.0, lt=3.0, wv=3.0, minutes=0):
    """A candidate with a hand-set score, so each tie-break level can be isolated."""
    if mean is None:
        score = CandidateScore(None, None, {}, 0, False)
    else:
        score = CandidateScore(mean, 0.0, per(wv, lt, fl), 2, False)
    return Candidate(id, score, DAY + timedelta(minutes=minutes))


@pytest.mark.parametrize(
    ("candidates", "order"),
    [
        ([], []),
        ([cand(1, 3.5), cand(2, 4.0), cand(3, 3.75)], [2, 3, 1]),
        # the mean beats every per-criterion tie-break
        ([cand(1, 3.5, fl=5.0, lt=5.0, wv=5.0), cand(2, 3.51)], [2, 1]),
        # equal mean: foreign languages first
        ([cand(1, 4.0, fl=3.5, lt=5.0), cand(2, 4.0, fl=4.0, lt=3.0)], [2, 1]),
        # then logical thinking
        ([cand(1, 4.0, lt=3.5, wv=5.0), cand(2, 4.0, lt=4.0, wv=3.0)], [2, 1]),
        # then worldview
        ([cand(1, 4.0, wv=3.5, minutes=-60), cand(2, 4.0, wv=4.0)], [2, 1]),
        # then the earlier application
        ([cand(1, 4.0, minutes=5), cand(2, 4.0, minutes=1)], [2, 1]),
        # then the lower id
        ([cand(9, 4.0), cand(2, 4.0), cand(5, 4.0)], [2, 5, 9]),
        # unscored last, whatever their submission time
        ([cand(1, None, minutes=-600), cand(2, 1.0)], [2, 1]),
        # unscored among themselves: earlier application, then id
        (
            [
                cand(3, None, minutes=2),
                cand(2, None, minutes=2),
                cand(1, None, minutes=5),
            ],
            [2, 3, 1],
        ),
        (
            [
                cand(1, None),
                cand(2, 3.0, fl=4.0),
                cand(3, 4.2),
                cand(4, 3.0, fl=4.0, lt=3.5),
                cand(5, 3.0),
            ],
            [3, 4, 2, 5, 1],
        ),
    ],
)
def test_rank_candidates(candidates, order):
    assert [c.id for c in rank_candidates(candidates)] == order


def test_ranking_returns_a_new_list_and_leaves_the_input_alone():
    candidates = [cand(1, 3.0), cand(2, 4.0)]
    ranked = rank_candidates(candidates)
    assert [c.id for c in candidates] == [1, 2]
    assert ranked is not candidates


def test_ranking_uses_candidate_score_output():
    first = Candidate(1, candidate_score([A, B]), DAY)  # 3.83
    second = Candidate(2, candidate_score([A, C]), DAY)  # 3.17
    unscored = Candidate(3, candidate_score([]), DAY - timedelta(days=1))
    assert rank_candidates([unscored, second, first]) == [first, second, unscored]


# --- decisions -------------------------------------------------------------------

MEANS = (4.5, 4.0, 3.5, 3.0, 2.99, None)
A_, W_, R_ = Decision.ADMITTED, Decision.WAITLISTED, Decision.REJECTED
CODE = {"A": A_, "W": W_, "R": R_}


@pytest.mark.parametrize(
    ("means", "capacity", "waitlist_size", "min_score", "expected"),
    [
        (MEANS, 2, 2, 3.0, "AAWWRR"),
        (MEANS, 0, 0, 3.0, "RRRRRR"),
        (MEANS, 0, 2, 3.0, "WWRRRR"),
        (MEANS, 1, 0, 3.0, "ARRRRR"),
        (MEANS, 3, 1, 3.0, "AAAWRR"),
        (MEANS, 4, 0, 3.0, "AAAARR"),  # capacity exactly the qualifying number
        (MEANS, 4, 5, 3.0, "AAAARR"),  # an empty waitlist is not padded
        (MEANS, 10, 10, 3.0, "AAAARR"),  # seats left empty rather than go below
        (MEANS, 10, 0, 2.99, "AAAAAR"),  # min_score is inclusive
        (MEANS, 10, 0, 1.0, "AAAAAR"),  # unscored are never admitted
        (MEANS, 2, 10, 3.5, "AAWRRR"),
        (MEANS, 1, 1, 5.0, "RRRRRR"),
        # in the order given: someone too low takes no seat
        ((2.0, 4.0, None, 3.5), 1, 1, 3.0, "RARW"),
        ((), 3, 3, 3.0, ""),
    ],
)
def test_propose_decisions(means, capacity, waitlist_size, min_score, expected):
    ranked = [cand(i, mean) for i, mean in enumerate(means)]
    decisions = propose_decisions(ranked, capacity, waitlist_size, min_score)
    assert decisions == {i: CODE[code] for i, code in enumerate(expected)}


def test_min_score_defaults_to_three():
    ranked = [cand(1, 3.0), cand(2, 2.99)]
    assert propose_decisions(ranked, 5, 5) == {1: A_, 2: R_}


@pytest.mark.parametrize(
    ("capacity", "waitlist_size", "named"),
    [(-1, 0, "capacity"), (0, -1, "waitlist_size"), (-3, -3, "capacity")],
)
def test_propose_decisions_rejects_negative_sizes(capacity, waitlist_size, named):
    with pytest.raises(ValueError, match=named):
        propose_decisions([cand(1, 4.0)], capacity, waitlist_size)


def test_propose_decisions_rejects_a_candidate_listed_twice():
    with pytest.raises(ValueError, match="7"):
        propose_decisions([cand(7, 4.0), cand(7, 3.0)], 2, 0)


@pytest.mark.parametrize(
    ("decision", "value"),
    [(A_, "admitted"), (W_, "waitlisted"), (R_, "rejected")],
)
def test_decision_values_are_stored_strings(decision, value):
    assert decision == value and Decision(value) is decision


# --- waitlist promotion ------------------------------------------------------------


@pytest.mark.parametrize(
    ("waitlist", "expected"),
    [
        ([], None),
        ([cand(4, 3.2)], 4),
        ([cand(1, 3.1), cand(2, 3.6), cand(3, 3.4)], 2),
        ([cand(1, 3.5, fl=3.0), cand(2, 3.5, fl=4.0)], 2),
        ([cand(1, 3.5, minutes=3), cand(2, 3.5, minutes=1)], 2),
        ([cand(8, 3.5), cand(6, 3.5)], 6),
        ([cand(1, None, minutes=-60), cand(2, 3.0)], 2),
    ],
)
def test_next_from_waitlist(waitlist, expected):
    best = next_from_waitlist(waitlist)
    assert (best.id if best else None) == expected
