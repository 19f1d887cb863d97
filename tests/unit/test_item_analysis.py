"""Item analysis checked against hand-worked numbers."""

from __future__ import annotations

import math

import pytest

from portal.domain.item_analysis import (
    TOO_EASY_ABOVE,
    TOO_HARD_BELOW,
    WEAK_DISCRIMINATION_BELOW,
    WEAK_DISCRIMINATION_MIN_ATTEMPTS,
    AttemptScores,
    ItemResponse,
    ItemStats,
    QuizSummary,
    analyse_items,
    discrimination_index,
    distractor_shares,
    facility_index,
    item_flags,
    summarise_quiz,
)


def attempt(attempt_id, **fractions):
    """An attempt of equally weighted questions whose total is their mean."""
    items = {q: ItemResponse(f) for q, f in fractions.items()}
    return AttemptScores(attempt_id, sum(fractions.values()) / len(fractions), items)


# Five attempts at three one-point questions.
#
#          q1  q2  q3 | total  rest(q1) rest(q2) rest(q3)
#   A       1   1   1 |   3       2        2        2
#   B       1   1   0 |   2       1        1        2
#   C       0   1   0 |   1       1        0        1
#   D       1   0   1 |   2       1        2        1
#   E       0   0   0 |   0       0        0        0
FIVE = [
    attempt("A", q1=1, q2=1, q3=1),
    attempt("B", q1=1, q2=1, q3=0),
    attempt("C", q1=0, q2=1, q3=0),
    attempt("D", q1=1, q2=0, q3=1),
    attempt("E", q1=0, q2=0, q3=0),
]
# q1: x = 1 1 0 1 0 (mean .6), y = 2 1 1 1 0 (mean 1)
#     dx = .4 .4 -.6 .4 -.6, dy = 1 0 0 0 -1
#     Sxy = .4 + .6 = 1; Sxx = 3(.16) + 2(.36) = 1.2; Syy = 1 + 1 = 2
#     r = 1 / sqrt(1.2 * 2) = 1 / sqrt(2.4) = 0.645497
Q1_DISCRIMINATION = 100 / math.sqrt(2.4)
# q2: x = 1 1 1 0 0 (mean .6), y = 2 1 0 2 0 (mean 1)
#     dx = .4 .4 .4 -.6 -.6, dy = 1 0 -1 1 -1
#     Sxy = .4 + 0 - .4 - .6 + .6 = 0, so r = 0
# q3: x = 1 0 0 1 0 (mean .4), y = 2 2 1 1 0 (mean 1.2)
#     dx = .6 -.4 -.4 .6 -.4, dy = .8 .8 -.2 -.2 -1.2
#     Sxy = .48 - .32 + .08 - .12 + .48 = .6
#     Sxx = 2(.36) + 3(.16) = 1.2; Syy = .64 + .64 + .04 + .04 + 1.44 = 2.8
#     r = .6 / sqrt(1.2 * 2.8) = .6 / sqrt(3.36) = 0.327327
Q3_DISCRIMINATION = 60 / math.sqrt(3.36)


# -- facility_index ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fractions", "expected"),
    [
        ([], None),
        ([0.0], 0.0),
        ([1.0], 100.0),
        ([1, 1, 0, 1, 0], 60.0),  # 3 / 5
        ([0.5, 0.25, 1.0, 0.25], 50.0),  # 2 / 4
        ([1 / 3] * 3, 100 / 3),  # partial credit averages, not rounds
    ],
)
def test_facility_index_is_the_mean_fraction_as_a_percent(fractions, expected):
    result = facility_index(fractions)
    assert result == (None if expected is None else pytest.approx(expected))


