"""A whole assessment without the mouse, a name for every control, a tab order that follows the screen, and text
that follows the system font size."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource, Involvement
from gcp_desk.ui.dialogs.not_assessed_dialog import NotAssessedDialog
from gcp_desk.ui.dialogs.password_dialog import PasswordDialog
from gcp_desk.ui.tasks import TaskRunner
from gcp_desk.ui.views.assessment import AssessmentWorkspace
from gcp_desk.ui.views.assessment.grade_area import GradeArea
from gcp_desk.ui.views.assessment.navigator import Page

from accessibility import unnamed_controls
from workspace_fixtures import *  # noqa: F403


def tab_to(qtbot, target: QWidget, limit: int = 40) -> None:
    """Press Tab until ``target`` has the keyboard, as a person would; fail if it is never reached."""
    for _ in range(limit):
        if focused() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is target, f"Tab never reached {target.accessibleName() or target}"


def stored(workspace):
    return workspace.session.services.get(workspace.session.assessment.id)


def test_a_whole_assessment_can_be_done_without_the_mouse(qtbot, fresh):
    workspace, _ = fresh
    # 1. The first visit: the workspace opens on the visit date, ready to type.
    on = TODAY - timedelta(days=4)
    type_text(qtbot, f"{on.day}/{on.month}/{on.year}")
    tab_to(qtbot, workspace.visits.visitors)
    type_text(qtbot, "Sam Whitfield (social worker)")
    press(qtbot, Qt.Key.Key_Return)
    assert [v.date for v in stored(workspace).visits] == [on]

    # 2. How the child and home were seen.
    tab_to(qtbot, workspace.how_seen.seen_alone)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # kitchen
    assert stored(workspace).how_seen.child_seen_alone

    # 3. Adults and context: confirm the mother, seen and spoken with.
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert focused() is workspace.adults._rows[0].involvement
    press(qtbot, Qt.Key.Key_Home)
    assert stored(workspace).adults[0].involvement is Involvement.SEEN_AND_SPOKEN_WITH

    # 4. Every item graded by one key each; evidence where the grade is 3 or worse; one item not assessed.
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(focused(), GradeArea)
    places = workspace.session.places
    for index, place in enumerate(places):
        assert workspace.items.item.title.text() == place.item.title
        if place.item.id == "dental-care":
            press(qtbot, Qt.Key.Key_N)
            wait_for_dialog(qtbot, NotAssessedDialog)
            type_text(qtbot, "Dentist's records asked for, not yet received")
            press(qtbot, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), GradeArea))
        else:
            grade = 3 if index % 7 == 0 else 2
            press(qtbot, getattr(Qt.Key, f"Key_{grade}"))
            if grade == 3:
                tab_to(qtbot, workspace.items.evidence.source)
                press(qtbot, Qt.Key.Key_Home)  # the source is remembered from the last note: start from the top
                press(qtbot, Qt.Key.Key_Down)  # professional judgement
                press(qtbot, Qt.Key.Key_Tab)
                type_text(qtbot, f"Evidence for {place.item.title}")
                press(qtbot, Qt.Key.Key_Escape)  # back to the grades, which stores the note
                assert isinstance(focused(), GradeArea)
        press(qtbot, Qt.Key.Key_Return)
    graded = stored(workspace)
    assert len(graded.item_grades) == len(places)
    assert graded.item_grades["dental-care"].not_assessed_reason == "Dentist's records asked for, not yet received"
    assert {n.source for n in graded.evidence} == {EvidenceSource.PROFESSIONAL_JUDGEMENT}
    assert len(graded.evidence) == sum(1 for i, _ in enumerate(places) if i % 7 == 0)

    # 5. Past the last item come the domain grades: take each suggestion, overriding one with a reason.
    assert workspace.pages.currentWidget() is workspace.summary
    for row in workspace.summary.rows:
        assert focused() is row.choice
        suggested = row.suggested.text()[0]
        if row.domain.id == "emotional":
            type_text(qtbot, "1")
            press(qtbot, Qt.Key.Key_Tab)
            type_text(qtbot, "Warm and attentive on every visit; the 3 reflects one tired evening")
        else:
            type_text(qtbot, suggested)
            press(qtbot, Qt.Key.Key_Tab)
        press(qtbot, Qt.Key.Key_Tab)
    chosen = stored(workspace).domain_grades
    assert len(chosen) == 6 and chosen["emotional"].chosen == 1 and chosen["emotional"].override_reason

    # 6. The gaps, in words; Enter on each leads to where it is filled.
    press(qtbot, Qt.Key.Key_F6)
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_Return)
    page = workspace.completeness
    remaining = [page.gaps.item(i).text() for i in range(page.gaps.count())
                 if not page.gaps.item(i).text().startswith("\u26a0")]
    assert remaining == ["The child's voice and lived experience are not recorded.",
                         "The parents' or carers' views are not recorded.",
                         "The analysis is not written."]
    for words in ("Said he gets his own breakfast", "Mother says money is tight", "Needs are mostly met"):
        assert focused() is page.gaps
        press(qtbot, Qt.Key.Key_Return)
        type_text(qtbot, words)
        press(qtbot, Qt.Key.Key_F6)
        press(qtbot, Qt.Key.Key_End)
        press(qtbot, Qt.Key.Key_Return)
    assert page.summary.text().startswith("Nothing is missing: the assessment can be submitted.")

    # 7. Submit, signing with the password.
    assert focused() is page.submit_button
    press(qtbot, Qt.Key.Key_Space)
    wait_for_dialog(qtbot, PasswordDialog)
    type_text(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    assert stored(workspace).status is AssessmentStatus.SUBMITTED
    assert workspace.header.banner.isVisible()


PAGES = list(Page)


@pytest.mark.parametrize("page", PAGES, ids=[page.value for page in PAGES])
def test_every_control_on_every_page_has_a_name(qtbot, ready, page, ws_services):
    ws_services.add_evidence(ready.session.assessment.id, item_id="clothing", source=EvidenceSource.OBSERVED,
                             text="A note, so the list has a row")
    ready.open(stored(ready), ready.session.record)
    ready.show_page(page)
    assert unnamed_controls(ready) == []


def test_every_control_is_named_on_the_item_page_before_a_visit_and_when_read_only(qtbot, fresh, ws_services):
    workspace, assessment = fresh
    workspace.navigator.setCurrentRow(2)
    assert unnamed_controls(workspace) == []
    ws_services.add_visit(assessment.id, on=TODAY)
    fill_all_but(ws_services, assessment.id)
    ws_services.submit(assessment.id, PASSWORD)
    workspace.open(ws_services.get(assessment.id), workspace.session.record)
    for page in PAGES:
        workspace.show_page(page)
        assert unnamed_controls(workspace) == [], page


def test_the_not_assessed_dialog_names_its_controls(qtbot, ready):
    press(qtbot, Qt.Key.Key_N)
    dialog = wait_for_dialog(qtbot, NotAssessedDialog)
    assert unnamed_controls(dialog) == []
    press(qtbot, Qt.Key.Key_Escape)


def _unscrolled_position(widget: QWidget, workspace: QWidget) -> QPoint:
    """Where ``widget`` sits on its page as if nothing were scrolled (focus scrolls the page as it moves)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return widget.mapTo(workspace, QPoint(0, 0))
    return widget.mapTo(parent.widget(), QPoint(0, 0)) + parent.mapTo(workspace, QPoint(0, 0))


