"""What an assessment says beyond its item grades: evidence notes with their source, the grade chosen for each
domain beside the suggestion, the written sections and the family's part.

Each change goes through the assessment's one edit path (``AssessmentService._edit``): the same rule on who may
edit, the same audit event and the same caseload summary as a grade.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from ..domain.assessment import Assessment, DomainGrade, EvidenceNote, Participation
from ..domain.clock import utc_now
from ..domain.enums import EvidenceSource
from ..domain.errors import InvalidInput, NotFound, Problem
from ..domain.instrument import Instrument
from ..scoring.suggest import suggest_domain_grade
from ..storage.unit_of_work import UnitOfWork
from . import audit_payloads as payloads
from .assessment_checks import check_family_dates, check_item
from .base import Service
from .validation import build

Change = Callable[[UnitOfWork, Assessment, Instrument], tuple[Any, Any]]

TEXT_SECTIONS = {
    "child_voice": "Child's voice and lived experience",
    "carers_views": "Carers' views",
    "strengths": "Strengths",
    "analysis": "Analysis",
}


class AssessmentContent(Service):
    """Evidence, domain grades, written sections and participation; ``AssessmentService`` gives the edit path."""

    def _edit(self, assessment_id: UUID, action: str, change: Change,
              stored: Callable[[Assessment], Assessment] | None = None) -> Assessment:
        raise NotImplementedError

    # Evidence -----------------------------------------------------------------------------------------------
    def add_evidence(self, assessment_id: UUID, *, item_id: str | None, source: EvidenceSource,
                     text: str) -> Assessment:
        note = build(EvidenceNote, item_id=item_id, source=source, text=text, author_id=self._context.actor_id)

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            if item_id is not None:
                check_item(instrument, assessment, item_id)
            uow.assessments.add_evidence(assessment.id, note)
            return None, payloads.created(note)

        return self._edit(assessment_id, "assessment.add-evidence", change)

    def edit_evidence(self, assessment_id: UUID, note_id: UUID, *, text: str | None = None,
                      source: EvidenceSource | None = None) -> Assessment:
        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = next((n for n in assessment.evidence if n.id == note_id), None)
            if before is None:
                raise NotFound("That evidence note is not part of this assessment.")
            after = build(
                EvidenceNote,
                **{**before.model_dump(), "text": before.text if text is None else text,
                   "source": before.source if source is None else source, "updated_at": utc_now()},
            )
            uow.assessments.update_evidence(assessment.id, after)
            return payloads.changed(before, after)

        return self._edit(assessment_id, "assessment.edit-evidence", change)

    def delete_evidence(self, assessment_id: UUID, note_id: UUID) -> Assessment:
        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = next((n for n in assessment.evidence if n.id == note_id), None)
            if before is None:
                raise NotFound("That evidence note is not part of this assessment.")
            uow.assessments.delete_evidence(assessment.id, note_id)
            return payloads.created(before), None

        return self._edit(assessment_id, "assessment.delete-evidence", change)

    # Domain grades and written sections ---------------------------------------------------------------------
    def choose_domain_grade(self, assessment_id: UUID, domain_id: str, grade: int,
                            override_reason: str = "") -> Assessment:
        """Record the practitioner's grade for a domain beside the suggestion; a different grade needs a reason."""

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            try:
                instrument.domain(domain_id)
            except KeyError:
                problem = Problem("Domain", f"'{domain_id}' is not a domain of {instrument.title}")
                raise InvalidInput([problem]) from None
            suggestion = suggest_domain_grade(instrument, assessment, domain_id)
            chosen = build(
                DomainGrade,
                domain_id=domain_id,
                chosen=grade,
                suggested=suggestion.grade if suggestion else None,
                override_reason=override_reason.strip(),
            )
            before = assessment.domain_grades.get(domain_id)
            uow.assessments.set_domain_grade(assessment.id, chosen)
            return (before.model_dump(mode="json") if before else None), chosen.model_dump(mode="json")

        return self._edit(assessment_id, "assessment.domain-grade", change)

    def clear_domain_grade(self, assessment_id: UUID, domain_id: str) -> Assessment:
        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = assessment.domain_grades.get(domain_id)
            uow.assessments.clear_domain_grade(assessment.id, domain_id)
            return (before.model_dump(mode="json") if before else None), None

        return self._edit(assessment_id, "assessment.clear-domain-grade", change)

    def set_text(self, assessment_id: UUID, section: str, text: str) -> Assessment:
        if section not in TEXT_SECTIONS:
            raise InvalidInput([Problem("Section", f"'{section}' is not a written section of an assessment")])

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            before = getattr(assessment, section)
            if before == text:
                return None, None
            uow.assessments.update_fields(assessment.id, **{section: text})
            # Which section changed, not its words: a payload holds no case content (see ``audit_payloads``).
            return {"length": len(before)}, {"changed": [section], "length": len(text)}

        return self._edit(assessment_id, f"assessment.text.{section}", change)

    def set_participation(self, assessment_id: UUID, participation: Participation) -> Assessment:
        """The family's part: consent, how the assessment was shared, their view in their words, their
        acknowledgement. Dates are judged against the visits: nothing shared or signed before the first visit, or
        after today."""
        participation = build(Participation, **participation.model_dump())

        def change(uow: UnitOfWork, assessment: Assessment, instrument: Instrument) -> tuple[Any, Any]:
            check_family_dates(assessment, participation, self._context.today())
            before = assessment.participation
            if before == participation:
                return None, None
            uow.assessments.update_fields(assessment.id, participation=participation)
            return ({"participation": before.model_dump(mode="json") if before else None},
                    {"participation": participation.model_dump(mode="json")})

        return self._edit(assessment_id, "assessment.participation", change)
