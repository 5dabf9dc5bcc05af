"""Needs attention by family: siblings under one heading, families by their worst flag and then how many children
are flagged, the child with the most and worst flags first within a family, and a reason said for several siblings
said once."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from gcp_desk.domain.caseload import CaseloadRow
from gcp_desk.domain.enums import AssessmentStatus, PlanType
from gcp_desk.scoring.attention import AttentionKind, AttentionReason, Severity
from gcp_desk.ui.views.history.attention_families import group_by_family
from gcp_desk.ui.views.history.attention_panel import AttentionPanel

QUILL, MARSH = uuid4(), uuid4()
OVERDUE = AttentionReason(AttentionKind.REASSESSMENT_OVERDUE, "Reassessment was due on 1 October 2026 (every 3 "
                          "months on a child protection plan).", Severity.MEDIUM, date(2026, 10, 1))


def row(given: str, family: str, household=None) -> CaseloadRow:
    return CaseloadRow(uuid4(), given, family, date(2015, 1, 1), None, "", household, PlanType.CHILD_PROTECTION,
                       uuid4(), AssessmentStatus.COUNTERSIGNED, date(2026, 6, 1), None, (), 2)


def stuck(domain: str, weeks: int) -> AttentionReason:
    return AttentionReason(AttentionKind.NO_IMPROVEMENT, f"{domain} has stayed at 4 or 5 for {weeks} weeks.",
                           Severity.HIGH, date(2026, 1, 1), domain.lower())


def five_children_and_a_neighbour():
    """The Quill five: all overdue (the same words for each), two stuck, the youngest with the most; and Sol Marsh,
    alone, stuck in one domain and listed first by the caseload."""
    sol = row("Sol", "Marsh", MARSH)
    ava, ben, cal, dot, eve = (row(name, "Quill", QUILL) for name in ("Ava", "Ben", "Cal", "Dot", "Eve"))
    flagged = [
        (sol, [stuck("Physical care", 30)]),
        (ava, [stuck("Emotional care", 20), OVERDUE]),
        (ben, [OVERDUE]),
        (cal, [OVERDUE]),
        (dot, [OVERDUE]),
        (eve, [stuck("Physical care", 20), stuck("Nutritional care", 20), OVERDUE]),
    ]
    return flagged


def test_families_come_by_worst_flag_then_children_affected_and_the_worst_child_leads():
    families = group_by_family(five_children_and_a_neighbour())
    assert [f.name for f in families] == ["Quill family", "Marsh family"]  # both high; five children beat one
    quill = families[0]
    assert [c.row.given_name for c in quill.children] == ["Eve", "Ava", "Ben", "Cal", "Dot"]
    (shared,) = quill.shared
    assert shared.reason is OVERDUE and shared.children == ["Eve", "Ava", "Ben", "Cal", "Dot"]
    assert all(OVERDUE not in c.own for c in quill.children)
    assert not families[1].is_family


def test_the_panel_says_a_shared_reason_once_under_the_familys_heading(qtbot, screenshot):
    panel = AttentionPanel()
    qtbot.addWidget(panel)
    panel.resize(820, 520)
    panel.show()
    flagged = five_children_and_a_neighbour()
    panel.show_children(flagged)
    assert panel.families() == ["Quill family: 5 children need attention, 2 with a high flag"]
    lines = panel.lines()
    assert sum(OVERDUE.message in line for line in lines) == 1
    assert any("(Eve, Ava, Ben, Cal and Dot)" in line for line in lines)
    before = sum(1 + len(reasons) for _, reasons in flagged)  # one row per child, every reason under each
    assert len(lines) < before
    assert panel.entries()[0].strip().startswith("Quill, Eve")
    assert "the family's points above" in panel.entries()[2]  # Ben has nothing of his own
    # Following the caseload's selection lands on the child, never on the heading.
    ben = flagged[2][0]
    panel.select_child(ben.child_id)
    assert panel.current_child_id() == ben.child_id and "Quill, Ben" in panel.list.currentItem().text()
    screenshot(panel, "attention-by-family")
