"""Context factors and adults from a brother's or sister's assessment on the same visits: marked as such where they
are confirmed, and listed as warnings (not gaps that stop submitting) on the completeness page."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt

from gcp_desk.domain.assessment import ContextEntry
from gcp_desk.domain.enums import ContextFactor, Involvement, Relationship, Sex
from gcp_desk.services.siblings import SiblingAssessmentService
from gcp_desk.ui.views.assessment.completeness_panel import GAP
from gcp_desk.ui.views.assessment.navigator import Page

from workspace_fixtures import *  # noqa: F403


def test_shared_fact_context_and_adult_from_a_sister_are_warnings_not_gaps(
        qtbot, workspace, ws_backend, ws_user, ws_services, ws_children, ws_child):
    home = ws_children.create_household(f"{ws_child.family_name} household")
    with ws_backend.db.transaction() as uow:
        uow.children.update(uow.children.get(ws_child.id).model_copy(update={"household_id": home.id}))
    sister = ws_children.create_child(given_name="Ivy", family_name=ws_child.family_name,
                                      date_of_birth=years_ago(4), household_id=home.id)
    record = ws_children.add_adult(sister.id, given_name="Rae", family_name=ws_child.family_name, sex=Sex.FEMALE,
                                   relationship=Relationship.MOTHER, parental_responsibility=True,
                                   lives_with_child=True)
    rae = next(link.adult for link in record.adults if link.adult.given_name == "Rae")
    ws_children.link_adult(ws_child.id, rae.id, Relationship.MOTHER, parental_responsibility=True,
                           lives_with_child=True)
    together = SiblingAssessmentService(replace(ws_backend.context(ws_user), today=lambda: TODAY))
    mine, hers = together.start_together([ws_child.id, sister.id], on=TODAY - timedelta(days=2))
    ws_services.set_context(hers.id, [ContextEntry(factor=ContextFactor.PARENTAL_MENTAL_ILL_HEALTH,
                                                   note="Rae says her depression is worse this winter.")])
    ws_services.set_adult_involvement(hers.id, rae.id, Involvement.SEEN_AND_SPOKEN_WITH)

    workspace.open(ws_services.get(mine.id), ws_children.record(ws_child.id))
    workspace.show_page(Page.PEOPLE)
    (row,) = [r for r in workspace.context.rows if r.factor is ContextFactor.PARENTAL_MENTAL_ILL_HEALTH]
    assert row.state.text() == "From a brother's or sister's assessment \u2014 confirm" and row.confirm.isVisible()
    (adult,) = [r for r in workspace.adults._rows if r.adult_id == rae.id]
    assert adult.state.text() == "From a brother's or sister's assessment \u2014 confirm"
    save_screenshot(workspace, "shared-fact-people")

    workspace.show_page(Page.COMPLETENESS)
    shown = [workspace.completeness.gaps.item(i).data(GAP) for i in range(workspace.completeness.gaps.count())]
    from_sister = [gap for gap in shown if "brother's or sister's" in gap.message]
    assert len(from_sister) == 2 and all(gap.warning for gap in from_sister)
    assert not [gap for gap in shown if "carried over" in gap.message]
    workspace.completeness.gaps.scrollToBottom()  # the warnings come after what is missing
    save_screenshot(workspace, "shared-fact-people-completeness")

    qtbot.mouseClick(row.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws_services.get(mine.id).context[0].confirmed)
    left = [g for g in ws_services.warnings(ws_services.get(mine.id)) if "brother's or sister's" in g.message]
    assert [g.target.section.value for g in left] == ["adults"]
