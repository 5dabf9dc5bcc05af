"""Discarding an abandoned draft: only its author, only a never-submitted draft, only with a reason; the content
goes, the audit trail keeps that it was discarded, by whom and why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gcp_desk.domain.enums import EvidenceSource
from gcp_desk.domain.errors import InvalidInput, NotAllowed, NotFound

from conftest_services import PASSWORD, TODAY
from filling import fill_in


@pytest.fixture
def draft(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=2))
    services.assessments.grade_item(assessment.id, "clothing", 4)
    services.assessments.add_evidence(assessment.id, item_id="clothing", source=EvidenceSource.OBSERVED,
                                      text="Torn coat in winter.")
    return services.assessments.get(assessment.id)


def test_a_discarded_draft_is_gone_with_its_content_and_its_audit_event_kept(services, draft):
    with pytest.raises(InvalidInput, match="say why"):
        services.assessments.discard_draft(draft.id, "  ")
    services.assessments.discard_draft(draft.id, "Started on the wrong child.")
    with pytest.raises(NotFound):
        services.assessments.get(draft.id)
    assert services.assessments.history(draft.child_id) == []
    with services.backend.db.transaction() as uow:
        events = uow.audit.for_entity(str(draft.id))
        row = uow.caseload.row(draft.child_id)
    discard = events[-1]
    assert (discard.action, discard.after) == ("assessment.discard", {"discarded": True,
                                                                     "reason": "Started on the wrong child."})
    assert "Torn coat" not in str(discard.before)
    assert row.latest_status is None
    # A new assessment can be started at once.
    assert services.assessments.start(draft.child_id).child_id == draft.child_id


def test_a_submitted_assessment_cannot_be_discarded(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=2))
    fill_in(services, assessment)
    services.assessments.submit(assessment.id, PASSWORD)
    with pytest.raises(NotAllowed, match="Only a draft that was never submitted"):
        services.assessments.discard_draft(assessment.id, "No longer needed.")
    assert services.assessments.get(assessment.id).id == assessment.id
