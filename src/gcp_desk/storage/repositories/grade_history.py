"""The light read behind "needs attention": each child's dated assessments as domain grades and dates, not whole
records, because the view reads every child of the caseload at once.

Whole histories cost some 8 ms a child with eight assessments (every item grade, every note); ten thousand
children would take over a minute. Drift, due dates and targets read much less: per assessment its date,
instrument, age band and chosen domain grades; item grades only where a domain has no chosen grade yet (its
suggestion is then the grade); and the plan of one assessment per child. Each of those is one query over its table
(a few, for long lists of ids), whatever the number of children.

Values are selected without SQLAlchemy's result processing and decoded with ``raw_values``: at 80,000 assessments
and half a million domain grades the per-value processing was most of the time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import ColumnElement, Select, String, and_, bindparam, cast, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from ...domain.assessment import PlanAction
from ...domain.enums import AssessmentStatus, PlanType
from .. import orm
from ..raw_values import date_value, uuid_value
from ..rows import PLAN_FIELDS
from .attention import STORED_FIELDS

_assessments = orm.assessments
_domain_grades = orm.domain_grades
_item_grades = orm.item_grades
_plan = orm.plan_actions
_children = orm.children

IDS_PER_QUERY = 500
"""Keeps each ``IN (...)`` list well under every database's limit on parameters."""


class GradedAssessment(NamedTuple):
    """One dated assessment as attention reads it. Never an assessment an amendment has replaced. (A named tuple:
    eighty thousand are built at a time, and a dataclass took three times as long.)"""

    id: UUID
    child_id: UUID
    on: date
    """The last visit's date."""
    instrument_hash: str
    age_band: str | None
    chosen: dict[str, int]
    """The practitioner's domain grades by domain id; a domain without one is missing. Shared between
    assessments with the same grades: read, never change."""
    has_plan: bool


class ChildAssessment(NamedTuple):
    """One dated assessment of a child whose attention is worked out alone (after a write), with the parts that
    attention reads of a few of them, read in the same statement rather than one statement each."""

    graded: GradedAssessment
    adults: list[dict[str, Any]]
    """As stored; attention reads the last two assessments' adults."""
    closed: list[UUID]
    """The previous plan's actions it closed (``GradeHistoryQuery.closed_actions``)."""


class ChildHistory(NamedTuple):
    plan_type: PlanType
    assessments: list[ChildAssessment]
    stored: dict[str, Any]
    """The child's stored attention as it is now (``attention.STORED_FIELDS``), so that a write stores only what
    changes."""


