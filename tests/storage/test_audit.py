"""The audit trail: append-only, ordered, and saved together with the change it describes or not at all."""

from __future__ import annotations

from datetime import UTC, date
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from gcp_desk.domain.assessment import ItemGrade
from gcp_desk.domain.enums import AssessmentStatus


def test_recorded_events_come_back_exactly_oldest_first(db, world):
    entity = uuid4()
    with db.transaction() as uow:
        first = uow.audit.record(world.user.id, "assessment.grade-item", "assessment", entity,
                                 before=None, after={"item": "hygiene", "grade": 4})
        second = uow.audit.record(world.user.id, "assessment.grade-item", "assessment", entity,
                                  before={"item": "hygiene", "grade": 4}, after={"item": "hygiene", "grade": 3})
        uow.audit.record(None, "child.add", "child", uuid4(), before=None, after={"name": "Someone else"})
    with db.transaction() as uow:
        events = uow.audit.for_entity(entity)
        assert uow.audit.count() == 3
    assert events == [first, second]
    assert first.at < second.at  # strictly ordered even within one clock tick
    assert first.at.tzinfo is UTC
    assert events[0].before is None and events[1].after == {"item": "hygiene", "grade": 3}
    assert events[0].entity_id == str(entity)


def test_domain_values_in_before_and_after_are_kept_in_their_json_form(db, world):
    entity = uuid4()
    with db.transaction() as uow:
        recorded = uow.audit.record(
            world.user.id, "assessment.submit", "assessment", str(entity),
            before={"status": AssessmentStatus.DRAFT, "by": world.user.id},
            after={
                "status": AssessmentStatus.SUBMITTED,
                "on": date(2024, 5, 1),
                "grade": ItemGrade(item_id="a", grade=2),
            },
        )
    with db.transaction() as uow:
        (stored,) = uow.audit.for_entity(entity)
    assert stored == recorded
    assert stored.before == {"status": "draft", "by": str(world.user.id)}
    assert stored.after == {"status": "submitted", "on": "2024-05-01",
                            "grade": {"item_id": "a", "grade": 2, "not_assessed_reason": None}}


def test_the_repository_offers_no_way_to_change_or_remove_an_event(db):
    with db.transaction() as uow:
        offered = {name for name in dir(uow.audit) if not name.startswith("_")}
    assert offered == {"record", "for_entity", "count", "head", "link", "chain_rows", "unchained_events", "events_of",
                       "actions_after"}


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'nothing happened'", "DELETE FROM audit_events"]
)
def test_the_database_refuses_to_change_or_remove_an_event(db, world, statement):
    with db.transaction() as uow:
        uow.audit.record(world.user.id, "child.view", "child", world.child.id, None, None)
    with pytest.raises(IntegrityError, match="append-only"):
        with db.transaction() as uow:
            uow.session.execute(text(statement))
    with db.transaction() as uow:
        assert [event.action for event in uow.audit.for_entity(world.child.id)] == ["child.view"]


def test_a_failure_after_the_grade_and_its_audit_event_leaves_neither(db, world, make):
    assessment = make.assessment(world.child.id)
    with db.transaction() as uow:
        uow.assessments.add(assessment)
        events_before = uow.audit.count()

    with pytest.raises(RuntimeError):
        with db.transaction() as uow:
            uow.assessments.set_item_grade(assessment.id, ItemGrade(item_id="hygiene", grade=1))
            uow.audit.record(world.user.id, "assessment.grade-item", "assessment", assessment.id,
                             {"grade": 4}, {"grade": 1})
            raise RuntimeError("the laptop lid was closed")

    with db.transaction() as uow:
        assert uow.assessments.get(assessment.id).item_grades["hygiene"].grade == 4
        assert uow.audit.count() == events_before
        assert uow.audit.for_entity(assessment.id) == []


def test_a_grade_and_its_audit_event_are_saved_together(db, world, make):
    assessment = make.assessment(world.child.id)
    with db.transaction() as uow:
        uow.assessments.add(assessment)
        uow.assessments.set_item_grade(assessment.id, ItemGrade(item_id="hygiene", grade=1))
        uow.audit.record(world.user.id, "assessment.grade-item", "assessment", assessment.id, None, {"grade": 1})
    with db.transaction() as uow:
        assert uow.assessments.get(assessment.id).item_grades["hygiene"].grade == 1
        assert [event.after for event in uow.audit.for_entity(assessment.id)] == [{"grade": 1}]
