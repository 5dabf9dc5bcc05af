"""A plan action shared by the family goes to the brothers and sisters the practitioner ticks (all, unless some
are unticked); with none ticked the dialog says so and nothing is saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.ui.views.child_record_view import ChildRecordView
from shell_support import type_into, wait_for_focus


def test_shared_plan_action_goes_only_to_the_siblings_ticked(qtbot, runner, session, backend, practitioner,
                                                             screenshot):
    from gcp_desk.services.assessments import AssessmentService
    from gcp_desk.services.children import ChildService
    from gcp_desk.services.siblings import SiblingAssessmentService

    context = replace(backend.context(practitioner), today=session.today)
    children = ChildService(context)
    ava = children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2014, 2, 1),
                                new_household=("Quill household", "4 Mill Lane"))
    ben, cal = (children.create_child(given_name=name, family_name="Quill", date_of_birth=born,
                                      household_id=ava.household_id)
                for name, born in (("Ben", date(2019, 3, 3)), ("Cal", date(2024, 5, 5))))
    ava_a, ben_a, cal_a = SiblingAssessmentService(context).start_together(
        [ava.id, ben.id, cal.id], on=session.today() - date.resolution * 3)
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(ava.id)
    plan = view.tabs.plan
    view.tabs.setCurrentWidget(plan)
    qtbot.mouseClick(plan.family_button, Qt.MouseButton.LeftButton)
    dialog = plan.dialog
    assert [(tick.text(), tick.isChecked()) for _, tick in dialog.sibling_boxes] == [("Ben", True), ("Cal", True)]
    assert unnamed_controls(dialog) == []
    wait_for_focus(qtbot, dialog.domain)
    qtbot.keyClick(dialog.domain, Qt.Key.Key_P)  # Physical care
    qtbot.keyClick(dialog.domain, Qt.Key.Key_Tab)
    type_into(qtbot, dialog.what_will_change, "The home has working heating")
    type_into(qtbot, dialog.who, "Dee Quill with the housing officer")
    type_into(qtbot, dialog.agency, "Housing")
    type_into(qtbot, dialog.by_when, "1/2/2027")
    for _, tick in dialog.sibling_boxes:
        qtbot.mouseClick(tick, Qt.MouseButton.LeftButton)  # none ticked: refused in words
    qtbot.keyClick(dialog.by_when, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Tick at least one brother or sister" in dialog.form.problem_text("siblings")
    qtbot.mouseClick(dialog.sibling_boxes[0][1], Qt.MouseButton.LeftButton)  # Ben only
    screenshot(dialog, "plan-shared-action-choose-siblings")
    qtbot.keyClick(dialog.by_when, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    assessments = AssessmentService(context)
    shared = [a.family_id for a in assessments.get(ava_a.id).plan]
    assert len(shared) == 1 and shared[0] is not None
    assert [a.family_id for a in assessments.get(ben_a.id).plan] == shared
    assert assessments.get(cal_a.id).plan == []  # unticked: Cal's plan is his own

    # Removed from every plan that shares it, after a confirmation naming the children.
    from PySide6.QtWidgets import QMessageBox

    plan.actions.setCurrentCell(0, 1)
    assert plan.remove_button.text() == "Re&move from this child's plan only"
    assert plan.remove_family_button.isVisible() and plan.remove_family_button.isEnabled()
    screenshot(view, "plan-shared-action-remove-buttons")
    qtbot.mouseClick(plan.remove_family_button, Qt.MouseButton.LeftButton)
    box = plan.dialog
    assert "from the plans of Ava and Ben?" in box.text() and "The home has working heating" in box.text()
    screenshot(box, "plan-shared-action-remove-everywhere")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert assessments.get(ava_a.id).plan == [] and assessments.get(ben_a.id).plan == []