# -- discrimination_index ------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "rest", "expected"),
    [
        ([1, 1, 0, 1, 0], [2, 1, 1, 1, 0], Q1_DISCRIMINATION),  # 64.55, see above
        ([1, 1, 1, 0, 0], [2, 1, 0, 2, 0], 0.0),
        ([1, 0, 0, 1, 0], [2, 2, 1, 1, 0], Q3_DISCRIMINATION),  # 32.73
        ([0, 1], [0, 3], 100.0),  # two points always lie on a line
        ([1, 0], [0, 3], -100.0),
        ([0, 0, 1, 1], [3, 3, 1, 1], -100.0),  # the strong get it wrong
        # r ignores scale: rest in marks or in a 0..1 share gives the same index.
        ([1, 1, 0, 1, 0], [0.2, 0.1, 0.1, 0.1, 0.0], Q1_DISCRIMINATION),
        # Partial credit. x = 0 .5 1 (mean .5), y = 1 2 2 (mean 5/3)
        # dx = -.5 0 .5, dy = -2/3 1/3 1/3
        # Sxy = 1/3 + 0 + 1/6 = .5; Sxx = .5; Syy = 4/9 + 1/9 + 1/9 = 2/3
        # r = .5 / sqrt(.5 * 2/3) = .5 * sqrt(3) = 0.866025
        ([0, 0.5, 1], [1, 2, 2], 50 * math.sqrt(3)),
    ],
)
def test_discrimination_index_is_100_times_pearson_r(item, rest, expected):
    assert discrimination_index(item, rest) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("item", "rest"),
    [
        ([], []),
        ([1], [2]),  # one attempt has no spread
        ([1, 1, 1], [0, 1, 2]),  # everyone right: the item has no variance
        ([0, 0, 0], [0, 1, 2]),  # everyone wrong
        ([0, 1, 0], [2, 2, 2]),  # the rest of the test has no variance
        ([0, 1], [0.1 + 0.2, 0.3]),  # float noise is not variance
    ],
)
def test_discrimination_index_is_undefined_without_variance(item, rest):
    assert discrimination_index(item, rest) is None


def test_discrimination_index_rejects_unpaired_data():
    with pytest.raises(ValueError, match="length"):
        discrimination_index([1, 0], [1])


# -- distractor_shares ---------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "options", "expected"),
    [
        # 5 respondents: a by 3, b by 1, c by 1, d by nobody; one left it blank.
        (
            [("a",), ("a",), ("b",), (), ("a", "c")],
            ["a", "b", "c", "d"],
            {"a": 0.6, "b": 0.2, "c": 0.2, "d": 0.0},
        ),
        # Multiple choice: a and b by both of 2 respondents, shares sum to 2.
        ([("a", "b"), ("b", "a")], ["a", "b", "c"], {"a": 1.0, "b": 1.0, "c": 0.0}),
        # Choosing the same label twice still counts one respondent.
        ([("a", "a"), ("b",)], ["a", "b"], {"a": 0.5, "b": 0.5}),
        # An option that no longer exists is shown, after the current ones.
        ([("z",), ("a",)], ["a", "b"], {"a": 0.5, "b": 0.0, "z": 0.5}),
        ([], ["a", "b"], {"a": 0.0, "b": 0.0}),
        ([(), ()], ["a"], {"a": 0.0}),
        ([("a",)], [], {"a": 1.0}),
    ],
)
def test_distractor_shares(chosen, options, expected):
    responses = [ItemResponse(0.0, c) for c in chosen]
    shares = distractor_shares(responses, options)
    assert shares == pytest.approx(expected)
    assert list(shares) == list(expected)


# -- item_flags ----------------------------------------------------------------

ENOUGH = WEAK_DISCRIMINATION_MIN_ATTEMPTS


@pytest.mark.parametrize(
    ("facility", "discrimination", "attempts", "flags"),
    [
        (None, None, 0, ()),
        (50.0, 50.0, ENOUGH, ()),
        (90.0, 50.0, ENOUGH, ()),  # the threshold itself is fine
        (90.01, 50.0, ENOUGH, ("too_easy",)),
        (100.0, None, ENOUGH, ("too_easy",)),
        (20.0, 50.0, ENOUGH, ()),
        (19.99, 50.0, ENOUGH, ("too_hard",)),
        (0.0, None, ENOUGH, ("too_hard",)),
        (50.0, -0.01, ENOUGH, ("negative_discrimination",)),
        (50.0, -0.01, 2, ("negative_discrimination",)),  # at any sample size
        (50.0, 0.0, ENOUGH, ("weak_discrimination",)),
        (50.0, 19.99, ENOUGH, ("weak_discrimination",)),
        (50.0, 20.0, ENOUGH, ()),
        (50.0, 0.0, ENOUGH - 1, ()),  # too few attempts to call it weak
        (50.0, 19.99, ENOUGH - 1, ()),
        (95.0, -30.0, ENOUGH, ("too_easy", "negative_discrimination")),
        (10.0, 5.0, ENOUGH, ("too_hard", "weak_discrimination")),
    ],
)
def test_item_flags_at_the_thresholds(facility, discrimination, attempts, flags):
    assert item_flags(facility, discrimination, attempts) == flags


