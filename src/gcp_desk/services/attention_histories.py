"""Every child's history in the shape ``scoring.attention`` reads, built for a whole caseload at once.

``attention_reasons`` takes assessments with their instruments. Whole assessments cost about 8 ms a child to load,
so for the caseload each assessment is a **projection**: an ``Assessment`` that carries only what drift, due dates
and targets read, from ``GradeHistoryQuery``:

- its id, child, instrument and age band;
- one visit on the assessment's date, standing for all its visits (only the last visit's date is read);
- its chosen domain grades;
- its graded items, only when one of its instrument's domains has no chosen grade (the domain's grade is then the
  suggestion drawn from them);
- its plan, only for the child's latest assessment with a plan (the only plan attention reads);
- its adults, only for the child's last two assessments (the only ones ``scoring.men_around`` reads);
- the actions of that plan it closed, only for the assessments after that one (``ActionReview`` not carried
  forward; attention no longer counts them).

Projections are never handed out: they live for one call. They are built without validation, from values that
were validated when stored: validating the eighty thousand of a 10,000-child caseload took over a second, building
them this way a tenth of that. Grade, item and visit objects repeat across assessments and are shared. A test
checks that the reasons from projections are the reasons from whole histories.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from ..domain.assessment import (
    ActionReview,
    Assessment,
    AssessmentAdult,
    DomainGrade,
    HowSeen,
    ItemGrade,
    PlanAction,
    Visit,
)
from ..domain.enums import ActionOutcome, AssessmentStatus, PlanType
from ..domain.instrument import Instrument
from ..scoring.instruments import InstrumentLibrary
from ..storage.repositories.grade_history import GradedAssessment
from ..storage.unit_of_work import UnitOfWork

History = list[tuple[Assessment, Instrument]]
Model = TypeVar("Model", bound=BaseModel)


@dataclass
class CaseloadHistories:
    plan_types: dict[UUID, PlanType]
    """Every child asked for, assessed or not."""
    histories: dict[UUID, History]
    """Each child's dated assessments, oldest first; a child with none is missing."""
    unreadable: set[UUID]
    """Children with an assessment graded with an instrument that is not installed: left out of ``histories``."""
    stored: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    """What is stored for a child now, where it was read with them (``read_child_history``)."""


def read_histories(uow: UnitOfWork, instruments: InstrumentLibrary,
                   child_ids: Collection[UUID] | None = None) -> CaseloadHistories:
    grade_history = uow.grade_history
    plan_types = grade_history.plan_types(child_ids)
    rows = grade_history.dated_assessments(child_ids)
    by_hash = _Instruments(instruments)
    unreadable = {row.child_id for row in rows if by_hash.get(row.instrument_hash) is None}
    rows = [row for row in rows if row.child_id not in unreadable]
    items = grade_history.item_grades(row.id for row in rows if not by_hash.fully_chosen(row))
    latest_planned = _latest_with_plan(rows)
    plan_values = grade_history.plan_values(latest_planned)
    closed = grade_history.closed_actions(_after(rows, set(latest_planned)))
    adults = grade_history.adults_values(_last_two(rows))
    build = _Projector()
    histories: defaultdict[UUID, History] = defaultdict(list)
    for row in rows:
        plan = plan_values.get(row.id)
        projection = build(row, items.get(row.id), None if plan is None else [_unchecked(PlanAction, values)
                                                                                  for values in plan],
                           closed.get(row.id, ()), [AssessmentAdult.model_validate(values)
                                                    for values in adults.get(row.id, ())])
        histories[row.child_id].append((projection, by_hash.get(row.instrument_hash)))
    return CaseloadHistories(plan_types, dict(histories), unreadable)


def read_child_history(uow: UnitOfWork, instruments: InstrumentLibrary, child_id: UUID,
                       held: Mapping[UUID, Assessment]) -> CaseloadHistories:
    """``read_histories`` for one child whose record a write has just changed: their assessments in one statement
    (``GradeHistoryQuery.child_history``), and an assessment the writer holds exactly as stored (``held``:
    the one a keypress graded) taken whole, as it is, rather than read back. Item grades and a plan are read only
    for an assessment not held that needs them."""
    found = uow.grade_history.child_history(child_id)
    if found is None:
        return CaseloadHistories({}, {}, set())
    plan_type, rows, stored = found
    by_hash = _Instruments(instruments)
    if any(by_hash.get(row.graded.instrument_hash) is None for row in rows):
        return CaseloadHistories({child_id: plan_type}, {}, {child_id}, {child_id: stored})
    graded = [row.graded for row in rows]
    items = uow.grade_history.item_grades(
        row.id for row in graded if row.id not in held and not by_hash.fully_chosen(row))
    latest_planned = _latest_with_plan(graded)
    plan_values = uow.grade_history.plan_values(
        [assessment_id for assessment_id in latest_planned if assessment_id not in held])
    after = set(_after(graded, set(latest_planned)))
    last_two = set(_last_two(graded))
    build = _Projector()
    history: History = []
    for row in rows:
        assessment_id = row.graded.id
        instrument = by_hash.get(row.graded.instrument_hash)
        if assessment_id in held:
            history.append((held[assessment_id], instrument))
            continue
        plan = plan_values.get(assessment_id)
        history.append((build(
            row.graded, items.get(assessment_id),
            None if plan is None else [_unchecked(PlanAction, values) for values in plan],
            row.closed if assessment_id in after else (),
            [AssessmentAdult.model_validate(values) for values in row.adults] if assessment_id in last_two else [],
        ), instrument))
    return CaseloadHistories({child_id: plan_type}, {child_id: history} if history else {}, set(),
                             {child_id: stored})


