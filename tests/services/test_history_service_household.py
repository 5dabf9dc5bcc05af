"""Siblings side by side, each with their own latest profile; and the family's plain-words page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.domain.errors import InvalidInput, NotFound
from gcp_desk.services.history import HistoryService

from conftest_services import TODAY
from history_builders import INSTRUMENT, action, context_for, profile, store, weeks_ago


@pytest.fixture
def history(services) -> HistoryService:
    return HistoryService(context_for(services.backend, services.user))


@pytest.fixture
def household(services, child_with_parents):
    """Robin (7) with two assessments, a younger sister with one, and a baby brother not yet assessed."""
    robin = child_with_parents
    sister = services.children.create_child(given_name="Sky", family_name="Testcase", date_of_birth=date(2022, 8, 9),
                                            household_id=robin.household_id)
    baby = services.children.create_child(given_name="Ash", family_name="Testcase", date_of_birth=date(2026, 6, 1),
                                          household_id=robin.household_id)
    robin_first, robin_latest = store(services.backend,
                                      profile(robin, weeks_ago(20), {"nutritional": 5}),
                                      profile(robin, weeks_ago(4), {"nutritional": 3}))
    [sister_latest] = store(services.backend, profile(sister, weeks_ago(4), {"emotional": 4}))
    return robin, sister, baby, robin_latest, sister_latest


def test_each_child_of_the_household_shows_their_own_latest_profile_oldest_first(history, household):
    robin, sister, baby, robin_latest, sister_latest = household
    profiles = history.household_profiles(robin.household_id)
    assert [(p.child.id, p.assessment.id if p.assessment else None) for p in profiles] == [
        (robin.id, robin_latest.id), (sister.id, sister_latest.id), (baby.id, None)]
    child, assessment, instrument = profiles[1]
    assert instrument == INSTRUMENT and assessment.domain_grades["emotional"].chosen == 4
    assert profiles[2].instrument is None


def test_a_just_started_assessment_does_not_hide_the_last_finished_profile(services, history, household):
    robin, *_ , robin_latest, _ = household
    services.assessments.start(robin.id)
    robin_profile = history.household_profiles(robin.household_id)[0]
    assert robin_profile.assessment.id == robin_latest.id


def test_an_unknown_household_is_not_found(history):
    from uuid import uuid4

    with pytest.raises(NotFound):
        history.household_profiles(uuid4())


def test_the_family_view_says_what_is_going_well_what_worries_us_and_what_must_change(services, history,
                                                                                       child_with_parents):
    meals = action("nutritional", 2, TODAY + timedelta(weeks=6), what="Breakfast every school day",
                   who="Alex (mum)")
    store(services.backend,
          profile(child_with_parents, weeks_ago(20), {"nutritional": 2}),
          profile(child_with_parents, weeks_ago(3), {"nutritional": 4, "supervision": 3}, plan=[meals],
                  status=AssessmentStatus.SUBMITTED))
    view = history.family_view(child_with_parents.id)
    assert view.assessment.last_visit_date == weeks_ago(3)
    assert not view.is_final  # awaiting review: the page should say it may still change
    assert [p.title for p in view.content.worried] == ["Food and drink"]
    assert [p.title for p in view.content.could_be_better] == ["Keeping safe"]
    assert "Warmth, love and attention" in [p.title for p in view.content.going_well]
    assert [(p.title, p.when) for p in view.content.changes] == [
        ("Breakfast every school day", f"By {(TODAY + timedelta(weeks=6)).day} December 2026.")]
    assert view.plan == (meals,)
    assert view.report_data.record.child.id == child_with_parents.id


def test_the_family_view_waits_for_a_visit_and_refuses_another_childs_assessment(services, history,
                                                                                  child_with_parents):
    services.assessments.start(child_with_parents.id)
    assert history.family_view(child_with_parents.id) is None
    other = services.children.create_child(given_name="Kim", family_name="Else", date_of_birth=date(2020, 1, 1))
    [theirs] = store(services.backend, profile(other, weeks_ago(2), {}))
    with pytest.raises(InvalidInput, match="another child"):
        history.family_view(child_with_parents.id, theirs.id)
    assert history.family_view(other.id, theirs.id).assessment.id == theirs.id
