"""Assessments: whole records in and out, a child's history, and the one-part writes of everyday grading."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import CheckConstraint, event, text
from sqlalchemy.exc import IntegrityError

from gcp_desk.domain.assessment import (
    Assessment,
    DomainGrade,
    EvidenceNote,
    HowSeen,
    ItemGrade,
    PlanAction,
    Visit,
)
from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource
from gcp_desk.domain.errors import InvalidInput, NotFound
from gcp_desk.storage import orm
from gcp_desk.storage.integrity import CHECK_PROBLEMS
from gcp_desk.storage.rows import ASSESSMENT_JSON_PARTS, ASSESSMENT_SCALARS


@pytest.fixture
def assessment(db, world, make):
    """A stored assessment with every part filled in."""
    stored = make.assessment(world.child.id, author_id=world.user.id, adult_id=world.mother.id,
                             visit_dates=(date(2024, 3, 1), date(2024, 3, 8)),
                             submitted_at=make.at(2024, 3, 9), amendment_reason="")
    with db.transaction() as uow:
        uow.assessments.add(stored, concern_domains=["physical-care"])
    return stored


def test_an_assessment_round_trips_with_every_part(db, assessment):
    with db.transaction() as uow:
        loaded = uow.assessments.get(assessment.id)
    assert loaded == assessment
    # Order of lists is part of the record (and of its hash once countersigned).
    assert [note.text for note in loaded.evidence] == [note.text for note in assessment.evidence]
    assert [action.who for action in loaded.plan] == ["Ada Okafor", "Housing officer"]
    assert loaded.item_grades["dental"].not_assessed_reason == "dentist not yet contacted"
    assert loaded.domain_grades["physical-care"].is_override
    assert loaded.evidence[0].created_at == datetime(2024, 3, 2, 10, 0, 0, 1, tzinfo=UTC)
    assert all(moment.tzinfo is UTC for moment in (loaded.created_at, loaded.updated_at, loaded.submitted_at))


def test_an_empty_draft_round_trips(db, world, make):
    empty = make.assessment(world.child.id, item_grades={}, evidence=[], domain_grades={}, plan=[], context=[],
                            how_seen=HowSeen(), age_band=None, child_voice="", carers_views="", strengths="",
                            analysis="", created_by=None)
    with db.transaction() as uow:
        uow.assessments.add(empty)
        assert uow.assessments.get(empty.id) == empty


def test_an_unknown_assessment_is_not_found_by_every_operation(db):
    missing = uuid4()
    grade = ItemGrade(item_id="clothing", grade=1)
    note = EvidenceNote(source=EvidenceSource.OBSERVED, text="x")
    operations = [
        lambda uow: uow.assessments.get(missing),
        lambda uow: uow.assessments.set_item_grade(missing, grade),
        lambda uow: uow.assessments.clear_item_grade(missing, "clothing"),
        lambda uow: uow.assessments.add_evidence(missing, note),
        lambda uow: uow.assessments.update_evidence(missing, note),
        lambda uow: uow.assessments.get_evidence(missing, note.id),
        lambda uow: uow.assessments.set_domain_grade(missing, DomainGrade(domain_id="nutrition", chosen=1)),
        lambda uow: uow.assessments.clear_domain_grade(missing, "nutrition"),
        lambda uow: uow.assessments.set_plan(missing, []),
        lambda uow: uow.assessments.update_fields(missing, child_voice="hello"),
        lambda uow: uow.assessments.set_summary(missing, None, []),
        lambda uow: uow.assessments.touch(missing),
    ]
    for operation in operations:
        with pytest.raises(NotFound):
            with db.transaction() as uow:
                operation(uow)


def test_history_is_complete_and_oldest_first_with_undated_work_last(db, world, make):
    def assessment(created: datetime, *visits: date, status=AssessmentStatus.COUNTERSIGNED):
        return make.assessment(world.child.id, visit_dates=visits, created_at=created, status=status)

    newest_draft = assessment(make.at(2024, 1, 1), status=AssessmentStatus.DRAFT)  # no visit yet
    spring = assessment(make.at(2023, 3, 1), date(2023, 3, 2), date(2023, 3, 20))
    autumn_first = assessment(make.at(2023, 9, 1), date(2023, 9, 10))
    autumn_second = assessment(make.at(2023, 9, 2), date(2023, 9, 10))  # same last visit, created later
    winter = assessment(make.at(2022, 12, 1), date(2022, 12, 5))
    other_child = make.child(given_name="Sibling")
    with db.transaction() as uow:
        uow.children.add(other_child)
        uow.assessments.add(make.assessment(other_child.id, visit_dates=(date(2024, 1, 1),)))
        for item in (newest_draft, spring, autumn_second, winter, autumn_first):
            uow.assessments.add(item)
    expected = [winter, spring, autumn_first, autumn_second, newest_draft]
    with db.transaction() as uow:
        history = uow.assessments.history(world.child.id)
        ids = uow.assessments.ids_for_child(world.child.id)
    assert history == expected
    assert ids == [item.id for item in expected]


def test_history_loads_all_assessments_in_the_same_few_queries_however_many_there_are(db, world, make):
    """No query per assessment: the cost of opening a child's record must not grow with their history."""

    def queries_for_history() -> int:
        statements: list[str] = []

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            with db.transaction() as uow:
                history = uow.assessments.history(world.child.id)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert all(len(a.item_grades) == 3 and len(a.evidence) == 2 for a in history)
        return len(statements)

    with db.transaction() as uow:
        uow.assessments.add(make.assessment(world.child.id, visit_dates=(date(2023, 1, 1),)))
    with_one = queries_for_history()
    with db.transaction() as uow:
        for month in range(2, 10):
            uow.assessments.add(make.assessment(world.child.id, visit_dates=(date(2023, month, 1),)))
    with_nine = queries_for_history()
    assert with_one == with_nine <= 6  # BEGIN, then one query per table


