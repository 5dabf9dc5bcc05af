"""Drift over a child's history: domains stuck at 4 or 5 without improvement, and domains worse than at baseline."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcp_desk.scoring.drift import DriftKind, assessment_date, find_drift
from scoring_builders import (
    FIVE_TO_11,
    assessment_of,
    dated_assessment,
    family_profile,
    family_profile_v2,
    history_of,
)

V1 = family_profile()
V2 = family_profile_v2()
START = date(2026, 3, 3)


def kinds(flags):
    return [(flag.domain_id, flag.kind) for flag in flags]


def test_the_assessment_date_is_the_last_visit():
    assessment = assessment_of(V1, FIVE_TO_11, visits=[date(2026, 3, 10), date(2026, 3, 24), date(2026, 3, 3)])
    assert assessment_date(assessment) == date(2026, 3, 24)
    assert assessment_date(assessment_of(V1, FIVE_TO_11)) is None


# Invented histories -------------------------------------------------------------------------------------------
def test_an_improving_history_raises_no_flag():
    assert find_drift(history_of(V1, START, 6, [5, 4, 3, 2]), min_weeks=12) == []


def test_a_stuck_domain_is_flagged_with_its_run():
    history = history_of(V1, START, 7, [4, 4, 5])
    flags = find_drift(history, min_weeks=12)
    assert kinds(flags) == [("emotional-care", DriftKind.STUCK), ("emotional-care", DriftKind.WORSE_THAN_BASELINE)]
    stuck = flags[0]
    assert stuck.message == (
        "Emotional care has stayed at 4 or 5 for 14 weeks across 3 assessments (4, 4, 5) without improvement."
    )
    assert stuck.assessment_ids == tuple(assessment.id for assessment, _ in history)
    assert (stuck.first_date, stuck.last_date, stuck.grades, stuck.ongoing) == (
        START, START + timedelta(weeks=14), (4, 4, 5), True)
    assert flags[1].message == "Emotional care is worse than at the baseline on 3 March 2026 (4 then, 5 now)."


def test_a_domain_getting_worse_is_flagged_against_the_baseline():
    history = history_of(V1, START, 6, [2, 3, 4], domain_id="supervision-guidance")
    [flag] = find_drift(history, min_weeks=12)
    assert flag.kind is DriftKind.WORSE_THAN_BASELINE
    assert flag.message == "Supervision and guidance is worse than at the baseline on 3 March 2026 (2 then, 4 now)."
    assert flag.assessment_ids == (history[0][0].id, history[-1][0].id)
    assert (flag.grades, flag.first_date, flag.last_date) == ((2, 4), START, START + timedelta(weeks=12))


def test_a_mixed_history_flags_only_the_domains_that_drift():
    grades_over_time = [
        {"physical-care": 4, "nutritional-care": 5, "medical-care": 4, "emotional-care": 2, "supervision-guidance": 3},
        {"physical-care": 4, "nutritional-care": 4, "medical-care": 3, "emotional-care": 3, "supervision-guidance": 3},
        {"physical-care": 5, "nutritional-care": 2, "medical-care": 4, "emotional-care": 3, "supervision-guidance": 3},
    ]
    history = [
        (dated_assessment(V1, START + timedelta(weeks=8 * index), grades), V1)
        for index, grades in enumerate(grades_over_time)
    ]
    flags = find_drift(history, min_weeks=12)
    # Medical care went 4, 3, 4: the 3 broke the run, and it ends where it began, so it is not flagged.
    assert kinds(flags) == [
        ("physical-care", DriftKind.STUCK),
        ("physical-care", DriftKind.WORSE_THAN_BASELINE),
        ("emotional-care", DriftKind.WORSE_THAN_BASELINE),
    ]
    assert flags[0].message == (
        "Physical care has stayed at 4 or 5 for 16 weeks across 3 assessments (4, 4, 5) without improvement."
    )


def test_any_improvement_ends_a_run_and_the_earlier_run_is_kept_as_history():
    history = history_of(V1, START, 8, [4, 5, 4, 4])
    stuck = [flag for flag in find_drift(history, min_weeks=8) if flag.kind is DriftKind.STUCK]
    assert [(flag.grades, flag.ongoing) for flag in stuck] == [((4, 5), False), ((4, 4), True)]
    assert stuck[0].message == (
        "Emotional care stayed at 4 or 5 for 8 weeks across 2 assessments (4, 5) without improvement, "
        "until 28 April 2026."
    )
    assert stuck[1].assessment_ids == (history[2][0].id, history[3][0].id)


def test_a_run_is_flagged_from_exactly_min_weeks_apart():
    assert find_drift(history_of(V1, START, 6, [4, 4]), min_weeks=6)[0].kind is DriftKind.STUCK
    assert find_drift(history_of(V1, START, 6, [4, 4]), min_weeks=7) == []
    # Three assessments two weeks apart span four weeks: still too soon to call it drift.
    assert find_drift(history_of(V1, START, 2, [4, 4, 4]), min_weeks=5) == []


def test_a_gap_in_grading_breaks_the_thread():
    history = history_of(V1, START, 8, [4, 4])
    ungraded_between = (dated_assessment(V1, START + timedelta(weeks=4), {}), V1)
    assert find_drift([history[0], ungraded_between, history[1]], min_weeks=8) == []


def test_domains_are_followed_across_instrument_versions():
    history = history_of(V1, START, 8, [4, 4]) + history_of(V2, START + timedelta(weeks=16), 8, [4])
    [flag] = find_drift(history, min_weeks=12)
    assert (flag.kind, flag.grades) == (DriftKind.STUCK, (4, 4, 4))


def test_the_grade_from_items_counts_when_no_domain_grade_was_chosen():
    history = [
        (assessment_of(V1, FIVE_TO_11, grades={"food-supply": 4}, visits=[START]), V1),
        (assessment_of(V1, FIVE_TO_11, grades={"food-supply": 4, "growth": 5}, visits=[START + timedelta(weeks=10)]),
         V1),
    ]
    assert kinds(find_drift(history, min_weeks=10)) == [
        ("nutritional-care", DriftKind.STUCK), ("nutritional-care", DriftKind.WORSE_THAN_BASELINE)]


def test_history_is_sorted_by_date_and_undated_assessments_are_skipped():
    history = history_of(V1, START, 6, [2, 3, 4])
    undated = (assessment_of(V1, FIVE_TO_11, domain_grades={"emotional-care": 1}), V1)
    shuffled = [history[2], undated, history[0], history[1]]
    assert find_drift(shuffled, min_weeks=6) == find_drift(history, min_weeks=6)
    assert find_drift([undated], min_weeks=6) == []
    assert find_drift([], min_weeks=6) == []


def test_a_single_assessment_has_no_baseline_to_be_worse_than():
    assert find_drift(history_of(V1, START, 6, [5]), min_weeks=0) == []


def test_a_negative_period_is_a_mistake():
    with pytest.raises(ValueError):
        find_drift([], min_weeks=-1)


# Properties -----------------------------------------------------------------------------------------------------
spacing = st.lists(st.integers(0, 30), min_size=1, max_size=6)


def history_with_gaps(grades: list[int], gaps_in_weeks: list[int], domain_id: str = "emotional-care"):
    on, history = START, []
    for index, grade in enumerate(grades):
        if index:
            on += timedelta(weeks=gaps_in_weeks[(index - 1) % len(gaps_in_weeks)])
        history.append((dated_assessment(V1, on, {domain_id: grade}), V1))
    return history


@given(st.lists(st.integers(1, 5), min_size=1, max_size=5, unique=True), spacing, st.integers(0, 52))
def test_strictly_improving_histories_never_flag(grades, gaps, min_weeks):
    grades = sorted(grades, reverse=True)
    assert find_drift(history_with_gaps(grades, gaps), min_weeks=min_weeks) == []


@given(st.lists(st.integers(1, 4), min_size=1, max_size=5), st.data(), spacing, st.integers(0, 52))
def test_ending_worse_than_the_baseline_always_flags(grades, data, gaps, min_weeks):
    latest = data.draw(st.integers(grades[0] + 1, 5))
    flags = find_drift(history_with_gaps([*grades, latest], gaps), min_weeks=min_weeks)
    [worse] = [flag for flag in flags if flag.kind is DriftKind.WORSE_THAN_BASELINE]
    assert worse.grades == (grades[0], latest)


@given(st.lists(st.integers(1, 5), min_size=2, max_size=6), st.integers(1, 52), st.data())
def test_runs_closer_than_min_weeks_never_flag_stuck(grades, min_weeks, data):
    # Spread the whole history over less than min_weeks, in days.
    total_days = data.draw(st.integers(0, min_weeks * 7 - 1))
    offsets = sorted(data.draw(st.lists(st.integers(0, total_days), min_size=len(grades), max_size=len(grades))))
    history = [
        (dated_assessment(V1, START + timedelta(days=offset), {"emotional-care": grade}), V1)
        for offset, grade in zip(offsets, grades, strict=True)
    ]
    assert not [flag for flag in find_drift(history, min_weeks=min_weeks) if flag.kind is DriftKind.STUCK]


@given(st.lists(st.integers(4, 5), min_size=2, max_size=6), st.integers(0, 26))
def test_never_improving_neglect_over_min_weeks_is_always_stuck(grades, min_weeks):
    grades = sorted(grades)
    weeks_apart = -(-min_weeks // (len(grades) - 1))  # just far enough apart, rounded up
    flags = find_drift(history_with_gaps(grades, [weeks_apart]), min_weeks=min_weeks)
    [stuck] = [flag for flag in flags if flag.kind is DriftKind.STUCK]
    assert (stuck.grades, stuck.ongoing) == (tuple(grades), True)


@given(st.lists(st.integers(1, 5), min_size=1, max_size=6), st.integers(0, 2**32 - 1))
def test_the_order_the_history_arrives_in_does_not_matter(grades, seed):
    history = history_with_gaps(grades, [5])
    shuffled = list(history)
    random.Random(seed).shuffle(shuffled)
    assert find_drift(shuffled, min_weeks=8) == find_drift(history, min_weeks=8)
