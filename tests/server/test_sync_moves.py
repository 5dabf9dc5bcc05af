"""Household moves removed on one side stay removed. In the app a move goes only with its child's whole record
(retention's deletion, or a returned child taken off a laptop); a move removed on the server in the office is
removed from the laptop that holds the child rather than copied back. A child deleted through retention on a laptop
is not brought back there, nor any of its moves, at the next sync (the server's record stays: no person's login may
delete records there); one deleted through retention on the server is deleted from the laptop that holds it, and
nothing of it is sent back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from laptops import (both_sides_identical, laptop, laptop_events, looking_at, new_child, server_origins, server_text,
                     sync_service)
from server_support import PASSWORD, connect


def a_child_who_moved(backend, user) -> tuple:
    """A child moved from their own household into their sibling's, and the sibling."""
    from gcp_desk.services.households import HouseholdService

    child, _ = new_child(backend, user, "Moveone")
    sibling, _ = new_child(backend, user, "Movetwo")
    HouseholdService(backend.context(user)).move_child(child.id, sibling.household_id, date(2026, 10, 1))
    return child.id, sibling.id


def moved_and_taken_offline(backend, user, person) -> tuple:
    """On ``person``'s laptop, a child who moved and the sibling (``a_child_who_moved``), sent to the server and taken
    offline."""
    child, sibling = a_child_who_moved(backend, user)
    sync_service(backend, user).sync_now(PASSWORD, server=server_text(person))
    sync_service(backend, user).take_offline(PASSWORD, server=server_text(person), child_ids=[child, sibling])
    return child, sibling


def synced(backend, user, person, keep: list):
    return sync_service(backend, user).sync_now(PASSWORD, server=server_text(person), keep=keep)


def moves_on_server(url, child_id) -> int:
    with connect(url) as su:
        return su.execute(text("SELECT count(*) FROM household_moves WHERE child_id = :c"), {"c": child_id}).scalar()


def moves_on_laptop(folder, person, child_id) -> int:
    from gcp_desk.storage import orm

    with looking_at(folder, person) as connection:
        return connection.execute(select(func.count()).select_from(orm.household_moves)
                                  .where(orm.household_moves.c.child_id == child_id)).scalar()


def test_a_move_removed_in_the_office_is_removed_from_the_laptop_and_not_sent_back(north):
    from gcp_desk.services.households import HouseholdService

    s, nia = north["server"], north["nia"]
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        child, sibling = moved_and_taken_offline(backend, user, nia)
    assert moves_on_server(s.url, child) == 1
    with connect(s.url) as su:  # in the office, while the laptop holds the child
        su.execute(text("DELETE FROM household_moves WHERE child_id = :c"), {"c": child})
    with laptop(folder, nia) as (backend, user):
        outcome = synced(backend, user, nia, [child, sibling])
        assert outcome.received >= 1 and outcome.conflicts == 0
        assert HouseholdService(backend.context(user)).moves(child) == []
    assert moves_on_server(s.url, child) == 0, "not copied back from the laptop"
    both_sides_identical(folder, nia, s.url, [child, sibling])
    with laptop(folder, nia) as (backend, user):  # and not at the sync after either
        again = synced(backend, user, nia, [child, sibling])
        assert (again.sent, again.received) == (0, 0)
    assert moves_on_server(s.url, child) == 0


def test_a_child_deleted_through_retention_on_the_laptop_is_not_brought_back_at_the_next_sync(north):
    from gcp_desk.services.retention import DeletionReason, RetentionService

    s, nia = north["server"], north["nia"]
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        child, sibling = moved_and_taken_offline(backend, user, nia)
        RetentionService(backend.context(user)).delete_child(child, DeletionReason.RECORDED_IN_ERROR)
        outcome = synced(backend, user, nia, [sibling])
        assert outcome.conflicts == 0 and outcome.removal is not None
        assert outcome.removal.deleted == [child]
        assert "deleted on this laptop under the retention rule" in outcome.removal.words()
        assert [row.child_id for row in backend.children(user).caseload()] == [sibling]
        again = synced(backend, user, nia, [sibling])
        assert (again.sent, again.received, again.conflicts) == (0, 0, 0)
        assert again.removal is not None and again.removal.deleted == []
        assert [row.child_id for row in backend.children(user).caseload()] == [sibling]
    assert moves_on_laptop(folder, nia, child) == 0, "none of its moves came back"
    with connect(s.url) as su:  # the server's record as it was, no longer held; the deletion in its trail
        assert su.execute(text("SELECT count(*) FROM children WHERE id = :c"), {"c": child}).scalar() == 1
        assert su.execute(text("SELECT count(*) FROM server_holds WHERE child_id = :c"), {"c": child}).scalar() == 0
        assert su.execute(text("SELECT count(*) FROM audit_events WHERE action = 'retention.delete' "
                               "AND entity_id = :c"), {"c": str(child)}).scalar() == 1
    assert moves_on_server(s.url, child) == 1
    origins = server_origins(s.url)
    assert [event for event, digest in laptop_events(folder, nia) if origins.get(event) != digest] == []
    both_sides_identical(folder, nia, s.url, [sibling])


def test_a_child_deleted_through_retention_on_the_server_is_deleted_from_the_laptop_that_holds_it(north):
    from sqlalchemy.exc import DBAPIError

    from gcp_desk.paths import instruments_dir
    from gcp_desk.scoring.instruments import InstrumentLibrary
    from gcp_desk.services.context import ServiceContext
    from gcp_desk.services.retention import DeletionReason, RetentionService
    from gcp_desk.storage.db import Database

    s, nia = north["server"], north["nia"]
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        child, sibling = moved_and_taken_offline(backend, user, nia)
    db = Database(s.url, create=False)  # in the office, the administrator deletes the child through retention
    try:
        with db.read() as uow:
            ada = uow.users.get(s.administrator.id)
        context = ServiceContext(db=db, instruments=InstrumentLibrary(instruments_dir(), folder / "instruments"),
                                 actor=ada)
        RetentionService(context).delete_child(child, DeletionReason.ERASURE_REQUEST)
    finally:
        db.dispose()
    with nia.connection() as connection:  # her own login reads that it was deleted (ids and times), writes nothing
        assert connection.execute(text("SELECT count(*) FROM tombstones WHERE entity_id = :c"),
                                  {"c": child}).scalar() == 1
        with pytest.raises(DBAPIError, match="permission denied"):
            connection.execute(text("INSERT INTO tombstones (id, entity, entity_id, deleted_at, audit_event_id) "
                                    "VALUES (gen_random_uuid(), 'child', :c, now(), gen_random_uuid())"),
                               {"c": sibling})
    with laptop(folder, nia) as (backend, user):
        outcome = synced(backend, user, nia, [sibling])
        assert outcome.removal is not None and outcome.removal.deleted_there == [child]
        assert outcome.removal.deleted == []
        assert "deleted on the team server under the retention rule" in outcome.removal.words()
        assert [row.child_id for row in backend.children(user).caseload()] == [sibling]
        again = synced(backend, user, nia, [sibling])
        assert (again.sent, again.received, again.conflicts) == (0, 0, 0)
    assert moves_on_laptop(folder, nia, child) == 0
    with connect(s.url) as su:  # nothing of it was sent back
        assert su.execute(text("SELECT count(*) FROM children WHERE id = :c"), {"c": child}).scalar() == 0
    assert moves_on_server(s.url, child) == 0
    both_sides_identical(folder, nia, s.url, [sibling])