def test_latest_for_child_skips_assessments_replaced_by_an_amendment(db, world, make):
    original = make.assessment(world.child.id, visit_dates=(date(2024, 5, 1),), status=AssessmentStatus.AMENDED,
                               created_at=make.at(2024, 5, 2))
    earlier = make.assessment(world.child.id, visit_dates=(date(2024, 1, 1),), status=AssessmentStatus.COUNTERSIGNED)
    with db.transaction() as uow:
        assert uow.assessments.latest_for_child(world.child.id) is None
        uow.assessments.add(earlier)
        uow.assessments.add(original)
        assert uow.assessments.latest_for_child(world.child.id) == earlier
        amendment = make.assessment(world.child.id, visit_dates=(date(2024, 5, 1),), amends_id=original.id,
                                    amendment_reason="Wrong child's note was attached",
                                    status=AssessmentStatus.COUNTERSIGNED, created_at=make.at(2024, 6, 1))
        uow.assessments.add(amendment)
    with db.transaction() as uow:
        latest = uow.assessments.latest_for_child(world.child.id)
        assert latest == amendment and latest.amends_id == original.id
        assert len(uow.assessments.history(world.child.id)) == 3


def test_setting_an_item_grade_inserts_then_replaces(db, assessment):
    with db.transaction() as uow:
        uow.assessments.set_item_grade(assessment.id, ItemGrade(item_id="bedding", grade=3))
        uow.assessments.set_item_grade(assessment.id, ItemGrade(item_id="hygiene", grade=5))
        uow.assessments.set_item_grade(assessment.id, ItemGrade(item_id="clothing", not_assessed_reason="away"))
    with db.transaction() as uow:
        grades = uow.assessments.get(assessment.id).item_grades
    assert grades["bedding"] == ItemGrade(item_id="bedding", grade=3)
    assert grades["hygiene"].grade == 5
    assert grades["clothing"].grade is None and grades["clothing"].not_assessed_reason == "away"
    assert len(grades) == 4


