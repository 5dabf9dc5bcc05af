"""Household facts shared between siblings assessed together and confirmed for each child: items that describe the
home (marked in the instrument, version 3), visits and how the home was seen; and a sibling's screen opened before a
shared fact arrived never drops it when it saves."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.app import open_backend
from gcp_desk.domain.assessment import ContextEntry, HowSeen
from gcp_desk.domain.enums import AssessmentStatus, ContextFactor, EvidenceSource, SharedFactKind
from gcp_desk.scoring.completeness import GapKind, Section
from gcp_desk.scoring.instruments import content_hash
from gcp_desk.services.assessments import AssessmentService
from gcp_desk.services.siblings import SiblingAssessmentService
from gcp_desk.storage.orm import AssessmentRow

HOME = "home-conditions"


@pytest.fixture
def family(services):
    first = services.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2012, 2, 1),
                                           new_household=("Quill household", "4 Mill Lane"))
    others = [services.children.create_child(given_name=name, family_name="Quill", date_of_birth=born,
                                             household_id=first.household_id)
              for name, born in (("Ben", date(2015, 3, 3)), ("Eve", date(2025, 6, 6)))]
    return [first, *others]


@pytest.fixture
def together(services):
    return SiblingAssessmentService(services.children._context)


def warnings_of(services, assessment_id):
    assessment = services.assessments.get(assessment_id)
    return [gap for gap in services.assessments.warnings(assessment) if gap.kind is GapKind.SHARED_NOT_CONFIRMED]


def test_shared_fact_new_assessments_use_version_3_which_marks_the_home_item(services, family, together):
    ava, *_ = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    assert ava.instrument_version == "3"
    assert services.assessments.instrument_for(ava).item(HOME).household


def test_shared_fact_home_item_entered_once_shows_in_each_sibling_unconfirmed(services, family, together):
    ava, ben, eve = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    services.assessments.grade_item(ava.id, HOME, 4)
    services.assessments.add_evidence(ava.id, item_id=HOME, source=EvidenceSource.OBSERVED,
                                      text="No heating on either visit; damp in the back bedroom.")
    services.assessments.grade_item(ava.id, "clothing", 2)  # about Ava alone: not shared

    for sibling in (ben, eve):
        now = services.assessments.get(sibling.id)
        assert now.item_grades[HOME].grade == 4
        assert [n.text for n in now.evidence_for(HOME)] == ["No heating on either visit; damp in the back bedroom."]
        assert "clothing" not in now.item_grades
        assert not now.shared_fact(SharedFactKind.HOME_ITEM, HOME).confirmed
        (warning,) = [w for w in warnings_of(services, sibling.id) if w.target.item_id == HOME]
        assert warning.target.section is Section.DOMAINS
        assert "Home conditions, a home item, came from a brother's or sister's assessment" in warning.message
    assert warnings_of(services, ava.id) == []  # the one who entered it need not confirm it

    services.assessments.confirm_shared_fact(ben.id, SharedFactKind.HOME_ITEM, HOME)
    assert not [w for w in warnings_of(services, ben.id) if w.target.item_id == HOME]
    assert [w for w in warnings_of(services, eve.id) if w.target.item_id == HOME]  # Eve's practitioner still to
    with services.backend.db.transaction() as uow:
        (event,) = [e for e in uow.audit.for_entity(str(ben.id)) if e.action == "assessment.confirm-shared-fact"]
    assert event.after["kind"] == "home-item" and event.after["from_assessment_id"] == str(ava.id)


def test_shared_fact_a_note_edited_is_brought_up_to_date_not_copied_twice(services, family, together):
    ava, ben, _ = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    first = services.assessments.add_evidence(ava.id, item_id=HOME, source=EvidenceSource.OBSERVED,
                                              text="Kitchen dirty.").evidence[-1]
    services.assessments.edit_evidence(ava.id, first.id, text="Kitchen dirty; mould on the walls.")
    (copy,) = services.assessments.get(ben.id).evidence_for(HOME)
    assert copy.text == "Kitchen dirty; mould on the walls." and copy.id != first.id
    # Ben's practitioner corrects the note in Ben's assessment: Ava's note follows, still one note each.
    services.assessments.edit_evidence(ben.id, copy.id, text="Kitchen dirty; black mould in two rooms.")
    assert [n.text for n in services.assessments.get(ava.id).evidence_for(HOME)] == [
        "Kitchen dirty; black mould in two rooms."]
    assert len(services.assessments.get(ben.id).evidence_for(HOME)) == 1


def test_shared_fact_regraded_by_a_sibling_is_theirs_and_unconfirmed_for_the_others(services, family, together):
    ava, ben, _ = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    services.assessments.grade_item(ava.id, HOME, 3)
    services.assessments.grade_item(ben.id, HOME, 4)  # Ben's practitioner sees it worse: entering it confirms it
    assert services.assessments.get(ben.id).shared_fact(SharedFactKind.HOME_ITEM, HOME).confirmed
    ava_now = services.assessments.get(ava.id)
    assert ava_now.item_grades[HOME].grade == 4
    assert not ava_now.shared_fact(SharedFactKind.HOME_ITEM, HOME).confirmed


def test_shared_fact_regrade_keeps_the_grade_it_replaced_in_the_fact_and_the_audit(services, family, together):
    ava, ben, _ = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    services.assessments.grade_item(ben.id, HOME, 3)  # Ben's own grade, shared to Ava and confirmed by Ben
    services.assessments.grade_item(ava.id, HOME, 4)  # Ava's practitioner sees it worse
    services.assessments.grade_item(ava.id, HOME, 5)  # and worse again, before Ben's practitioner confirms
    fact = services.assessments.get(ben.id).shared_fact(SharedFactKind.HOME_ITEM, HOME)
    assert fact.replaced_grade == 3 and not fact.confirmed  # the grade Ben last had, not the unconfirmed 4
    with services.backend.db.transaction() as uow:
        shared = [e.after for e in uow.audit.for_entity(str(ben.id)) if e.action == "assessment.household-fact"]
    assert [(p["item_id"], p["replaced_grade"]) for p in shared] == [(HOME, 3), (HOME, 4)]
    assert all(p["from_assessment_id"] == str(ava.id) for p in shared)

    services.assessments.confirm_shared_fact(ben.id, SharedFactKind.HOME_ITEM, HOME)
    services.assessments.grade_item(ava.id, HOME, 2)  # a change after confirming replaces the confirmed 5
    assert services.assessments.get(ben.id).shared_fact(SharedFactKind.HOME_ITEM, HOME).replaced_grade == 5


def test_shared_fact_not_for_a_sibling_graded_on_version_2_nor_a_signed_one(services, family, together, backend):
    ava, ben, eve = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    with backend.db.transaction() as uow:
        uow.assessments.update_fields(eve.id, status=AssessmentStatus.SUBMITTED)
        row = uow.session.get(AssessmentRow, ben.id)  # Ben's draft was started before version 3
        row.instrument_version = "2"
        row.instrument_hash = content_hash(backend.instruments.get(ava.instrument_id, "2"))
    services.assessments.grade_item(ava.id, HOME, 4)
    assert HOME not in services.assessments.get(ben.id).item_grades  # version 2 does not mark it a home item
    assert HOME not in services.assessments.get(eve.id).item_grades  # signed: never changes


def test_shared_fact_visits_and_rooms_seen_are_confirmed_per_child(services, family, together):
    ava, ben, _ = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    second = services.assessments.add_visit(ava.id, on=date(2026, 10, 27), announced=False).visits[-1]
    services.assessments.set_how_seen(ava.id, HowSeen(child_seen=True, rooms_seen=["kitchen"], present=["Dee"]))
    kinds = {(w.target.section, w.message.split(" came")[0]) for w in warnings_of(services, ben.id)}
    assert kinds == {(Section.VISITS, "The visit on 27 October 2026"),
                     (Section.HOW_SEEN, "The rooms seen and the people present")}
    services.assessments.confirm_shared_fact(ben.id, SharedFactKind.VISIT, str(second.id))
    services.assessments.confirm_shared_fact(ben.id, SharedFactKind.HOME_SEEN)
    assert warnings_of(services, ben.id) == []
    # A later change by the sibling needs confirming again.
    services.assessments.set_how_seen(ava.id, HowSeen(child_seen=True, rooms_seen=["kitchen", "bathroom"]))
    assert [w.target.section for w in warnings_of(services, ben.id)] == [Section.HOW_SEEN]


def test_shared_fact_context_saved_by_a_stale_screen_keeps_what_arrived_meanwhile(services, family, together,
                                                                                  backend, practitioner):
    ava, ben, _ = together.start_together([k.id for k in family], on=date(2026, 10, 20))
    other = open_backend(backend.paths)  # a second session on the same database, as a second laptop window
    try:
        bens_screen = AssessmentService(other.context(practitioner))
        shown = bens_screen.get(ben.id)  # Ben's context screen opens: nothing recorded yet
        services.assessments.set_context(ava.id, [ContextEntry(factor=ContextFactor.DOMESTIC_ABUSE,
                                                               note="Police call-out in September.")])
        services.assessments.set_how_seen(ava.id, HowSeen(rooms_seen=["kitchen"]))
        # Ben's screen, never refreshed, ticks a factor of its own and a room, and saves as it sees them.
        mine = [ContextEntry(factor=ContextFactor.PARENTAL_MENTAL_ILL_HEALTH, note="Mother's low mood.")]
        bens_screen.set_context(ben.id, mine, seen=shown.context)
        bens_screen.set_how_seen(ben.id, HowSeen(child_seen=True, rooms_seen=["bedrooms"]),
                                             seen=shown.how_seen)
    finally:
        other.close()
    now = services.assessments.get(ben.id)
    assert {entry.factor for entry in now.context} == {ContextFactor.DOMESTIC_ABUSE,
                                                       ContextFactor.PARENTAL_MENTAL_ILL_HEALTH}
    assert now.how_seen.rooms_seen == ["kitchen", "bedrooms"] and now.how_seen.child_seen
    # Unticking on the screen still takes a factor away.
    shown = services.assessments.get(ben.id)
    services.assessments.set_context(ben.id, [e for e in shown.context
                                              if e.factor is ContextFactor.DOMESTIC_ABUSE], seen=shown.context)
    assert [e.factor for e in services.assessments.get(ben.id).context] == [ContextFactor.DOMESTIC_ABUSE]
