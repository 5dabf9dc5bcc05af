"""Any two assessments of a child side by side: grades, evidence from both, and the earlier plan's targets now."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.assessment import ActionReview
from gcp_desk.domain.enums import ActionOutcome, Change
from gcp_desk.domain.errors import InvalidInput, NotFound
from gcp_desk.services.history import HistoryService

from conftest_services import TODAY
from history_builders import action, context_for, profile, store, weeks_ago


@pytest.fixture
def history(services) -> HistoryService:
    return HistoryService(context_for(services.backend, services.user))


@pytest.fixture
def two_assessments(services, child_with_parents):
    """Food at 4 and supervision at 2, then food at 2 and supervision at 4. The first plan aims food at 2 and
    physical care at 1 by dates before the second visit, and supervision at 1 by a date after it."""
    child = child_with_parents
    food = action("nutritional", 2, weeks_ago(14), what="Regular meals, food in the cupboards")
    safety = action("supervision", 1, weeks_ago(12), what="A safe adult collects him from school")
    bedding = action("physical", 1, weeks_ago(20), what="A bed of his own with clean bedding")
    earlier = profile(child, weeks_ago(26), {"nutritional": 4, "supervision": 2}, plan=[food, safety, bedding],
                      evidence={"food-and-meals": "Cupboards and fridge empty on the unannounced visit."})
    later = profile(child, weeks_ago(13), {"nutritional": 2, "supervision": 4},
                    evidence={"food-and-meals": "Fridge stocked; breakfast seen."},
                    reviews=[ActionReview(action_id=food.id, outcome=ActionOutcome.MET, note="Holding")])
    return store(services.backend, earlier, later)


def test_each_domain_shows_both_grades_and_which_way_it_moved(history, two_assessments):
    earlier, later = two_assessments
    view = history.compare(earlier.id, later.id)
    domains = {row.domain_id: (row.earlier_grade, row.later_grade, row.change) for row in view.comparison.domains}
    assert domains["nutritional"] == (4, 2, Change.IMPROVED)
    assert domains["supervision"] == (2, 4, Change.WORSE)
    assert domains["physical"] == (2, 2, Change.SAME)
    assert (view.comparison.domain_summary.improved, view.comparison.domain_summary.worse) == (1, 1)
    food_and_meals = next(row for row in view.comparison.items if row.item_id == "food-and-meals")
    assert (food_and_meals.earlier_grade, food_and_meals.later_grade, food_and_meals.change) == (4, 2, Change.IMPROVED)


def test_the_evidence_from_both_assessments_is_there_for_each_item(history, two_assessments):
    view = history.compare(*[a.id for a in two_assessments])
    then, now = view.evidence_for("food-and-meals")
    assert [note.text for note in then] == ["Cupboards and fridge empty on the unannounced visit."]
    assert [note.text for note in now] == ["Fridge stocked; breakfast seen."]
    assert view.evidence_for("warmth-and-responsiveness") == ([], [])


def test_the_earlier_plan_is_read_against_the_later_grades_on_the_later_date(history, two_assessments):
    earlier, later = two_assessments
    view = history.compare(earlier.id, later.id)
    assert view.judged_on == weeks_ago(13)
    food, safety, bedding = view.targets
    assert (food.grade_now, food.met) == (2, True)
    assert food.sentence.endswith("now 2: met.")
    # Its date fell after the later visit: on that day the family still had time.
    assert (safety.grade_now, safety.met, safety.overdue) == (4, False, False)
    assert safety.sentence.endswith("now 4: not met yet.")
    assert (bedding.grade_now, bedding.met, bedding.overdue) == (2, False, True)
    assert bedding.sentence.endswith("now 2: not met.")
    assert view.review_of(food.action.id).outcome is ActionOutcome.MET
    assert view.review_of(safety.action.id) is None


def test_assessments_given_in_the_wrong_order_are_put_in_time_order(history, two_assessments):
    earlier, later = two_assessments
    view = history.compare(later.id, earlier.id)
    assert (view.earlier.id, view.later.id) == (earlier.id, later.id)
    assert next(r for r in view.comparison.domains if r.domain_id == "nutritional").change is Change.IMPROVED


def test_assessments_of_two_children_are_not_compared(services, history, two_assessments):
    other = services.children.create_child(given_name="Sky", family_name="Otherfamily",
                                           date_of_birth=date(2021, 4, 4))
    [theirs] = store(services.backend, profile(other, weeks_ago(5), {}))
    with pytest.raises(InvalidInput, match="two different children, Robin Testcase and Sky Otherfamily"):
        history.compare(two_assessments[0].id, theirs.id)


def test_an_assessment_is_not_compared_with_itself_and_an_unknown_one_is_not_found(history, two_assessments):
    from uuid import uuid4

    with pytest.raises(InvalidInput, match="two different assessments"):
        history.compare(two_assessments[0].id, two_assessments[0].id)
    with pytest.raises(NotFound):
        history.compare(two_assessments[0].id, uuid4())


def test_a_draft_without_a_visit_is_compared_as_the_latest_and_read_today(services, history, child_with_parents):
    [first] = store(services.backend, profile(child_with_parents, weeks_ago(20), {"emotional": 5},
                                              plan=[action("emotional", 3, weeks_ago(2))]))
    started = services.assessments.start(child_with_parents.id)
    view = history.compare(started.id, first.id)
    assert (view.earlier.id, view.later.id) == (first.id, started.id)
    assert view.judged_on == TODAY
    [target] = view.targets
    assert (target.grade_now, target.met, target.overdue) == (None, None, True)
    assert target.sentence.endswith("not graded now.")
    assert all(row.change is Change.NOT_COMPARABLE for row in view.comparison.items)