def _last_two(rows: list[GradedAssessment]) -> list[UUID]:
    """Per child, the last two assessments in history order: the ones whose adults attention reads."""
    last: dict[UUID, list[UUID]] = {}
    for row in rows:  # each child's rows are oldest first
        kept = last.setdefault(row.child_id, [])
        kept.append(row.id)
        if len(kept) > 2:
            del kept[0]
    return [assessment_id for pair in last.values() for assessment_id in pair]


def _after(rows: list[GradedAssessment], planned: set[UUID]) -> list[UUID]:
    """The assessments that come after each child's latest assessment with a plan (each child's rows are oldest
    first, so a row is "after" once its child's planned row has been passed)."""
    passed: set[UUID] = set()
    after = []
    for row in rows:
        if row.child_id in passed:
            after.append(row.id)
        elif row.id in planned:
            passed.add(row.child_id)
    return after


def _latest_with_plan(rows: list[GradedAssessment]) -> list[UUID]:
    """Per child, the last assessment (in history order) that has a plan."""
    latest: dict[UUID, UUID] = {}
    for row in rows:  # each child's rows are oldest first
        if row.has_plan:
            latest[row.child_id] = row.id
    return list(latest.values())


class _Instruments:
    """Instruments by content hash, each looked up once, with their domain ids."""

    def __init__(self, library: InstrumentLibrary):
        self._library = library
        self._found: dict[str, Instrument | None] = {}
        self._domains: dict[str, frozenset[str]] = {}

    def get(self, content_hash: str) -> Instrument | None:
        if content_hash not in self._found:
            instrument = self._library.by_hash(content_hash)
            self._found[content_hash] = instrument
            if instrument is not None:
                self._domains[content_hash] = frozenset(domain.id for domain in instrument.domains)
        return self._found[content_hash]

    def fully_chosen(self, row: GradedAssessment) -> bool:
        """Whether every domain of the assessment's instrument has a chosen grade, so no suggestion is needed."""
        return self._domains[row.instrument_hash] <= row.chosen.keys()


_new = object.__new__
_set = object.__setattr__
_NO_ONE_SEEN = HowSeen()


def _unchecked(model: type[Model], values: dict[str, Any]) -> Model:
    """A model from stored values, every field given: what ``model_construct`` does, less its per-field default
    handling (0.7 µs rather than 6.6)."""
    made = _new(model)
    _set(made, "__dict__", values)
    _set(made, "__pydantic_fields_set__", _FIELDS_SETS[model])
    _set(made, "__pydantic_extra__", None)
    _set(made, "__pydantic_private__", None)
    return made


_FIELDS_SETS = {model: frozenset(model.model_fields) for model in (Assessment, PlanAction)}


class _Projector:
    """Builds projections, sharing the small objects that repeat (a grade of a domain, a visit on a day)."""

    def __init__(self) -> None:
        self._domain_grades: dict[tuple[str, int], DomainGrade] = {}
        self._item_grades: dict[tuple[str, int], ItemGrade] = {}
        self._visits: dict[date, list[Visit]] = {}
        self._grade_sets: dict[int, dict[str, DomainGrade]] = {}
        self._kept: list[dict[str, int]] = []

    def __call__(self, row: GradedAssessment, items: dict[str, int] | None,
                 plan: list[PlanAction] | None, closed: Collection[UUID] = (),
                 adults: list[AssessmentAdult] | None = None) -> Assessment:
        values = {
            "id": row.id,
            "child_id": row.child_id,
            "instrument_id": "",
            "instrument_version": "",
            "instrument_hash": row.instrument_hash,
            "age_band": row.age_band,
            "status": AssessmentStatus.COUNTERSIGNED,  # not read by attention; never AMENDED by the query
            "visits": self._visit_on(row.on),
            "how_seen": _NO_ONE_SEEN,
            "context": [],
            "adults": adults or [],
            "item_grades": {} if items is None else {
                item_id: self._item_grade(item_id, grade) for item_id, grade in items.items()},
            "evidence": [],
            "domain_grades": self._domain_grades_of(row.chosen),
            "child_voice": "",
            "carers_views": "",
            "strengths": "",
            "analysis": "",
            "plan": plan or [],
            "action_reviews": [ActionReview(action_id=action_id, outcome=ActionOutcome.NOT_MET)
                               for action_id in closed],
            "created_by": None,
            "created_at": None,
            "updated_at": None,
            "submitted_at": None,
            "amends_id": None,
            "amendment_reason": "",
        }
        return _unchecked(Assessment, values)

    def _domain_grades_of(self, chosen: dict[str, int]) -> dict[str, DomainGrade]:
        # Assessments with the same grades share one ``chosen`` dict (see ``GradeHistoryQuery``), so one mapping.
        found = self._grade_sets.get(id(chosen))
        if found is None:
            found = {domain_id: self._domain_grade(domain_id, grade) for domain_id, grade in chosen.items()}
            self._grade_sets[id(chosen)] = found
            self._kept.append(chosen)  # an id stays unique only while its object lives
        return found

    def _visit_on(self, on: date) -> list[Visit]:
        visits = self._visits.get(on)
        if visits is None:
            visits = self._visits[on] = [Visit(date=on)]
        return visits

    def _domain_grade(self, domain_id: str, grade: int) -> DomainGrade:
        key = (domain_id, grade)
        found = self._domain_grades.get(key)
        if found is None:
            found = self._domain_grades[key] = DomainGrade(domain_id=domain_id, chosen=grade)
        return found

    def _item_grade(self, item_id: str, grade: int) -> ItemGrade:
        key = (item_id, grade)
        found = self._item_grades.get(key)
        if found is None:
            found = self._item_grades[key] = ItemGrade(item_id=item_id, grade=grade)
        return found
