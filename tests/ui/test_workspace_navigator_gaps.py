"""The navigator's count of gaps follows every grade, the previous plan's reviews included, without reading the
database on the UI thread after a keypress."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from gcp_desk.domain.assessment import PlanAction
from gcp_desk.scoring.completeness import GapKind
from gcp_desk.scoring.flags import concern_domains
from gcp_desk.ui.views.assessment.navigator import ENTRY, Page, page_entry

from history_support import INSTRUMENT, assessment
from workspace_fixtures import *  # noqa: F403


def completeness_text(workspace) -> str:
    navigator = workspace.navigator
    return next(navigator.item(i).text() for i in range(navigator.count())
                if navigator.item(i).data(ENTRY) == page_entry(Page.COMPLETENESS))


def gap_words(count: int) -> str:
    return "nothing missing" if not count else "1 gap" if count == 1 else f"{count} gaps"


def test_the_gap_count_follows_each_grade_and_counts_the_previous_plan(
        qtbot, workspace, ws_backend, ws_services, ws_children, ws_child, monkeypatch):
    target = PlanAction(domain_id="nutritional", what_will_change="Meals every day", who="Mother",
                        by_when=TODAY - timedelta(weeks=4), target_grade=2)
    earlier = assessment(ws_child.id, TODAY - timedelta(weeks=20), grades={}, band="5-11", plan=[target])
    with ws_backend.db.transaction() as uow:
        uow.assessments.add(earlier, concern_domains=concern_domains(INSTRUMENT, earlier))
    current = ws_services.start(ws_child.id)
    ws_services.add_visit(current.id, on=TODAY - timedelta(days=3), visitors=["Sam Whitfield"])
    open_in(workspace, ws_services, ws_children, current.id)

    services = workspace.session.services
    gaps = services.gaps(services.get(current.id))
    assert any(gap.kind is GapKind.ACTION_NOT_REVIEWED for gap in gaps), "the previous plan must be reviewed"
    assert completeness_text(workspace) == f"Completeness and submit\n{gap_words(len(gaps))}"

    # After opening, a grade counts the gaps from the assessment the service returned: no read for them.
    read = []
    monkeypatch.setattr(type(services), "gaps", lambda self, a: read.append(a) or [])
    monkeypatch.setattr(type(services), "plan_to_review", lambda self, i: read.append(i) or [])
    for key in (Qt.Key.Key_3, Qt.Key.Key_Return, Qt.Key.Key_2, Qt.Key.Key_Return, Qt.Key.Key_4):
        press(qtbot, key)
        if key is Qt.Key.Key_Return:
            continue
        monkeypatch.undo()
        expected = len(services.gaps(services.get(current.id)))
        assert completeness_text(workspace) == f"Completeness and submit\n{gap_words(expected)}"
        monkeypatch.setattr(type(services), "gaps", lambda self, a: read.append(a) or [])
        monkeypatch.setattr(type(services), "plan_to_review", lambda self, i: read.append(i) or [])
    assert read == []
    save_screenshot(workspace, "workspace-navigator-gaps")


def test_a_first_assessment_has_no_plan_to_review(ready):
    services = ready.session.services
    gaps = services.gaps(services.get(ready.session.assessment.id))
    assert not any(gap.kind is GapKind.ACTION_NOT_REVIEWED for gap in gaps)
    assert completeness_text(ready) == f"Completeness and submit\n{gap_words(len(gaps))}"