def test_clearing_an_item_grade_removes_only_that_item(db, assessment):
    with db.transaction() as uow:
        assert uow.assessments.clear_item_grade(assessment.id, "hygiene") is True
        assert uow.assessments.clear_item_grade(assessment.id, "hygiene") is False
        assert set(uow.assessments.get(assessment.id).item_grades) == {"clothing", "dental"}


def test_the_database_itself_refuses_a_grade_with_neither_grade_nor_reason(db, assessment):
    with pytest.raises(InvalidInput, match="either a grade or the reason") as refused:
        with db.transaction() as uow:
            uow.session.execute(
                text("INSERT INTO item_grades (assessment_id, item_id, grade, not_assessed_reason, updated_at) "
                     "VALUES (:a, 'x', NULL, NULL, '2024-01-01 00:00:00.000000')"),
                {"a": assessment.id.hex},
            )
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_a_grade_outside_1_to_5_that_slipped_past_validation_is_refused_in_words_and_nothing_is_saved(
    db, assessment, world
):
    out_of_range = ItemGrade.model_construct(item_id="hygiene", grade=7, not_assessed_reason=None)
    with pytest.raises(InvalidInput) as refused:
        with db.transaction() as uow:
            uow.audit.record(world.user.id, "assessment.grade-item", "assessment", assessment.id, None, {"grade": 7})
            uow.assessments.set_item_grade(assessment.id, out_of_range)
    assert str(refused.value) == "Grade: must be a whole number from 1 to 5"
    assert refused.value.problems[0].location == "Grade"
    with db.transaction() as uow:
        assert uow.assessments.get(assessment.id).item_grades["hygiene"].grade == 4
        assert uow.audit.for_entity(assessment.id) == []


def test_a_domain_grade_or_plan_target_outside_1_to_5_is_refused_in_words(db, assessment):
    with pytest.raises(InvalidInput, match="^Domain grade: must be a whole number from 1 to 5$"):
        with db.transaction() as uow:
            uow.assessments.set_domain_grade(
                assessment.id, DomainGrade.model_construct(domain_id="nutrition", chosen=0, suggested=None,
                                                           override_reason="")
            )
    action = assessment.plan[0].model_copy(update={"target_grade": 6})
    with pytest.raises(InvalidInput, match="^Target grade: must be a whole number from 1 to 5$"):
        with db.transaction() as uow:
            uow.assessments.set_plan(assessment.id, [action])
    with db.transaction() as uow:
        stored = uow.assessments.get(assessment.id)
    assert stored.domain_grades == assessment.domain_grades and stored.plan == assessment.plan


