"""The supervisor's team view keeps brothers and sisters together: a family stands where its worst child stands,
its children worst first beneath, and each is shown with the family's name."""

from __future__ import annotations

from uuid import uuid4

from gcp_desk.scoring.team import Direction, TeamChild, order


def child(name: str, worst: int | None, household=None, drift=()) -> TeamChild:
    return TeamChild(uuid4(), name, "Physical care" if worst else "", worst, Direction.NOT_KNOWN, tuple(drift), False,
                     household)


def test_siblings_stand_together_where_the_worst_of_them_stands():
    quill = uuid4()
    eve, ben = child("Eve Quill", 5, quill), child("Ben Quill", 2, quill)
    sol, kit = child("Sol Marsh", 4), child("Kit Ryan", 3)
    names = {eve.child_id: "Quill", ben.child_id: "Quill"}
    ordered = order([kit, ben, sol, eve], names)
    assert [c.name for c in ordered] == ["Eve Quill", "Ben Quill", "Sol Marsh", "Kit Ryan"]
    assert [c.shown_name for c in ordered[:2]] == ["Eve Quill (Quill family)", "Ben Quill (Quill family)"]
    assert ordered[2].shown_name == "Sol Marsh"  # a child alone is shown as before


def test_without_families_the_order_is_worst_grade_then_drift_then_name():
    a, b, c = child("Ann", 4, drift=("No improvement: Physical care",)), child("Bea", 4), child("Cat", 5)
    assert [x.name for x in order([a, b, c])] == ["Cat", "Ann", "Bea"]


def test_a_family_is_named_by_its_household_heading_when_known():
    quill = uuid4()
    eve, ben = child("Eve Quill", 5, quill), child("Ben Quill", 2, quill)
    ordered = order([ben, eve], {eve.child_id: "Quill", ben.child_id: "Quill"}, {quill: "Quill household (2)"})
    assert [c.shown_name for c in ordered] == ["Eve Quill (Quill household (2))", "Ben Quill (Quill household (2))"]
