"""The assessment screen says what the history says: drift, worse than baseline and the previous plan's unmet targets
in the header, and each domain's change since the previous assessment on the domain summary."""

from __future__ import annotations

from datetime import timedelta

from gcp_desk.domain.assessment import PlanAction
from gcp_desk.scoring.flags import concern_domains
from gcp_desk.ui.views.assessment.navigator import Page

from history_support import INSTRUMENT, assessment
from workspace_fixtures import *  # noqa: F403


def _store_previous(backend, child_id, on, grades, plan=()):
    earlier = assessment(child_id, on, grades=grades, band="5-11", plan=list(plan))
    with backend.db.transaction() as uow:
        uow.assessments.add(earlier, concern_domains=concern_domains(INSTRUMENT, earlier))
    return earlier


def test_drift_and_an_unmet_target_show_in_the_header_and_the_domain_summary(
        qtbot, workspace, ws_backend, ws_services, ws_children, ws_child):
    warmth = {"warmth-and-responsiveness": 5}
    _store_previous(ws_backend, ws_child.id, TODAY - timedelta(weeks=40), warmth)
    target = PlanAction(domain_id="nutritional", what_will_change="Meals every day", who="Mother",
                        by_when=TODAY - timedelta(weeks=4), target_grade=2)
    _store_previous(ws_backend, ws_child.id, TODAY - timedelta(weeks=20), warmth, plan=[target])
    current = ws_services.start(ws_child.id)
    ws_services.add_visit(current.id, on=TODAY - timedelta(days=1))
    ws_services.grade_item(current.id, "warmth-and-responsiveness", 5)
    ws_services.grade_item(current.id, "food-quality", 4)
    open_in(workspace, ws_services, ws_children, current.id)

    header = workspace.header.over_time
    qtbot.waitUntil(header.isVisible, timeout=2000)
    words = header.text()
    assert "Emotional care has stayed at 4 or 5 for 39 weeks across 3 assessments" in words
    assert "Nutritional care: Meals every day. Target 2 by" in words and "now 4: not met." in words
    workspace.show_page(Page.SUMMARY)
    row = workspace.summary.row_for("emotional")
    assert "5 → 5: no improvement for 39 weeks" in row.trend.text()
    assert workspace.summary.row_for("physical").trend.text().endswith("Not comparable: no grade yet")
    save_screenshot(workspace, "workspace-over-time")
    # Regrading is read again once the keys pause, not on every keypress.
    ws_services.grade_item(current.id, "warmth-and-responsiveness", 3)
    workspace.session.accept(ws_services.get(current.id))
    qtbot.waitUntil(lambda: "5 → 3: improved" in row.trend.text(), timeout=3000)
    assert "Emotional care has stayed" not in workspace.header.over_time.text()


def test_a_first_assessment_says_it_is_the_baseline_and_shows_no_drift(qtbot, ready):
    ready.show_page(Page.SUMMARY)
    row = ready.summary.row_for("emotional")
    qtbot.waitUntil(lambda: "baseline" in row.trend.text(), timeout=2000)
    assert not ready.header.over_time.isVisible()