def test_thresholds_are_the_documented_ones():
    assert (TOO_EASY_ABOVE, TOO_HARD_BELOW, WEAK_DISCRIMINATION_BELOW, ENOUGH) == (
        90.0,
        20.0,
        20.0,
        10,
    )


# -- analyse_items -------------------------------------------------------------


@pytest.mark.parametrize(
    ("question_id", "facility", "discrimination"),
    [
        ("q1", 60.0, Q1_DISCRIMINATION),
        ("q2", 60.0, 0.0),  # r = 0 but only 5 attempts: not flagged weak
        ("q3", 40.0, Q3_DISCRIMINATION),
    ],
)
def test_analyse_items_uses_the_rest_of_the_test(question_id, facility, discrimination):
    stats = {s.question_id: s for s in analyse_items(FIVE, {})}
    assert stats[question_id].attempts == 5
    assert stats[question_id].facility == pytest.approx(facility)
    assert stats[question_id].discrimination == pytest.approx(discrimination, abs=1e-9)
    assert stats[question_id].flags == ()


def test_analyse_items_orders_known_questions_first_and_keeps_unasked_ones():
    stats = analyse_items(FIVE, {"q3": ["x", "y"], "unasked": ["a", "b"]})
    assert [s.question_id for s in stats] == ["q3", "unasked", "q1", "q2"]
    assert stats[1] == ItemStats("unasked", 0, None, None, {"a": 0.0, "b": 0.0}, ())
    assert stats[2].option_shares == {}


def test_analyse_items_reports_option_shares_and_flags():
    # 10 attempts at "capital" (options a-d) and "other"; "capital" right by 9/10.
    attempts = [
        AttemptScores(
            n,
            (float(n > 0) + n % 2) / 2,
            {
                "capital": ItemResponse(1.0 if n else 0.0, ("a",) if n else ("b",)),
                "other": ItemResponse(float(n % 2)),
            },
        )
        for n in range(10)
    ]
    # Facility 9/10 = 90: not above 90, so not too easy. Rest of test = "other",
    # x = 0 1 1 1 1 1 1 1 1 1, y = 0 1 0 1 0 1 0 1 0 1 (means .9 and .5)
    # Sxy = (-.9)(-.5) + 5(.1)(.5) + 4(.1)(-.5) = .45 + .25 - .2 = .5
    # Sxx = .81 + 9(.01) = .9; Syy = 10(.25) = 2.5; r = .5 / sqrt(2.25) = 1/3
    [capital, other] = analyse_items(attempts, {"capital": ["a", "b", "c", "d"]})
    assert capital.facility == pytest.approx(90.0)
    assert capital.discrimination == pytest.approx(100 / 3)
    assert capital.option_shares == pytest.approx(
        {"a": 0.9, "b": 0.1, "c": 0.0, "d": 0.0}
    )
    assert capital.flags == ()
    # "other": facility 50, same r by symmetry of Pearson; 10 attempts, r >= 20.
    assert other.facility == pytest.approx(50.0)
    assert other.discrimination == pytest.approx(100 / 3)
    assert other.flags == ()


