"""Needs attention on the caseload: a filter with its count, a sort that puts the most pressing first, and a list
of each flagged child with the reasons in words."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.caseload import CaseloadRow
from gcp_desk.domain.enums import AssessmentStatus, PlanType
from gcp_desk.scoring.attention import AttentionKind, AttentionReason, Severity
from gcp_desk.ui.models.caseload_model import CaseloadFilter, CaseloadModel, Column
from gcp_desk.ui.models.caseload_proxy import CaseloadProxy
from gcp_desk.ui.views.caseload_view import CaseloadView
from gcp_desk.ui.views.history.attention_panel import NOTHING
from gcp_desk.ui.views.history.history_access import HistoryAccess
from history_support import TODAY, action, assessment, child, store
from shell_support import demo_user, fixed_today, shown_caseload


def row(given: str, family: str = "Testcase") -> CaseloadRow:
    return CaseloadRow(uuid4(), given, family, date(2018, 1, 1), None, "123", None, PlanType.CHILD_IN_NEED,
                       uuid4(), AssessmentStatus.COUNTERSIGNED, date(2026, 6, 1), None, (), 1)


def reason(kind: AttentionKind, severity: Severity, since: date, message: str = "") -> AttentionReason:
    return AttentionReason(kind, message or f"{kind.value} since {since}", severity, since)


def test_the_filter_counts_and_shows_only_flagged_children_most_pressing_first(qapp):
    ann, bea, cat, dan = row("Ann"), row("Bea"), row("Cat"), row("Dan")
    model = CaseloadModel(today=lambda: TODAY)
    model.set_rows([ann, bea, cat, dan], {})
    proxy = CaseloadProxy()
    proxy.setSourceModel(model)
    model.set_attention({
        bea.child_id: [reason(AttentionKind.REASSESSMENT_OVERDUE, Severity.MEDIUM, date(2026, 1, 5))],
        cat.child_id: [reason(AttentionKind.WORSE_THAN_BASELINE, Severity.HIGH, date(2026, 9, 1)),
                       reason(AttentionKind.TARGET_MISSED, Severity.MEDIUM, date(2026, 3, 1))],
        dan.child_id: [reason(AttentionKind.NO_IMPROVEMENT, Severity.HIGH, date(2025, 11, 1))],
        ann.child_id: [],
    })
    assert proxy.counts()[CaseloadFilter.NEEDS_ATTENTION] == 3
    proxy.set_filter(CaseloadFilter.NEEDS_ATTENTION)
    proxy.sort(Column.ATTENTION, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]
    assert names == ["Testcase, Dan", "Testcase, Cat", "Testcase, Bea"]  # high and oldest first
    cat_row = names.index("Testcase, Cat")
    assert proxy.index(cat_row, Column.ATTENTION).data() == "Worse than baseline, Target date passed"
    tooltip = proxy.index(cat_row, Column.ATTENTION).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.splitlines()[0] == "Worse than baseline: worse-than-baseline since 2026-09-01"
    proxy.set_filter(CaseloadFilter.ALL)
    all_names = [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]
    assert all_names[-1] == "Testcase, Ann"  # no reason: last, whichever way the column is sorted
    proxy.sort(Column.ATTENTION, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, Column.NAME).data() for r in range(4)][-1] == "Testcase, Ann"


@pytest.fixture
def invented_caseload(backend):
    """Three children: stuck in neglect, overdue for reassessment, and improving (who needs no attention)."""
    stuck = child("Stella", plan_type=PlanType.CHILD_IN_NEED)
    store(backend, stuck, assessment(stuck.id, date(2026, 3, 2), grade=2, grades={"food-and-meals": 4}),
          assessment(stuck.id, date(2026, 6, 1), grade=2, grades={"food-and-meals": 4}),
          assessment(stuck.id, date(2026, 10, 5), grade=2, grades={"food-and-meals": 5},
                     plan=[action("nutritional", date(2026, 10, 30), target=2)]))
    overdue = child("Omar", plan_type=PlanType.CHILD_PROTECTION)
    store(backend, overdue, assessment(overdue.id, date(2026, 5, 4), grade=2))
    improving = child("Ivy", plan_type=PlanType.CHILD_IN_NEED)
    store(backend, improving, assessment(improving.id, date(2026, 5, 4), grade=3),
          assessment(improving.id, date(2026, 10, 12), grade=2))
    return stuck, overdue, improving


@pytest.fixture
def caseload(qtbot, runner, session):
    def make() -> CaseloadView:
        return shown_caseload(qtbot, runner, session, size=(1280, 760))

    return make


def test_the_needs_attention_list_gives_each_child_the_reasons_in_words(caseload, invented_caseload, qtbot):
    stuck, overdue, improving = invented_caseload
    view = caseload()
    button = view.filter_buttons[CaseloadFilter.NEEDS_ATTENTION]
    assert button.text() == "Needs attention (2)"
    assert not view.attention.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert view.attention.isVisible()
    assert view.proxy.rowCount() == 2
    entries = view.attention.entries()
    assert entries[0].splitlines()[0] == "Testcase, Stella (child in need)"
    assert ("  • High – No improvement: Nutritional care has stayed at 4 or 5 for 31 weeks across 3 assessments "
            "(4, 4, 5) without improvement.") in entries[0].splitlines()
    assert "  • High – Worse than baseline: Nutritional care is worse than at the baseline on 2 March 2026 " \
           "(4 then, 5 now)." in entries[0].splitlines()
    assert "  • Medium – Target date passed: Nutritional care: target 2 by 30 October 2026; now 5: not met." \
        in entries[0].splitlines()
    assert entries[1].splitlines() == [
        "Testcase, Omar (child protection)",
        "  • Medium – Reassessment overdue: Reassessment was due on 3 August 2026 (child protection plan: every "
        "13 weeks).",
    ]
    assert not any("Ivy" in entry for entry in entries)
    # The list and the table follow each other; Enter on the list opens the child.
    view.attention.list.setFocus()
    view.attention.list.setCurrentRow(1)
    assert view.current_child_id() == overdue.id
    with qtbot.waitSignal(view.child_opened) as opened:
        qtbot.keyClick(view.attention.list, Qt.Key.Key_Return)
    assert opened.args == [overdue.id]
    view.table.selectRow(0)
    assert view.attention.current_child_id() == view.current_child_id()


def test_searching_narrows_the_list_and_nobody_flagged_is_said_plainly(caseload, invented_caseload, qtbot):
    view = caseload()
    view.set_filter(CaseloadFilter.NEEDS_ATTENTION)
    qtbot.keyClicks(view.search, "omar")
    assert [entry.splitlines()[0] for entry in view.attention.entries()] == ["Testcase, Omar (child protection)"]
    view.search.clear()
    qtbot.keyClicks(view.search, "ivy")
    assert view.attention.entries() == []
    assert view.attention.note.text() == NOTHING


def test_the_demo_caseload_needs_attention_view_names_every_control(qtbot, runner, demo_backend, screenshot):
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    expected = HistoryAccess(session).needs_attention()
    view = shown_caseload(qtbot, runner, session, size=(1280, 760))
    view.set_filter(CaseloadFilter.NEEDS_ATTENTION)
    assert view.proxy.rowCount() == len(expected) > 0
    assert len(view.attention.entries()) == len(expected)
    assert unnamed_controls(view) == []
    screenshot(view, "history-needs-attention")


def test_who_needs_attention_is_read_with_the_caseload_in_one_read(qtbot, runner, demo_backend, monkeypatch):
    """Stored attention: each page of the caseload carries its children's reasons, from one read, not every
    child's history."""
    from gcp_desk.services.history import HistoryService
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    whole = HistoryAccess(session).needs_attention()

    def refused(*_args, **_kwargs):
        raise AssertionError("the caseload worked out reasons from the histories")

    monkeypatch.setattr(HistoryService, "needs_attention", refused)
    view = shown_caseload(qtbot, runner, session)
    rows = view.model.rows()
    assert len(rows) == view.model.total()  # the demo's caseload fits on the first page
    assert {child_id: view.model.attention_of(child_id) for child_id in whole} == whole
    assert sum(1 for row in rows if view.model.attention_of(row.child_id)) == len(whole) > 0


