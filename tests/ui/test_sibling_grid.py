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
