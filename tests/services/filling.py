"""Filling in a whole assessment through the services, so that it can be submitted."""

from __future__ import annotations

from gcp_desk.domain.assessment import ContextEntry, HowSeen
from gcp_desk.domain.enums import EvidenceSource, Involvement


def fill_in(services, assessment, *, grade_for=lambda item_id: 2):
    """Complete every part of an assessment so that it can be submitted."""
    svc = services.assessments
    instrument = svc.instrument_for(assessment)
    for item_id in instrument.applicable_item_ids(assessment.age_band):
        grade = grade_for(item_id)
        assessment = svc.grade_item(assessment.id, item_id, grade)
        if grade >= 3:
            assessment = svc.add_evidence(assessment.id, item_id=item_id, source=EvidenceSource.OBSERVED,
                                          text="Seen on the unannounced visit.")
    for domain in instrument.domains:
        suggestion = svc.suggestion(assessment, domain.id)
        if suggestion is not None:
            assessment = svc.choose_domain_grade(assessment.id, domain.id, suggestion.grade)
    for adult in assessment.adults:
        assessment = svc.set_adult_involvement(assessment.id, adult.adult_id, Involvement.SEEN_AND_SPOKEN_WITH)
    assessment = svc.set_how_seen(assessment.id, HowSeen(child_seen=True, child_seen_alone=True,
                                                         rooms_seen=["kitchen", "bedroom"]))
    assessment = svc.set_context(assessment.id, [ContextEntry(factor=factor, confirmed=True, note=entry.note)
                                                 for entry in assessment.context for factor in [entry.factor]])
    assessment = svc.set_text(assessment.id, "child_voice", "Said he likes football and his nan's dinners.")
    assessment = svc.set_text(assessment.id, "carers_views", "Mother feels things are settled at home.")
    assessment = svc.set_text(assessment.id, "analysis", "Care meets his needs; no change needed.")
    return assessment
