"""Who has a child offline, as the server keeps it: one holder at a time, shown to everyone who may see the child,
returned by the holder or released by the team's supervisor, and each step in the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from server_support import connect
from gcp_desk.domain.errors import NotAllowed
from gcp_desk.server.holds import HeldElsewhere, holds, release, return_children, take_offline


def take(person, children, laptop="Laptop NN-042"):
    with person.connection(autocommit=False) as connection:
        return take_offline(connection, person.id, children, laptop, f"id-of-{laptop}")


def seen_by(person):
    with person.connection(autocommit=False) as connection:
        found = holds(connection)
        connection.rollback()
        return found


def test_rls_a_hold_is_shown_to_everyone_who_may_see_the_child_and_no_one_else(two_teams):
    t = two_teams
    assert take(t["nia"], [t["north_child"], t["shared_child"]]) == [t["north_child"], t["shared_child"]]
    [north, shared] = sorted(seen_by(t["sol"]), key=lambda hold: hold.child_id != t["north_child"])
    assert (north.child_id, north.holder_name, north.laptop) == (t["north_child"], "Nia North", "Laptop NN-042")
    assert "offline with Nia North since" in north.in_words()
    # South sees the hold on its own child shared with North, and nothing of North's own child.
    assert [hold.child_id for hold in seen_by(t["pip"])] == [t["shared_child"]]


def test_a_child_held_by_someone_else_is_not_taken_and_nothing_else_is_either(two_teams):
    t = two_teams
    take(t["nia"], [t["north_child"]])
    with pytest.raises(HeldElsewhere, match="offline with Nia North since") as refused:
        take(t["sol"], [t["shared_child"], t["north_child"]])
    assert "Nothing was taken offline" in str(refused.value)
    assert [hold.child_id for hold in seen_by(t["sol"])] == [t["north_child"]]
    assert take(t["nia"], [t["north_child"]]) == []  # taking one's own again is nothing new


def test_a_child_not_in_the_persons_records_cannot_be_taken(two_teams):
    from gcp_desk.domain.errors import NotFound

    t = two_teams
    with pytest.raises(NotFound, match="not in your team's records"):
        take(t["nia"], [t["north_child"], t["south_child"]])
    assert seen_by(t["sol"]) == []


def test_rls_a_hold_cannot_be_recorded_in_someone_elses_name(two_teams):
    t = two_teams
    with t["nia"].connection() as nia:
        with pytest.raises(ProgrammingError, match="row-level security"):
            nia.execute(text("INSERT INTO server_holds (child_id, holder_id, laptop) VALUES (:c, :h, 'x')"),
                        {"c": t["north_child"], "h": t["sol"].id})
        with pytest.raises(ProgrammingError, match="permission denied"):
            nia.execute(text("UPDATE server_holds SET since = now()"))


def test_rls_a_hold_ends_by_its_holder_or_a_supervisor_of_the_childs_team(two_teams):
    t = two_teams
    take(t["nia"], [t["north_child"], t["shared_child"]])
    with t["pip"].connection(autocommit=False) as pip:  # South's practitioner: not theirs to end
        assert return_children(pip, t["pip"].id, [t["shared_child"]]) == 0
    with pytest.raises(NotAllowed, match="Only Nia North or a supervisor"):
        with t["sol"].connection(autocommit=False) as sol:  # North's supervisor: the shared child is South's
            release(sol, t["sol"].id, t["shared_child"])
    with t["nia"].connection(autocommit=False) as nia:
        assert return_children(nia, t["nia"].id, [t["shared_child"]]) == 1
    with t["sol"].connection(autocommit=False) as sol:
        released = release(sol, t["sol"].id, t["north_child"])
    assert released.holder_name == "Nia North"
    assert seen_by(t["sol"]) == []
    with connect(t["server"].url) as su:
        actions = su.execute(text("SELECT e.action FROM audit_events e JOIN audit_chain c ON c.event_id = e.id "
                                  "WHERE e.entity = 'child' ORDER BY c.seq")).scalars().all()
    assert actions == ["child.take-offline", "child.take-offline", "child.return", "child.release-hold"]


def test_a_hold_goes_with_its_child(two_teams):
    t = two_teams
    take(t["nia"], [t["north_child"]])
    with connect(t["server"].url) as su:  # setting the scene: the record erased under retention
        su.execute(text("DELETE FROM item_grades"))
        su.execute(text("DELETE FROM assessments"))
        su.execute(text("DELETE FROM children WHERE id = :id"), {"id": t["north_child"]})
        assert su.execute(text("SELECT count(*) FROM server_holds")).scalar() == 0