def test_every_check_in_the_schema_has_words_for_the_person_who_tripped_it():
    checks = {
        constraint.name
        for table in orm.Base.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    assert checks and checks == set(CHECK_PROBLEMS)


def test_evidence_is_appended_updated_and_deleted_in_place(db, assessment, world):
    added = EvidenceNote(item_id="clothing", source=EvidenceSource.OTHER_AGENCY, text="School: same jumper all week",
                         author_id=world.user.id)
    with db.transaction() as uow:
        uow.assessments.add_evidence(assessment.id, added)
        assert uow.assessments.get_evidence(assessment.id, added.id) == added
    first = assessment.evidence[0]
    reworded = first.model_copy(update={"text": "Nappy rash seen on two visits.", "source": EvidenceSource.OBSERVED,
                                        "created_at": datetime(2030, 1, 1, tzinfo=UTC)})
    before = datetime.now(UTC)
    with db.transaction() as uow:
        stored = uow.assessments.update_evidence(assessment.id, reworded)
    assert stored.text == "Nappy rash seen on two visits."
    assert stored.created_at == first.created_at and stored.updated_at >= before
    with db.transaction() as uow:
        notes = uow.assessments.get(assessment.id).evidence
        assert [note.id for note in notes] == [first.id, assessment.evidence[1].id, added.id]
        assert uow.assessments.delete_evidence(assessment.id, first.id) is True
        assert uow.assessments.delete_evidence(assessment.id, first.id) is False
        with pytest.raises(NotFound):
            uow.assessments.get_evidence(assessment.id, first.id)
        with pytest.raises(NotFound):
            uow.assessments.update_evidence(assessment.id, first)
        later = EvidenceNote(source=EvidenceSource.CHILD_SAID, text="'I like school dinners'")
        uow.assessments.add_evidence(assessment.id, later)
    with db.transaction() as uow:
        notes = uow.assessments.get(assessment.id).evidence
    assert [note.id for note in notes] == [assessment.evidence[1].id, added.id, later.id]


def test_evidence_of_another_assessment_is_not_reachable_through_this_one(db, assessment, world, make):
    other = make.assessment(world.child.id)
    with db.transaction() as uow:
        uow.assessments.add(other)
        with pytest.raises(NotFound):
            uow.assessments.get_evidence(assessment.id, other.evidence[0].id)
        assert uow.assessments.delete_evidence(assessment.id, other.evidence[0].id) is False
        assert len(uow.assessments.get(other.id).evidence) == 2


def test_domain_grades_are_set_replaced_and_cleared(db, assessment):
    with db.transaction() as uow:
        uow.assessments.set_domain_grade(assessment.id, DomainGrade(domain_id="nutrition", chosen=3, suggested=3))
        uow.assessments.set_domain_grade(assessment.id, DomainGrade(domain_id="emotional-care", chosen=1))
        assert uow.assessments.clear_domain_grade(assessment.id, "physical-care") is True
        assert uow.assessments.clear_domain_grade(assessment.id, "physical-care") is False
    with db.transaction() as uow:
        grades = uow.assessments.get(assessment.id).domain_grades
    assert grades == {
        "nutrition": DomainGrade(domain_id="nutrition", chosen=3, suggested=3),
        "emotional-care": DomainGrade(domain_id="emotional-care", chosen=1),
    }


def test_setting_the_plan_replaces_it_in_the_given_order(db, assessment):
    new_plan = [
        PlanAction(domain_id="nutrition", what_will_change="Breakfast before school", who="Ada Okafor",
                   by_when=date(2024, 5, 1), target_grade=2),
        assessment.plan[1].model_copy(update={"progress_notes": "Repaired on 2 April"}),
    ]
    with db.transaction() as uow:
        uow.assessments.set_plan(assessment.id, new_plan)
        assert uow.assessments.get(assessment.id).plan == new_plan
        uow.assessments.set_plan(assessment.id, [])
        assert uow.assessments.get(assessment.id).plan == []


def test_update_fields_stores_domain_values_and_always_bumps_updated_at(db, assessment, make):
    visits = [Visit(date=date(2024, 4, 2), announced=False, note="unannounced"), Visit(date=date(2024, 3, 30))]
    before = datetime.now(UTC)
    with db.transaction() as uow:
        uow.assessments.update_fields(
            assessment.id,
            status=AssessmentStatus.SUBMITTED,
            age_band="5-11",
            visits=visits,
            how_seen=HowSeen(child_seen=True, child_seen_alone=True, rooms_seen=["all"]),
            context=[],
            adults=[],
            child_voice="New words",
            carers_views="New views",
            strengths="New strengths",
            analysis="New analysis",
            submitted_at=make.at(2024, 4, 3),
            amendment_reason="n/a",
        )
    with db.transaction() as uow:
        loaded = uow.assessments.get(assessment.id)
        row = uow.caseload.row(assessment.child_id)
    assert loaded.status is AssessmentStatus.SUBMITTED
    assert loaded.visits == visits and loaded.how_seen.child_seen_alone
    assert (loaded.age_band, loaded.child_voice, loaded.analysis) == ("5-11", "New words", "New analysis")
    assert loaded.submitted_at == make.at(2024, 4, 3)
    assert loaded.updated_at >= before
    assert loaded.item_grades == assessment.item_grades  # parts untouched
    assert row.latest_date == date(2024, 4, 2)  # new visits move the caseload date


def test_update_fields_refuses_fields_it_does_not_own_and_invalid_values(db, assessment):
    with db.transaction() as uow:
        with pytest.raises(TypeError, match="item_grades"):
            uow.assessments.update_fields(assessment.id, item_grades={})
        with pytest.raises(ValueError):
            uow.assessments.update_fields(assessment.id, status="approved-by-nobody")


def test_touch_and_set_summary(db, assessment):
    before = datetime.now(UTC)
    with db.transaction() as uow:
        uow.assessments.touch(assessment.id)
        uow.assessments.set_summary(assessment.id, date(2024, 3, 20), ["nutrition", "supervision"])
    with db.transaction() as uow:
        assert uow.assessments.get(assessment.id).updated_at >= before
        row = uow.caseload.row(assessment.child_id)
    assert row.latest_date == date(2024, 3, 20)
    assert row.concern_domains == ("nutrition", "supervision")


def test_deleting_an_assessment_deletes_its_parts_and_nothing_else(db, assessment, world, make):
    other = make.assessment(world.child.id)
    tables = ("item_grades", "evidence_notes", "domain_grades", "plan_actions")
    with db.transaction() as uow:
        uow.assessments.add(other)
        uow.session.execute(text("DELETE FROM assessments WHERE id = :id"), {"id": assessment.id.hex})
    with db.transaction() as uow:
        for table in tables:
            orphans = uow.session.execute(
                text(f"SELECT count(*) FROM {table} WHERE assessment_id = :id"), {"id": assessment.id.hex}
            ).scalar()
            assert orphans == 0, table
        assert uow.assessments.get(other.id) == other
        with pytest.raises(NotFound):
            uow.assessments.get(assessment.id)


def test_an_assessment_for_a_child_that_does_not_exist_is_refused(db, make):
    orphan = make.assessment(uuid4())
    with pytest.raises(NotFound, match="refers to a record that is not in the database") as refused:
        with db.transaction() as uow:
            uow.assessments.add(orphan)
    assert isinstance(refused.value.__cause__, IntegrityError)
    with db.transaction() as uow:
        with pytest.raises(NotFound):
            uow.assessments.get(orphan.id)


def test_integrity_errors_that_are_not_bad_input_are_left_for_the_programmer_to_see(db, assessment):
    """A duplicate id is a fault in the program, not something a practitioner typed; it must not be dressed up."""
    with pytest.raises(IntegrityError):
        with db.transaction() as uow:
            uow.assessments.add(assessment)


def test_item_grade_times_are_stored_utc(db, assessment):
    before = datetime.now(UTC) - timedelta(seconds=1)
    with db.transaction() as uow:
        uow.assessments.set_item_grade(assessment.id, ItemGrade(item_id="clothing", grade=1))
        stored = uow.session.execute(
            text("SELECT updated_at FROM item_grades WHERE assessment_id = :a AND item_id = 'clothing'"),
            {"a": assessment.id.hex},
        ).scalar()
    if db.is_sqlite:  # UTC text; PostgreSQL's timestamptz is an instant whatever the session's time zone
        stored = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    assert stored >= before


def test_storage_knows_every_field_of_an_assessment():
    """A field added to the domain model must be given a column, or this fails before any record loses it."""
    parts = {"item_grades", "evidence", "domain_grades", "plan"}
    stored = set(ASSESSMENT_SCALARS) | set(ASSESSMENT_JSON_PARTS) | parts
    assert stored == set(Assessment.model_fields)
    assert set(EvidenceNote.model_fields) <= set(orm.evidence_notes.columns.keys())
    assert set(PlanAction.model_fields) <= set(orm.plan_actions.columns.keys())
    assert set(DomainGrade.model_fields) <= set(orm.domain_grades.columns.keys())
    assert set(ItemGrade.model_fields) <= set(orm.item_grades.columns.keys())
