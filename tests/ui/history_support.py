"""Invented histories for the history tabs' tests: one child, assessments graded with the built-in profile.

Imported by name (``from history_support import ...``): test folders have no ``__init__.py``.
"""

from __future__ import annotations

from datetime import date, datetime, UTC
from uuid import UUID

from gcp_desk.domain.assessment import Assessment, EvidenceNote, ItemGrade, PlanAction, Visit
from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource, PlanType, Sex
from gcp_desk.domain.people import Child, ChildRecord
from gcp_desk.scoring.instruments import builtin_instrument, content_hash
from gcp_desk.ui.views.history.child_history import ChildHistory

INSTRUMENT = builtin_instrument()
TODAY = date(2026, 11, 2)


def child(given: str = "Robin", born: date = date(2016, 5, 3), **extra) -> Child:
    return Child(given_name=given, family_name="Testcase", date_of_birth=born, sex=Sex.MALE,
                 plan_type=extra.pop("plan_type", PlanType.CHILD_IN_NEED), **extra)


def assessment(child_id: UUID, on: date, *, grade: int = 2, band: str = "5-11", grades: dict[str, int] | None = None,
               not_assessed: dict[str, str] | None = None, evidence: dict[str, str] | None = None,
               plan: list[PlanAction] | None = None,
               status: AssessmentStatus = AssessmentStatus.COUNTERSIGNED) -> Assessment:
    """Every item that applies in ``band`` graded ``grade`` unless ``grades`` or ``not_assessed`` say otherwise."""
    grades = grades or {}
    not_assessed = not_assessed or {}
    item_grades = {}
    for item_id in INSTRUMENT.applicable_item_ids(band):
        if item_id in not_assessed:
            item_grades[item_id] = ItemGrade(item_id=item_id, not_assessed_reason=not_assessed[item_id])
        else:
            item_grades[item_id] = ItemGrade(item_id=item_id, grade=grades.get(item_id, grade))
    notes = [EvidenceNote(item_id=item_id, source=EvidenceSource.OBSERVED, text=text)
             for item_id, text in (evidence or {}).items()]
    return Assessment(child_id=child_id, instrument_id=INSTRUMENT.id, instrument_version=INSTRUMENT.version,
                      instrument_hash=content_hash(INSTRUMENT), age_band=band, status=status,
                      visits=[Visit(date=on)], item_grades=item_grades, evidence=notes, plan=plan or [],
                      created_at=datetime(on.year, on.month, on.day, 9, tzinfo=UTC))


def action(domain_id: str, by_when: date, target: int = 2, what: str = "Meals every day") -> PlanAction:
    return PlanAction(domain_id=domain_id, what_will_change=what, who="Sam Whitfield", agency="Social care",
                      by_when=by_when, target_grade=target)


def history_of(the_child: Child, *assessments: Assessment, today: date = TODAY) -> ChildHistory:
    return ChildHistory(record=ChildRecord(child=the_child), assessments=tuple((a, INSTRUMENT) for a in assessments),
                        today=today)


def store(backend, the_child: Child, *assessments: Assessment) -> None:
    """Write an invented child and their assessments straight into the database, as a migration or an import
    would: the service calls for grading them one by one are tested elsewhere."""
    from gcp_desk.scoring.flags import concern_domains

    with backend.db.transaction() as uow:
        uow.children.add(the_child)
        for one in assessments:
            uow.assessments.add(one, concern_domains=concern_domains(INSTRUMENT, one))


def loaded_history(session, child_id: UUID) -> ChildHistory:
    """The history as the child record loads it."""
    from gcp_desk.ui.views.history.child_history import load_child_history

    record = session.children.record(child_id)
    return load_child_history(record, session.assessments.history(child_id), session.assessments.instrument_for,
                              session.today())
