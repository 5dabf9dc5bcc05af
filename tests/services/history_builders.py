"""Invented histories for the history and plan service tests, stored straight through storage (as a finished
assessment would be), so a test can set up a year of repeat assessments in a few milliseconds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from gcp_desk.app import Backend
from gcp_desk.domain.assessment import (
    ActionReview,
    Assessment,
    DomainGrade,
    EvidenceNote,
    HowSeen,
    ItemGrade,
    PlanAction,
    Visit,
)
from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource
from gcp_desk.domain.people import Child, User
from gcp_desk.scoring.age import age_band_for
from gcp_desk.scoring.flags import concern_domains
from gcp_desk.scoring.instruments import builtin_instrument, content_hash

from conftest_services import TODAY

INSTRUMENT = builtin_instrument()
DOMAINS = [domain.id for domain in INSTRUMENT.domains]


def context_for(backend: Backend, user: User):
    return replace(backend.context(user), today=lambda: TODAY)


def profile(
    child: Child,
    on: date,
    grades: dict[str, int],
    *,
    status: AssessmentStatus = AssessmentStatus.COUNTERSIGNED,
    plan: list[PlanAction] | None = None,
    reviews: list[ActionReview] | None = None,
    evidence: dict[str, str] | None = None,
    default: int = 2,
    chosen: bool = True,
) -> Assessment:
    """An assessment visited on ``on``: every item of a domain graded as ``grades`` says for it (``default`` for
    the rest), each domain graded likewise unless ``chosen`` is false, with evidence text per item if given."""
    band = age_band_for(INSTRUMENT, date_of_birth=child.date_of_birth,
                        expected_date_of_delivery=child.expected_date_of_delivery, on=on)
    item_grades = {}
    for domain in INSTRUMENT.domains:
        for item in INSTRUMENT.items_for(domain.id, band.id):
            item_grades[item.id] = ItemGrade(item_id=item.id, grade=grades.get(domain.id, default))
    notes = [EvidenceNote(item_id=item_id, source=EvidenceSource.OBSERVED, text=text)
             for item_id, text in (evidence or {}).items()]
    domain_grades = {
        domain_id: DomainGrade(domain_id=domain_id, chosen=grades.get(domain_id, default))
        for domain_id in DOMAINS
    } if chosen else {}
    return Assessment(
        child_id=child.id,
        instrument_id=INSTRUMENT.id,
        instrument_version=INSTRUMENT.version,
        instrument_hash=content_hash(INSTRUMENT),
        age_band=band.id,
        status=status,
        visits=[Visit(date=on - timedelta(days=7)), Visit(date=on)],
        how_seen=HowSeen(child_seen=True),
        item_grades=item_grades,
        evidence=notes,
        domain_grades=domain_grades,
        plan=plan or [],
        action_reviews=reviews or [],
    )


def store(backend: Backend, *assessments: Assessment) -> list[Assessment]:
    with backend.db.transaction() as uow:
        for assessment in assessments:
            uow.assessments.add(assessment, concern_domains=concern_domains(INSTRUMENT, assessment))
    return list(assessments)


def action(domain_id: str, target: int, by_when: date, what: str = "", who: str = "Health visitor") -> PlanAction:
    return PlanAction(domain_id=domain_id, what_will_change=what or f"Better care in {domain_id}", who=who,
                      agency="Health", by_when=by_when, target_grade=target)


def weeks_ago(weeks: int) -> date:
    return TODAY - timedelta(weeks=weeks)
