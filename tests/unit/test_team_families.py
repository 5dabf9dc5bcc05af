"""The supervisor's team view keeps brothers and sisters together: a family stands where its worst child stands,
its children worst first beneath, and each is shown with the family's name."""

from __future__ import annotations

from uuid import uuid4

from datetime import date

from gcp_desk.scoring.attention import AttentionKind, AttentionReason, Severity
from gcp_desk.scoring.team import Direction, TeamChild, order

WORSE = AttentionReason(AttentionKind.WORSE_THAN_BASELINE, "Worse than baseline.", Severity.HIGH, date(2026, 9, 1))
OVERDUE = AttentionReason(AttentionKind.REASSESSMENT_OVERDUE, "Overdue.", Severity.MEDIUM, date(2026, 10, 1))


def child(name: str, worst: int | None, household=None, drift=(), reasons=()) -> TeamChild:
    return TeamChild(uuid4(), name, "Physical care" if worst else "", worst, Direction.NOT_KNOWN, tuple(drift), False,
                     household, reasons=tuple(reasons))


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


def test_families_stand_by_their_worst_flag_then_the_children_flagged_as_in_needs_attention():
    """The supervisor's view orders families as Needs attention does: a family with a high flag before one with
    only medium flags, and, flags being equal, the one with more children flagged; grades order only what the
    flags leave equal, so a child graded 5 with nothing flagged comes after every flagged family."""
    quill, marsh = uuid4(), uuid4()
    quill_eve = child("Eve Quill", 2, quill, reasons=[WORSE])
    quill_ben = child("Ben Quill", 2, quill)
    marsh_ada = child("Ada Marsh", 3, marsh, reasons=[WORSE])
    marsh_joe = child("Joe Marsh", 2, marsh, reasons=[WORSE, OVERDUE])
    late = child("Kit Ryan", 3, reasons=[OVERDUE])
    graded_five = child("Sol Dunne", 5)
    ordered = order([graded_five, late, quill_ben, quill_eve, marsh_ada, marsh_joe])
    assert [c.name for c in ordered] == ["Joe Marsh", "Ada Marsh", "Eve Quill", "Ben Quill", "Kit Ryan",
                                         "Sol Dunne"]