class GradeHistoryQuery:
    def __init__(self, session: Session):
        self._session = session

    def plan_types(self, child_ids: Collection[UUID] | None = None) -> dict[UUID, PlanType]:
        """Every child (or those given) with their plan type."""
        return {
            uuid_value(child_id): _PLAN_TYPES[plan_type]
            for child_id, plan_type in self._rows(_PLAN_TYPE_ROWS, _children.c.id, child_ids)
        }

    def dated_assessments(self, child_ids: Collection[UUID] | None = None) -> list[GradedAssessment]:
        """Every dated assessment of every child (or of those given), grouped by child, each child's oldest first
        (last visit, then creation, then id: the order of ``AssessmentRepository.history``)."""
        chosen = self._chosen_grades(child_ids)
        planned = self._planned(child_ids)
        empty: dict[str, int] = {}
        children: dict[Any, UUID | None] = {}  # a child's id repeats down their assessments: decoded once
        found = []
        for assessment_id, child_id, on, instrument_hash, age_band in self._rows(
                _HEADS, _assessments.c.child_id, child_ids):
            child = children.get(child_id)
            if child is None:
                child = children[child_id] = uuid_value(child_id)
            found.append(GradedAssessment(uuid_value(assessment_id), child, date_value(on), instrument_hash,
                                          age_band, chosen.get(assessment_id, empty), assessment_id in planned))
        return found

    def child_history(self, child_id: UUID) -> ChildHistory | None:
        """One child's plan type, dated assessments (``dated_assessments``' order and rows, with their adults and
        closed actions) and stored attention, in one statement; ``None``: no such child."""
        rows = self._session.execute(_ONE_CHILD, {"child": child_id}).all()
        if not rows:
            return None
        found = []
        for row in rows:
            assessment_id, on, instrument_hash, age_band, chosen, has_plan, adults, reviews = row[:8]
            if assessment_id is None:
                continue  # the child, with no dated assessment
            graded = GradedAssessment(assessment_id, child_id, on, instrument_hash, age_band,
                                      _parsed_grades(chosen), bool(has_plan))
            found.append(ChildAssessment(graded, adults or [], _closed(reviews)))
        first = rows[0]
        stored = dict(zip(STORED_FIELDS, first[9:], strict=True))
        return ChildHistory(_PLAN_TYPES[first[8]], found, stored)

    def item_grades(self, assessment_ids: Iterable[UUID]) -> dict[UUID, dict[str, int]]:
        """The graded items (not those marked not assessed) of each assessment given."""
        found: defaultdict[Any, dict[str, int]] = defaultdict(dict)
        for chunk in _chunks(assessment_ids):
            for assessment_id, item_id, grade in self._session.execute(_ITEM_GRADES, {"ids": chunk}).all():
                found[assessment_id][item_id] = grade
        return {uuid_value(assessment_id): grades for assessment_id, grades in found.items()}

    def closed_actions(self, assessment_ids: Iterable[UUID]) -> dict[UUID, list[UUID]]:
        """Per assessment given, the ids of the previous plan's actions it reviewed and closed (not carried
        forward); assessments that closed none are missing."""
        found: dict[UUID, list[UUID]] = {}
        for chunk in _chunks(assessment_ids):
            statement = select(_assessments.c.id, _assessments.c.action_reviews).where(_assessments.c.id.in_(chunk))
            for assessment_id, reviews in self._session.execute(statement).all():
                closed = _closed(reviews)
                if closed:
                    found[assessment_id] = closed
        return found

    def plans(self, assessment_ids: Iterable[UUID]) -> dict[UUID, list[PlanAction]]:
        """The whole plan of each assessment given, in the plan's order."""
        return {
            assessment_id: [PlanAction.model_validate(values) for values in actions]
            for assessment_id, actions in self.plan_values(assessment_ids).items()
        }

    def plan_values(self, assessment_ids: Iterable[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        """The field values of each action of each assessment's plan, in the plan's order, decoded but not yet
        validated into ``PlanAction``: for a caller building thousands (see ``services.attention_histories``)."""
        found: defaultdict[UUID, list[dict[str, Any]]] = defaultdict(list)
        decode = [_DECODERS.get(name) for name in PLAN_FIELDS]
        for chunk in _chunks(assessment_ids):
            for assessment_id, *values in self._session.execute(_PLAN_VALUES, {"ids": chunk}).all():
                found[uuid_value(assessment_id)].append({
                    name: value if decoder is None else decoder(value)
                    for name, value, decoder in zip(PLAN_FIELDS, values, decode, strict=True)
                })
        return dict(found)

    def adults_values(self, assessment_ids: Iterable[UUID]) -> dict[UUID, list[dict[str, Any]]]:
        """The adults each assessment recorded (as stored: plain JSON values, not yet validated), for the few
        assessments attention reads them from (each child's last two)."""
        assessments = orm.assessments
        found: dict[UUID, list[dict[str, Any]]] = {}
        for chunk in _chunks(assessment_ids):
            statement = select(assessments.c.id, assessments.c.adults).where(assessments.c.id.in_(chunk))
            for assessment_id, adults in self._session.execute(statement).all():
                if adults:
                    found[assessment_id] = adults
        return found

    def _chosen_grades(self, child_ids: Collection[UUID] | None) -> dict[Any, dict[str, int]]:
        """Chosen domain grades keyed by the assessment id as the driver returns it (matched to the heads' raw ids
        before decoding, so each id is decoded once). The database joins each assessment's grades into one text,
        "physical:4,medical:2", so a fifth as many rows cross over."""
        statement = _CHOSEN if child_ids is None else _CHOSEN_OF_CHILDREN
        grades: dict[Any, dict[str, int]] = {}
        parsed: dict[str, dict[str, int]] = {}  # profiles repeat: each text is parsed once, its dict shared
        for assessment_id, text in self._rows(statement, _assessments.c.child_id, child_ids):
            chosen = parsed.get(text)
            if chosen is None:
                chosen = parsed[text] = {
                    domain_id: int(grade) for domain_id, grade in (pair.split(":") for pair in text.split(","))}
            grades[assessment_id] = chosen
        return grades

    def _planned(self, child_ids: Collection[UUID] | None) -> set[Any]:
        """The raw ids of the assessments that have a plan. (A correlated EXISTS per assessment took ten times
        as long.)"""
        statement = _PLANNED if child_ids is None else _PLANNED_OF_CHILDREN
        return {assessment_id for (assessment_id,) in self._rows(statement, _assessments.c.child_id, child_ids)}

    def _rows(self, statement: Select[Any], key: ColumnElement[Any],
              wanted: Collection[UUID] | None) -> Iterator[Any]:
        """All rows of ``statement``, or, given ``wanted``, those whose ``key`` is one of them, a chunk at a time."""
        if wanted is None:
            yield from self._session.execute(statement).all()  # fetched whole: row by row was slower
            return
        narrowed = _NARROWED.get(id(statement))
        if narrowed is None:  # built once per statement, so SQLAlchemy compiles it once (a grade reads a child)
            narrowed = _NARROWED[id(statement)] = statement.where(key.in_(bindparam("wanted", expanding=True)))
        for chunk in _chunks(wanted):
            yield from self._session.execute(narrowed, {"wanted": chunk}).all()


def _closed(reviews: list[dict[str, Any]] | None) -> list[UUID]:
    """The actions an assessment's reviews closed (not carried forward)."""
    return [UUID(str(review["action_id"])) for review in reviews or [] if not review.get("carried_forward")]


def _parsed_grades(text: str | None) -> dict[str, int]:
    """ "physical:4,medical:2" as ``{"physical": 4, "medical": 2}``."""
    if not text:
        return {}
    return {domain_id: int(grade) for domain_id, grade in (pair.split(":") for pair in text.split(","))}


def _raw(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """The column with no result processing (see ``raw_values``)."""
    return type_coerce(column, NullType()).label(column.name)


def _chunks(ids: Iterable[UUID]) -> Iterator[list[UUID]]:
    remaining = iter(dict.fromkeys(ids))
    while chunk := list(islice(remaining, IDS_PER_QUERY)):
        yield chunk


_PLAN_TYPES = {plan.value: plan for plan in PlanType}

_PLAN_TYPE_ROWS = select(_raw(_children.c.id), _raw(_children.c.plan_type))
_HEADS = (
    select(
        _raw(_assessments.c.id),
        _raw(_assessments.c.child_id),
        _raw(_assessments.c.assessment_date),
        _assessments.c.instrument_hash,
        _assessments.c.age_band,
    )
    .where(_assessments.c.status != AssessmentStatus.AMENDED, _assessments.c.assessment_date.is_not(None))
    .order_by(_assessments.c.child_id, _assessments.c.assessment_date, _assessments.c.created_at, _assessments.c.id)
)
_JOINED = func.aggregate_strings(_domain_grades.c.domain_id + ":" + cast(_domain_grades.c.chosen, String), ",")
_CHOSEN = select(_raw(_domain_grades.c.assessment_id), _JOINED).group_by(_domain_grades.c.assessment_id)
_CHOSEN_OF_CHILDREN = _CHOSEN.join(_assessments, _assessments.c.id == _domain_grades.c.assessment_id)
_PLANNED = select(_raw(_plan.c.assessment_id)).distinct()
_PLANNED_OF_CHILDREN = _PLANNED.join(_assessments, _assessments.c.id == _plan.c.assessment_id)
_ONE_CHILD = (
    select(
        _assessments.c.id,
        _assessments.c.assessment_date,
        _assessments.c.instrument_hash,
        _assessments.c.age_band,
        select(_JOINED).where(_domain_grades.c.assessment_id == _assessments.c.id).scalar_subquery(),
        select(_plan.c.assessment_id).where(_plan.c.assessment_id == _assessments.c.id).exists(),
        _assessments.c.adults,
        _assessments.c.action_reviews,
        _raw(_children.c.plan_type),
        *(_children.c[name] for name in STORED_FIELDS),
    )
    .select_from(_children.outerjoin(_assessments, and_(
        _assessments.c.child_id == _children.c.id,
        _assessments.c.status != AssessmentStatus.AMENDED,
        _assessments.c.assessment_date.is_not(None),
    )))
    .where(_children.c.id == bindparam("child"))
    .order_by(_assessments.c.assessment_date, _assessments.c.created_at, _assessments.c.id)
)
"""``GradeHistoryQuery.child_history``: a child's row and their dated assessments (none: one row of NULLs),
each with its chosen domain grades joined into one text and whether it has a plan, through the indexes on
``child_id`` and on each part's ``assessment_id``."""
_ITEM_GRADES = select(_raw(_item_grades.c.assessment_id), _item_grades.c.item_id, _item_grades.c.grade).where(
    _item_grades.c.assessment_id.in_(bindparam("ids", expanding=True)), _item_grades.c.grade.is_not(None))
_PLAN_VALUES = (
    select(_raw(_plan.c.assessment_id), *(_raw(_plan.c[name]) for name in PLAN_FIELDS))
    .where(_plan.c.assessment_id.in_(bindparam("ids", expanding=True)))
    .order_by(_plan.c.assessment_id, _plan.c.position)
)
"""Built once, like every statement here: a grade that moves a child's attention reads a plan through it."""
_NARROWED: dict[int, Select[Any]] = {}
"""Each statement above narrowed to some children (``GradeHistoryQuery._rows``), by the statement's id."""
_DECODERS = {"id": uuid_value, "carried_from_id": uuid_value, "family_id": uuid_value, "by_when": date_value}
