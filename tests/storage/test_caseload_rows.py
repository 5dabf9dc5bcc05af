"""The caseload: one row per child with their latest assessment."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import UUID, uuid4

import pytest

from gcp_desk.domain.enums import AssessmentStatus, PlanType
from gcp_desk.domain.errors import NotFound
from gcp_desk.domain.people import LocalIdentifier
from gcp_desk.storage.raw_values import date_value, utc_date_value, uuid_value


def test_a_child_with_no_assessment_is_listed_with_nothing_latest(db, world):
    with db.transaction() as uow:
        (row,) = uow.caseload.rows()
    child = world.child
    assert (row.child_id, row.given_name, row.family_name) == (child.id, "Tobi", "Okafor-Brown")
    assert (row.date_of_birth, row.expected_date_of_delivery) == (date(2019, 6, 15), None)
    assert row.identifiers == "C123456 9434765919"
    assert row.household_id == world.household.id
    assert row.plan_type is PlanType.CHILD_IN_NEED
    assert (row.latest_assessment_id, row.latest_status, row.latest_date, row.latest_owner_id) == (None,) * 4
    assert row.concern_domains == () and row.assessment_count == 0


def test_the_latest_assessment_is_the_one_with_the_latest_last_visit(db, world, make):
    later_visit_created_earlier = make.assessment(
        world.child.id, visit_dates=(date(2024, 1, 5), date(2024, 2, 20)), created_at=make.at(2024, 1, 1),
        status=AssessmentStatus.SUBMITTED, created_by=world.user.id,
    )
    earlier_visit_created_later = make.assessment(
        world.child.id, visit_dates=(date(2024, 2, 1),), created_at=make.at(2024, 3, 1),
        status=AssessmentStatus.COUNTERSIGNED,
    )
    with db.transaction() as uow:
        uow.assessments.add(earlier_visit_created_later, concern_domains=["nutrition"])
        uow.assessments.add(later_visit_created_earlier, concern_domains=["physical-care", "supervision"])
    with db.transaction() as uow:
        (row,) = uow.caseload.rows()
    assert row.latest_assessment_id == later_visit_created_earlier.id
    assert row.latest_status is AssessmentStatus.SUBMITTED
    assert row.latest_date == date(2024, 2, 20)
    assert row.latest_owner_id == world.user.id
    assert row.concern_domains == ("physical-care", "supervision")
    assert row.assessment_count == 2


def test_on_the_same_last_visit_the_later_created_assessment_is_latest(db, world, make):
    first = make.assessment(world.child.id, visit_dates=(date(2024, 2, 1),), created_at=make.at(2024, 2, 2))
    second = make.assessment(world.child.id, visit_dates=(date(2024, 2, 1),), created_at=make.at(2024, 2, 3))
    with db.transaction() as uow:
        uow.assessments.add(second)
        uow.assessments.add(first)
        assert uow.caseload.row(world.child.id).latest_assessment_id == second.id


def test_a_new_draft_with_no_visit_yet_is_latest_and_dated_by_its_creation(db, world, make):
    signed = make.assessment(world.child.id, visit_dates=(date(2024, 5, 1),), status=AssessmentStatus.COUNTERSIGNED)
    draft = make.assessment(world.child.id, created_at=make.at(2024, 6, 30, hour=23, minute=30))
    with db.transaction() as uow:
        uow.assessments.add(signed)
        uow.assessments.add(draft)
        row = uow.caseload.row(world.child.id)
    assert row.latest_assessment_id == draft.id
    assert row.latest_status is AssessmentStatus.DRAFT
    assert row.latest_date == date(2024, 6, 30)


def test_an_assessment_replaced_by_its_amendment_is_neither_latest_nor_counted(db, world, make):
    replaced = make.assessment(world.child.id, visit_dates=(date(2024, 5, 1),), status=AssessmentStatus.AMENDED,
                               created_at=make.at(2024, 5, 2))
    earlier = make.assessment(world.child.id, visit_dates=(date(2024, 1, 1),), status=AssessmentStatus.COUNTERSIGNED)
    with db.transaction() as uow:
        uow.assessments.add(earlier)
        uow.assessments.add(replaced, concern_domains=["emotional-care"])
        row = uow.caseload.row(world.child.id)
    assert row.latest_assessment_id == earlier.id
    assert row.assessment_count == 1


def test_a_child_whose_only_assessment_was_replaced_shows_nothing_latest(db, world, make):
    with db.transaction() as uow:
        uow.assessments.add(make.assessment(world.child.id, status=AssessmentStatus.AMENDED))
        row = uow.caseload.row(world.child.id)
    assert row.latest_assessment_id is None and row.assessment_count == 0


def test_every_child_is_listed_by_family_then_given_name_with_their_own_latest(db, world, make):
    abbot = make.child(given_name="Zed", family_name="Abbot", identifiers=[], household_id=None,
                       plan_type=PlanType.CHILD_PROTECTION)
    unborn = make.child(given_name="Baby", family_name="Zimmer", date_of_birth=None,
                        expected_date_of_delivery=date(2025, 1, 1), identifiers=[])
    theirs = make.assessment(abbot.id, visit_dates=(date(2023, 1, 1),))
    ours = make.assessment(world.child.id, visit_dates=(date(2024, 1, 1),))
    with db.transaction() as uow:
        uow.children.add(abbot)
        uow.children.add(unborn)
        uow.assessments.add(theirs)
        uow.assessments.add(ours)
        rows = uow.caseload.rows()
    assert [row.full_name for row in rows] == ["Zed Abbot", "Tobi Okafor-Brown", "Baby Zimmer"]
    assert [row.latest_assessment_id for row in rows] == [theirs.id, ours.id, None]
    assert rows[0].plan_type is PlanType.CHILD_PROTECTION and rows[0].household_id is None
    assert rows[2].expected_date_of_delivery == date(2025, 1, 1) and rows[2].date_of_birth is None


def test_search_matches_names_and_identifiers_in_any_case(db, world, make):
    other = make.child(given_name="Lily", family_name="Shaw", identifiers=[LocalIdentifier(scheme="LCS", value="X_77")])
    with db.transaction() as uow:
        uow.children.add(other)
        assert [r.given_name for r in uow.caseload.rows(search="OKAFOR")] == ["Tobi"]
        assert [r.given_name for r in uow.caseload.rows(search="x_77")] == ["Lily"]
        assert uow.caseload.rows(search="%") == []  # typed characters are text, not wildcards
        assert len(uow.caseload.rows(search="   ")) == 2


def test_a_single_row_for_an_unknown_child_is_not_found(db):
    with db.transaction() as uow:
        with pytest.raises(NotFound):
            uow.caseload.row(uuid4())


def test_raw_value_decoders_accept_sqlite_text_and_postgresql_values():
    bst_midnight = datetime(2024, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert date_value("2024-02-29") == date(2024, 2, 29) and date_value(date(2024, 2, 29)) == date(2024, 2, 29)
    assert utc_date_value("2024-06-30 23:30:00.000000") == date(2024, 6, 30)
    assert utc_date_value(bst_midnight) == date(2024, 6, 30)  # the UTC day, as SQLite stores it
    assert date_value(None) is None and utc_date_value(None) is None


def test_the_fast_uuid_decoder_gives_ordinary_uuids():
    for _ in range(100):
        original = uuid4()
        decoded = uuid_value(original.hex)
        assert decoded == original and hash(decoded) == hash(original) and str(decoded) == str(original)
        assert isinstance(decoded, UUID) and decoded.version == 4
    assert uuid_value(None) is None
    assert uuid_value(original) is original
