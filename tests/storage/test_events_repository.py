"""Significant events: stored whole, read back per child in date order, corrected and removed."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from gcp_desk.domain.enums import EventKind
from gcp_desk.domain.errors import NotFound
from gcp_desk.domain.events import SignificantEvent


def event(child_id, on: date, kind=EventKind.REFERRAL, what="Referral from school", **fields) -> SignificantEvent:
    return SignificantEvent(child_id=child_id, date=on, kind=kind, what_happened=what, **fields)


def test_an_event_comes_back_exactly_as_stored(db, world, make):
    stored = event(world.child.id, date(2024, 2, 29), EventKind.HOSPITAL_ATTENDANCE,
                   "A&E: scald to the forearm; explanation consistent; 'was making tea' — said by child",
                   source_agency="Hospital (emergency department)", recorded_by=world.user.id,
                   created_at=make.at(2024, 3, 1, microsecond=7))
    with db.transaction() as uow:
        uow.events.add(stored)
    with db.transaction() as uow:
        assert uow.events.get(stored.id) == stored
        assert uow.events.for_child(world.child.id) == [stored]


def test_a_childs_events_come_oldest_first_and_in_recorded_order_on_one_day(db, world, make):
    other_child = make.child(given_name="Ayo", household_id=world.household.id)
    late = event(world.child.id, date(2024, 5, 1), created_at=make.at(2024, 5, 1, 9))
    same_day_second = event(world.child.id, date(2024, 3, 3), EventKind.POLICE_CALL_OUT, "Call-out",
                            created_at=make.at(2024, 3, 4, 12))
    same_day_first = event(world.child.id, date(2024, 3, 3), EventKind.WAS_NOT_BROUGHT, "Missed clinic",
                           created_at=make.at(2024, 3, 4, 11))
    with db.transaction() as uow:
        uow.children.add(other_child)
        for each in (late, same_day_second, same_day_first):
            uow.events.add(each)
        uow.events.add(event(other_child.id, date(2024, 1, 1)))
    with db.transaction() as uow:
        assert [e.id for e in uow.events.for_child(world.child.id)] == [same_day_first.id, same_day_second.id,
                                                                        late.id]
        assert len(uow.events.for_child(other_child.id)) == 1


def test_an_update_changes_what_happened_but_never_whose_event_or_when_it_was_recorded(db, world, make):
    original = event(world.child.id, date(2024, 4, 2), recorded_by=world.user.id, created_at=make.at(2024, 4, 2))
    with db.transaction() as uow:
        uow.events.add(original)
    changed = original.model_copy(update={
        "date": date(2024, 4, 3), "kind": EventKind.SCHOOL_CONCERN, "what_happened": "Came in without a coat",
        "source_agency": "School", "child_id": uuid4(), "recorded_by": None, "created_at": make.at(2025, 1, 1)})
    with db.transaction() as uow:
        stored = uow.events.update(changed)
    assert (stored.date, stored.kind, stored.what_happened, stored.source_agency) == (
        date(2024, 4, 3), EventKind.SCHOOL_CONCERN, "Came in without a coat", "School")
    assert (stored.child_id, stored.recorded_by, stored.created_at) == (
        world.child.id, world.user.id, original.created_at)


def test_removing_an_event_and_missing_events(db, world):
    kept, removed = event(world.child.id, date(2024, 1, 2)), event(world.child.id, date(2024, 1, 3))
    with db.transaction() as uow:
        uow.events.add(kept)
        uow.events.add(removed)
    with db.transaction() as uow:
        assert uow.events.delete(removed.id) is True
        assert uow.events.delete(removed.id) is False
        assert uow.events.for_child(world.child.id) == [kept]
        with pytest.raises(NotFound):
            uow.events.get(removed.id)
        with pytest.raises(NotFound):
            uow.events.update(removed)


def test_an_event_for_a_child_not_in_the_database_is_refused(db, world):
    with pytest.raises(NotFound, match="not in the database"):
        with db.transaction() as uow:
            uow.events.add(event(uuid4(), date(2024, 1, 2)))
    with db.transaction() as uow:
        assert uow.events.for_child(world.child.id) == []
