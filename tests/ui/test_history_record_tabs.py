"""The child record's tabs: each filled only when first shown, reached by keyboard, every control named; a
record reloaded after a change refills the tab on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.ui.views.child_record_view import ChildRecordView
from shell_support import demo_user, fixed_today

TAB_TITLES = ["Overview", "Chronology", "Compare", "Charts", "Plan", "Family view", "Household"]


@pytest.fixture
def demo_session(demo_backend):
    from gcp_desk.ui.session import Session

    return Session(demo_backend, demo_user(demo_backend), fixed_today)


@pytest.fixture
def record(qtbot, runner, demo_session):
    session = demo_session
    row = max(session.children.caseload(), key=lambda r: (r.assessment_count, len(r.concern_domains)))
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(row.child_id)
    return view


def test_tabs_are_filled_only_when_shown_and_reached_with_ctrl_tab(record, qtbot):
    tabs = record.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == TAB_TITLES
    assert tabs.currentWidget() is tabs.overview
    assert tabs.compare.history is None and tabs.charts.figure is None and tabs.family.content is None
    record.assessments.table.setFocus()
    qtbot.keyClick(record.assessments.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is tabs.chronology
    assert tabs.chronology.model.rowCount() >= record.assessments.model.rowCount()
    assert tabs.compare.history is None  # still not needed
    qtbot.keyClick(tabs.currentWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is tabs.compare and tabs.compare.comparison is not None


def test_every_tab_names_every_control(record):
    tabs = record.tabs
    for index in range(tabs.count()):
        tabs.show_page(tabs.widget(index))
        assert unnamed_controls(record) == [], tabs.tabText(index)


def test_another_child_starts_on_the_overview_and_the_tabs_forget_the_last_child(record, demo_session):
    tabs = record.tabs
    tabs.show_page(tabs.family)
    first = record.child_id
    assert tabs.family.content.first_name == record.record.child.given_name
    rows = demo_session.children.caseload()
    other = next(r for r in rows if r.child_id != first and r.assessment_count >= 2)
    record.open_child(other.child_id)
    assert tabs.currentWidget() is tabs.overview
    tabs.show_page(tabs.family)
    assert tabs.family.content.first_name == other.given_name
