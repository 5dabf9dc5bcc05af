"""The assessment use cases, called as the desktop app calls them, on a real database file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gcp_desk.domain.enums import AssessmentStatus, ContextFactor, EvidenceSource
from gcp_desk.domain.assessment import ContextEntry, HowSeen
from gcp_desk.domain.errors import IncompleteAssessment, InvalidInput, NotAllowed, RecordLocked
from gcp_desk.services.plan import PlanService

from conftest_services import PASSWORD, TODAY
from filling import fill_in


@pytest.fixture
def visited(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    return services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=3), announced=False,
                                          visitors=["Test Practitioner (social worker)"])


def test_a_visit_sets_the_age_band_from_the_first_visit(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    assert assessment.age_band is None
    assessment = services.assessments.add_visit(assessment.id, on=date(2026, 10, 20))
    assert assessment.age_band == "5-11"
    assert services.assessments.get(assessment.id).age_band == "5-11"


def test_a_grade_is_stored_at_once_with_its_audit_event(services, visited):
    svc = services.assessments
    item_id = svc.instrument_for(visited).applicable_item_ids(visited.age_band)[0]
    returned = svc.grade_item(visited.id, item_id, 4)
    assert returned.item_grades[item_id].grade == 4
    assert svc.get(visited.id).item_grades[item_id].grade == 4
    with services.backend.db.transaction() as uow:
        events = [e for e in uow.audit.for_entity(str(visited.id)) if e.action == "assessment.grade-item"]
    assert events[-1].after == {"item_id": item_id, "grade": 4, "not_assessed_reason": None}
    assert events[-1].actor_id == services.user.id
    returned = svc.grade_item(visited.id, item_id, 2)
    with services.backend.db.transaction() as uow:
        events = [e for e in uow.audit.for_entity(str(visited.id)) if e.action == "assessment.grade-item"]
    assert events[-1].before["grade"] == 4 and events[-1].after["grade"] == 2


def test_what_a_grade_returns_is_the_assessment_as_stored(services, visited):
    """A grade reads the assessment once and returns it with the change applied: exactly what reading it again
    gives, for a grade, a regrade, not assessed and a cleared item."""
    svc = services.assessments
    first, second = svc.instrument_for(visited).applicable_item_ids(visited.age_band)[:2]
    for change in (lambda: svc.grade_item(visited.id, first, 5), lambda: svc.grade_item(visited.id, first, 3),
                   lambda: svc.mark_not_assessed(visited.id, second, "Not seen on this visit"),
                   lambda: svc.clear_item(visited.id, first)):
        assert change() == svc.get(visited.id)
    assert first not in svc.get(visited.id).item_grades


@pytest.mark.parametrize("grade", [0, 6, -1])
def test_a_grade_outside_one_to_five_is_refused_and_nothing_changes(services, visited, grade):
    item_id = services.assessments.instrument_for(visited).applicable_item_ids(visited.age_band)[0]
    with pytest.raises(InvalidInput) as caught:
        services.assessments.grade_item(visited.id, item_id, grade)
    assert "Grade" in str(caught.value)
    assert item_id not in services.assessments.get(visited.id).item_grades


def test_an_unknown_item_is_named_in_the_error(services, visited):
    with pytest.raises(InvalidInput, match="'no-such-item' is not an item"):
        services.assessments.grade_item(visited.id, "no-such-item", 3)


def test_not_assessed_needs_a_reason(services, visited):
    item_id = services.assessments.instrument_for(visited).applicable_item_ids(visited.age_band)[0]
    with pytest.raises(InvalidInput, match="Reason not assessed"):
        services.assessments.mark_not_assessed(visited.id, item_id, "   ")
    done = services.assessments.mark_not_assessed(visited.id, item_id, "Child was in hospital during visits")
    assert done.item_grades[item_id].not_assessed


def test_a_visit_in_the_future_is_refused(services, visited):
    with pytest.raises(InvalidInput, match="Visit date.*in the future"):
        services.assessments.add_visit(visited.id, on=TODAY + timedelta(days=1))
    assert len(services.assessments.get(visited.id).visits) == 1


def test_a_visit_before_the_child_was_born_is_refused(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    with pytest.raises(InvalidInput, match="date of birth"):
        services.assessments.add_visit(assessment.id, on=date(2018, 1, 1))
    assert services.assessments.get(assessment.id).visits == []


def test_submit_is_refused_with_every_gap_then_accepted_when_complete(services, visited):
    svc = services.assessments
    with pytest.raises(IncompleteAssessment) as caught:
        svc.submit(visited.id, PASSWORD)
    gaps = caught.value.gaps
    assert any("child's voice" in gap.lower() for gap in gaps)
    assert len(gaps) > 10
    assert svc.get(visited.id).status is AssessmentStatus.DRAFT

    complete = fill_in(services, visited, grade_for=lambda item_id: 3)
    submitted = svc.submit(complete.id, PASSWORD)
    assert submitted.status is AssessmentStatus.SUBMITTED
    assert submitted.submitted_at is not None


def test_a_second_submit_is_refused_politely(services, visited):
    complete = fill_in(services, visited)
    services.assessments.submit(complete.id, PASSWORD)
    with pytest.raises(RecordLocked, match="submitted"):
        services.assessments.submit(complete.id, PASSWORD)


def test_a_countersigned_assessment_cannot_be_changed_by_any_call(services, visited):
    svc = services.assessments
    complete = fill_in(services, visited)
    with services.backend.db.transaction() as uow:
        uow.assessments.update_fields(complete.id, status=AssessmentStatus.COUNTERSIGNED)
    item_id = svc.instrument_for(complete).applicable_item_ids(complete.age_band)[0]
    note = complete.evidence[0] if complete.evidence else None
    calls = [
        lambda: svc.grade_item(complete.id, item_id, 5),
        lambda: svc.mark_not_assessed(complete.id, item_id, "reason"),
        lambda: svc.clear_item(complete.id, item_id),
        lambda: svc.add_visit(complete.id, on=TODAY),
        lambda: svc.add_evidence(complete.id, item_id=item_id, source=EvidenceSource.OBSERVED, text="x"),
        lambda: svc.choose_domain_grade(complete.id, "physical", 1, "reason"),
        lambda: svc.set_text(complete.id, "analysis", "rewritten"),
        lambda: svc.set_how_seen(complete.id, HowSeen()),
        lambda: svc.set_context(complete.id, []),
        lambda: svc.submit(complete.id, PASSWORD),
    ]
    if note:
        calls.append(lambda: svc.edit_evidence(complete.id, note.id, text="changed"))
        calls.append(lambda: svc.delete_evidence(complete.id, note.id))
    before = svc.get(complete.id)
    for call in calls:
        with pytest.raises(RecordLocked, match="countersigned"):
            call()
    assert svc.get(complete.id) == before


def test_an_override_of_the_suggestion_needs_a_reason(services, visited):
    svc = services.assessments
    instrument = svc.instrument_for(visited)
    domain = instrument.domains[0]
    items = instrument.items_for(domain.id, visited.age_band)
    assessment = visited
    for item in items:
        assessment = svc.grade_item(assessment.id, item.id, 4)
    with pytest.raises(InvalidInput, match="reason for the override"):
        svc.choose_domain_grade(assessment.id, domain.id, 2)
    chosen = svc.choose_domain_grade(assessment.id, domain.id, 3, "New cot delivered since the last visit")
    assert chosen.domain_grades[domain.id].is_override
    assert chosen.domain_grades[domain.id].suggested == 4


def test_a_new_assessment_carries_adults_and_context_but_never_grades(services, visited):
    svc = services.assessments
    with_context = svc.set_context(visited.id, [ContextEntry(factor=ContextFactor.DOMESTIC_ABUSE, note="MARAC")])
    complete = fill_in(services, with_context, grade_for=lambda item_id: 4)
    for domain in svc.instrument_for(complete).domains:  # every domain graded 4 needs a plan action to submit
        PlanService(services.backend.context(services.user)).add_action(
            complete.id, domain_id=domain.id, what_will_change="Care in this area improves", who="Mother",
            by_when=TODAY + timedelta(weeks=8), target_grade=2)
    svc.submit(complete.id, PASSWORD)
    with services.backend.db.transaction() as uow:
        uow.assessments.update_fields(complete.id, status=AssessmentStatus.COUNTERSIGNED)

    second = svc.start(visited.child_id)
    assert second.item_grades == {} and second.domain_grades == {} and second.evidence == []
    assert {a.adult_id for a in second.adults} == {a.adult_id for a in complete.adults}
    assert all(not a.confirmed for a in second.adults)
    assert [(c.factor, c.note, c.confirmed) for c in second.context] == [
        (ContextFactor.DOMESTIC_ABUSE, "MARAC", False)
    ]
    assert second.instrument_hash == complete.instrument_hash


def test_only_one_assessment_in_progress_per_child(services, visited):
    with pytest.raises(NotAllowed, match="already has an assessment in progress"):
        services.assessments.start(visited.child_id)


def test_the_caseload_shows_concern_domains_of_the_latest_assessment(services, visited):
    svc = services.assessments
    instrument = svc.instrument_for(visited)
    supervision = instrument.items_for("supervision", visited.age_band)[0]
    svc.grade_item(visited.id, supervision.id, 5)
    rows = {row.child_id: row for row in services.children.caseload()}
    row = rows[visited.child_id]
    assert row.latest_assessment_id == visited.id
    assert row.latest_status is AssessmentStatus.DRAFT
    assert row.concern_domains == ("supervision",)
    assert row.latest_date == visited.visits[0].date


def test_a_failed_change_leaves_no_audit_event(services, visited):
    with services.backend.db.transaction() as uow:
        events_before = uow.audit.count()
    with pytest.raises(InvalidInput):
        services.assessments.grade_item(visited.id, "no-such-item", 3)
    with services.backend.db.transaction() as uow:
        assert uow.audit.count() == events_before