def test_reasons_that_no_longer_hold_are_worked_out_in_chunks_that_pause_while_the_caseload_is_hidden(
        qtbot, runner, demo_backend, monkeypatch):
    """Months later (reassessments fall due), the list first shows what is stored, then works the changed children
    out again a chunk at a time; while the practitioner is in a record, nothing of it stands in front of their
    work on the worker."""
    from datetime import timedelta

    from gcp_desk.ui.session import Session
    from gcp_desk.ui.views import caseload_view

    monkeypatch.setattr(caseload_view, "STALE_CHUNK", 7)
    later = lambda: fixed_today() + timedelta(weeks=30)  # noqa: E731
    session = Session(demo_backend, demo_user(demo_backend), later)
    chunks: list[int] = []
    original = HistoryAccess.refresh_stale
    view = CaseloadView(runner)
    qtbot.addWidget(view)
    view.set_session(session)

    def counted(self, limit):
        chunks.append(original(self, limit))
        if len(chunks) == 2:
            view.hide()  # the practitioner opens a child while the work is under way
        return chunks[-1]

    monkeypatch.setattr(HistoryAccess, "refresh_stale", counted)
    view.show()
    qtbot.waitExposed(view)
    view.reload()
    assert chunks == [7, 7]
    view.show()
    qtbot.waitExposed(view)
    assert len(chunks) > 2 and chunks[-1] < 7 and all(done == 7 for done in chunks[:-1])
    whole = HistoryAccess(session).needs_attention()
    assert {child_id: view.model.attention_of(child_id) for child_id in whole} == whole
    assert sum(1 for row in view.model.rows() if view.model.attention_of(row.child_id)) == len(whole)