def test_analyse_items_weights_the_rest_of_the_test_by_points():
    # "a" is worth 2 points, "b" 1; total_fraction = (2a + b) / 3, so the rest of
    # the test for "a" is 3 * total - 2a = b. a = 1 0 1 0 and b = 1 1 0 0 are
    # uncorrelated (Sxy = .25 - .25 - .25 + .25 = 0); unweighted it would not be.
    pairs = [(1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0)]
    attempts = [
        AttemptScores(
            n,
            (2 * a + b) / 3,
            {"a": ItemResponse(a, points=2.0), "b": ItemResponse(b)},
        )
        for n, (a, b) in enumerate(pairs)
    ]
    stats = {s.question_id: s for s in analyse_items(attempts, {})}
    assert stats["a"].discrimination == pytest.approx(0.0, abs=1e-9)


def test_analyse_items_only_counts_attempts_that_asked_the_question():
    # A drawn quiz: "rare" was asked in two attempts only.
    attempts = [
        attempt(1, common=1, rare=1),
        attempt(2, common=0, rare=0),
        attempt(3, common=1, other=0),
    ]
    stats = {s.question_id: s for s in analyse_items(attempts, {})}
    assert (stats["rare"].attempts, stats["rare"].facility) == (2, 50.0)
    assert stats["common"].attempts == 3
    # "other" was asked once: no correlation.
    assert stats["other"].discrimination is None


def test_analyse_items_treats_float_noise_in_totals_as_no_variance():
    # Everyone scores .1 and .2 on the other questions, so the rest of the test is
    # the same for all; rebuilding it from a float total must not invent variance.
    # (Rebuilt, the rests come out as .30000000000000004, .29999999999999993, ...)
    attempts = [attempt(n, q=f, r=0.1, s=0.2) for n, f in enumerate([0.1, 0.9, 0.3])]
    stats = {s.question_id: s for s in analyse_items(attempts, {})}
    assert stats["q"].discrimination is None
    assert stats["q"].facility == pytest.approx(130 / 3)


def test_analyse_items_of_nothing():
    assert analyse_items([], {}) == []


# -- summarise_quiz ------------------------------------------------------------


@pytest.mark.parametrize(
    ("percents", "passed", "durations", "bins", "expected"),
    [
        ([], [], [], 10, QuizSummary(0, None, None, None, (0,) * 10)),
        ([], [], [], 4, QuizSummary(0, None, None, None, (0, 0, 0, 0))),
        (
            # Bands: 0 and 9.99 -> 0-10; 10 -> 10-20; 55 -> 50-60; 99.9, 100 -> 90-100.
            # Median of 0 9.99 10 55 99.9 100 = (10 + 55) / 2 = 32.5; 3 of 6 passed.
            [0, 9.99, 10, 55, 99.9, 100],
            [False, False, False, True, True, True],
            [300, 60, 120],
            10,
            QuizSummary(6, 50.0, 32.5, 120, (2, 1, 0, 0, 0, 1, 0, 0, 0, 2)),
        ),
        (
            # Four bands of 25: 24.9 -> 0, 25 -> 1, 75 -> 3, 100 -> 3.
            [24.9, 25, 75, 100],
            [False, False, True, True],
            [10, 20, 30, 40],
            4,
            QuizSummary(4, 50.0, 50.0, 25.0, (1, 1, 0, 2)),
        ),
        # Out-of-range scores are clamped into the end bands.
        (
            [-5, 105],
            [False, True],
            [],
            10,
            QuizSummary(2, 50.0, 50.0, None, (1,) + (0,) * 8 + (1,)),
        ),
        ([80], [True], [42.5], 1, QuizSummary(1, 100.0, 80, 42.5, (1,))),
        ([0, 0, 0], [False] * 3, [5], 10, QuizSummary(3, 0.0, 0, 5, (3,) + (0,) * 9)),
    ],
)
def test_summarise_quiz(percents, passed, durations, bins, expected):
    assert summarise_quiz(percents, passed, durations, bins=bins) == expected


@pytest.mark.parametrize(
    ("percents", "passed", "bins", "message"),
    [
        ([50], [True], 0, "bins"),
        ([50, 60], [True], 10, "length"),
    ],
)
def test_summarise_quiz_rejects_bad_input(percents, passed, bins, message):
    with pytest.raises(ValueError, match=message):
        summarise_quiz(percents, passed, [], bins=bins)
