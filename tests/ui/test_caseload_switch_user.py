"""Switch user leaves nothing of the last person's caseload view behind: no search, no filter."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gcp_desk.ui.models.caseload_model import CaseloadFilter
from shell_support import demo_user, sign_in_as


def test_the_previous_persons_search_and_filter_are_gone_after_switch_user(make_window, demo_paths, demo_backend,
                                                                         qtbot):
    dee = demo_user(demo_backend, "Dee Okafor")
    window = make_window(demo_paths, dee)
    caseload = window.caseload
    caseload.search.setText("Ashworth")
    caseload.set_filter(CaseloadFilter.CONCERNS)
    qtbot.mouseClick(window.switch_user_button, Qt.MouseButton.LeftButton)
    sam = demo_user(demo_backend)
    sign_in_as(qtbot, window, sam)
    assert window.session.user == sam
    assert caseload.search.text() == ""
    assert caseload.proxy.current_filter is CaseloadFilter.ALL
    # The same person signing in again after a lock keeps their own search.
    caseload.search.setText("Ashworth")
    qtbot.mouseClick(window.switch_user_button, Qt.MouseButton.LeftButton)
    sign_in_as(qtbot, window, sam)
    assert caseload.search.text() == "Ashworth"


def test_a_plan_gap_in_the_workspace_opens_the_childs_plan_tab(make_window, demo_paths, demo_backend, qtbot):
    window = make_window(demo_paths, demo_user(demo_backend))
    child_id = window.session.children.caseload()[0].child_id
    window.open_plan(child_id)
    qtbot.waitUntil(lambda: window.child_record.record is not None, timeout=3000)
    assert window.pages.currentWidget() is window.child_record
    assert window.child_record.tabs.currentWidget() is window.child_record.tabs.plan