def _reading_order_breaks(workspace: AssessmentWorkspace, qtbot, start: QWidget, minimum: int = 1) -> list[str]:
    """Tab from ``start`` through the page; every step must go down the page, right along a row, or across to
    the top of a column further right. Returns the steps that do not."""
    page = workspace.pages.currentWidget()
    start.setFocus()
    steps, seen = [], []
    for _ in range(80):
        widget = focused()
        if not page.isAncestorOf(widget) or widget in seen:
            break
        seen.append(widget)
        steps.append((widget, _unscrolled_position(widget, workspace)))
        press(qtbot, Qt.Key.Key_Tab)
    breaks = [f"only {len(steps)} controls reached"] if len(steps) < minimum else []
    for (a, pa), (b, pb) in zip(steps, steps[1:]):
        same_row = abs(pb.y() - pa.y()) < a.height() and pb.x() > pa.x()
        down = pb.y() >= pa.y() + a.height() // 2
        next_column = pb.x() >= pa.x() + a.width()  # up to the top of a column to the right
        if not (same_row or down or next_column):
            breaks.append(f"{a.accessibleName() or type(a).__name__} -> {b.accessibleName() or type(b).__name__}")
    return breaks


REACHABLE = {Page.VISITS: 16, Page.PEOPLE: 7, Page.SUMMARY: 12, Page.COMPLETENESS: 2}
"""At least this many controls must be reached by Tab on the page, so a broken chain cannot pass unnoticed."""


@pytest.mark.parametrize("page", PAGES, ids=[page.value for page in PAGES])
def test_tab_order_follows_the_screen(qtbot, ready, page):
    ready.show_page(page)
    assert _reading_order_breaks(ready, qtbot, focused(), REACHABLE.get(page, 1)) == []


def test_tab_order_on_the_item_page_follows_the_screen(qtbot, ready):
    item, evidence = ready.items.item, ready.items.evidence
    expected = [item.grades, item.previous_button, item.not_assessed_button, item.clear_button, item.next_button,
                evidence.notes, evidence.source, evidence.text.editor, evidence.new_button]
    reached = [focused()]
    for _ in expected[1:]:
        press(qtbot, Qt.Key.Key_Tab)
        reached.append(focused())
    assert reached == expected
    assert _reading_order_breaks(ready, qtbot, item.grades, len(expected)) == []


def test_text_follows_the_system_font_size(qtbot, ws_services, ws_children, ws_child):
    app = QApplication.instance()
    original = app.font()
    bigger = app.font()
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    app.setFont(bigger)
    try:
        workspace = AssessmentWorkspace(ws_services, TaskRunner(synchronous=True))
        qtbot.addWidget(workspace)
        assessment = ws_services.add_visit(ws_services.start(ws_child.id).id, on=TODAY)
        workspace.open(assessment, ws_children.record(ws_child.id))
        card = workspace.items.item.grades.cards[0]
        assert card.text.font().pointSizeF() == pytest.approx(bigger.pointSizeF())
        assert workspace.items.item.title.font().pointSizeF() > bigger.pointSizeF()
        for widget in workspace.findChildren(QWidget):
            assert "font-size" not in widget.styleSheet(), widget
    finally:
        app.setFont(original)
