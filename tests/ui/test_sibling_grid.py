"""The sibling grid: while grading an item, this child's grade beside each brother's and sister's on the same visits,
and a word when they are graded far apart. Alone, a child's workspace shows no grid."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from gcp_desk.services.siblings import SiblingAssessmentService

from workspace_fixtures import *  # noqa: F403


def test_sibling_grid_shows_the_familys_grades_for_the_item_and_follows_this_childs(
        qtbot, workspace, ws_backend, ws_user, ws_services, ws_children, ws_child):
    from dataclasses import replace

    home = ws_children.create_household(f"{ws_child.family_name} household")
    with ws_backend.db.transaction() as uow:  # the fixture's child was recorded before households were chosen
        uow.children.update(uow.children.get(ws_child.id).model_copy(update={"household_id": home.id}))
    sister = ws_children.create_child(given_name="Ivy", family_name=ws_child.family_name,
                                      date_of_birth=years_ago(4), household_id=home.id)
    together = SiblingAssessmentService(replace(ws_backend.context(ws_user), today=lambda: TODAY))
    mine, hers = together.start_together([ws_child.id, sister.id], on=TODAY - timedelta(days=2))
    ws_services.grade_item(hers.id, "clothing", 5)
    workspace.open(ws_services.get(mine.id), ws_children.record(ws_child.id))
    grid = workspace.items.item.siblings
    assert grid.isVisible()
    assert grid.cells() == [(ws_child.given_name, None), ("Ivy", 5)]
    press(qtbot, Qt.Key.Key_1)
    assert grid.cells() == [(ws_child.given_name, 1), ("Ivy", 5)]
    assert "graded differently across the family" in grid.text()
    save_screenshot(workspace, "sibling-grid")


def test_a_child_assessed_alone_has_no_sibling_grid(ready):
    assert not ready.items.item.siblings.isVisible()


def test_shared_fact_home_item_graded_for_a_sister_shows_here_to_confirm(
        qtbot, workspace, ws_backend, ws_user, ws_services, ws_children, ws_child):
    from dataclasses import replace

    from gcp_desk.domain.enums import EvidenceSource
    from gcp_desk.scoring.completeness import GapKind

    home = ws_children.create_household(f"{ws_child.family_name} household")
    with ws_backend.db.transaction() as uow:
        uow.children.update(uow.children.get(ws_child.id).model_copy(update={"household_id": home.id}))
    sister = ws_children.create_child(given_name="Ivy", family_name=ws_child.family_name,
                                      date_of_birth=years_ago(4), household_id=home.id)
    together = SiblingAssessmentService(replace(ws_backend.context(ws_user), today=lambda: TODAY))
    mine, hers = together.start_together([ws_child.id, sister.id], on=TODAY - timedelta(days=2))
    ws_services.grade_item(hers.id, "home-conditions", 4)
    ws_services.add_evidence(hers.id, item_id="home-conditions", source=EvidenceSource.OBSERVED,
                             text="No heating on; damp and mould in the children's bedroom.")
    workspace.open(ws_services.get(mine.id), ws_children.record(ws_child.id))
    workspace.show_item("home-conditions")
    panel = workspace.items.item
    assert panel.home_item.isVisible() and "entered once" in panel.home_item.text()
    assert panel.shared.isVisible() and "not yet confirmed for this child" in panel.shared.words.text()
    assert panel.grades.isVisible() and ws_services.get(mine.id).item_grades["home-conditions"].grade == 4
    assert panel.siblings.cells() == [(ws_child.given_name, 4), ("Ivy", 4)]
    kinds = [gap.kind for gap in ws_services.warnings(ws_services.get(mine.id))]
    assert GapKind.SHARED_NOT_CONFIRMED in kinds
    save_screenshot(workspace, "sibling-grid-home-item")

    qtbot.mouseClick(panel.shared.confirm, Qt.MouseButton.LeftButton)
    assert "confirmed for this child" in panel.shared.words.text() and not panel.shared.confirm.isVisible()
    kinds = [gap.kind for gap in ws_services.warnings(ws_services.get(mine.id))]
    assert GapKind.SHARED_NOT_CONFIRMED not in kinds


def test_shared_fact_bar_says_which_grade_a_sisters_change_replaced(
        qtbot, workspace, ws_backend, ws_user, ws_services, ws_children, ws_child):
    from dataclasses import replace

    home = ws_children.create_household(f"{ws_child.family_name} household")
    with ws_backend.db.transaction() as uow:
        uow.children.update(uow.children.get(ws_child.id).model_copy(update={"household_id": home.id}))
    sister = ws_children.create_child(given_name="Ivy", family_name=ws_child.family_name,
                                      date_of_birth=years_ago(4), household_id=home.id)
    together = SiblingAssessmentService(replace(ws_backend.context(ws_user), today=lambda: TODAY))
    mine, hers = together.start_together([ws_child.id, sister.id], on=TODAY - timedelta(days=2))
    ws_services.grade_item(mine.id, "home-conditions", 3)
    ws_services.grade_item(hers.id, "home-conditions", 4)
    workspace.open(ws_services.get(mine.id), ws_children.record(ws_child.id))
    workspace.show_item("home-conditions")
    bar = workspace.items.item.shared
    qtbot.waitUntil(lambda: "Ivy's assessment" in bar.words.text())
    assert bar.words.text().endswith("It was 3 for this child before Ivy's assessment changed it to 4.")
    save_screenshot(workspace, "shared-fact-replaced-grade")

    qtbot.mouseClick(bar.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "confirmed for this child" in bar.words.text())
    assert "It was 3" not in bar.words.text()
