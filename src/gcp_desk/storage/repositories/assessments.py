"""Assessments: whole records in and out, and the one-part writes a practitioner's keypresses turn into."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from ...domain.assessment import Assessment, DomainGrade, EvidenceNote, ItemGrade, PlanAction, Visit
from ...domain.clock import utc_now
from ...domain.enums import AssessmentStatus
from ...domain.errors import NotFound
from .. import orm
from ..assessment_parts import AssessmentParts
from ..attention_changes import changed, forget, hold, held, known_child, note_assessment, note_children, note_known
from ..child_summary import refresh_child_summaries
from ..rows import (
    ASSESSMENT_JSON_PARTS,
    assessment_from,
    concern_text,
    domain_grade_values,
    evidence_from,
    evidence_values,
    item_grade_values,
    json_form,
    plan_values,
)
from ..upsert import upsert, upsert_statement
from .assessment_statements import GRADE_COLUMNS, ONE_HEAD, ONE_PARTS, SET_SUMMARY
from ..scope import Scope
from .require import not_found_message, require_row
from .whole_assessments import HEAD_COLUMNS, load_whole

_assessments = orm.assessments
_grades = orm.item_grades
_evidence = orm.evidence_notes
_domain_grades = orm.domain_grades
_plan = orm.plan_actions

SUMMARY_FIELDS = frozenset({"status", "visits"})
ATTENTION_FIELDS = frozenset({"status", "visits", "age_band", "adults"})
"""Fields whose change can change why the child needs attention (with grades and plan, noted where they change)."""
"""Fields whose change can change which assessment is the child's latest, or what the caseload shows of it."""
UPDATABLE_FIELDS = frozenset(
    {
        "status",
        "age_band",
        "visits",
        "how_seen",
        "context",
        "adults",
        "action_reviews",
        "participation",
        "shared_facts",
        "child_voice",
        "carers_views",
        "strengths",
        "analysis",
        "submitted_at",
        "amendment_reason",
        "created_by",
    }
)

HISTORY_ORDER = (
    _assessments.c.assessment_date.asc().nulls_last(),
    _assessments.c.created_at.asc(),
    _assessments.c.id.asc(),
)
"""Oldest first; an assessment with no visit yet is the newest work, so it comes last."""
LATEST_FIRST = (
    _assessments.c.assessment_date.desc().nulls_first(),
    _assessments.c.created_at.desc(),
    _assessments.c.id.desc(),
)
NOT_REPLACED = _assessments.c.status != AssessmentStatus.AMENDED
"""An assessment replaced by its amendment is history, never anyone's latest."""


class AssessmentRepository:
    def __init__(self, session: Session, scope: Scope | None = None):
        self._session = session
        self._scope = scope or Scope()

    # Whole assessments ------------------------------------------------------------------------------------------

    def add(self, assessment: Assessment, *, concern_domains: Iterable[str] = ()) -> None:
        """Insert the assessment and all its parts. ``concern_domains`` (domains graded 4 or 5, in instrument order)
        feeds the caseload; ``set_summary`` changes it later."""
        parts = AssessmentParts()
        parts.add(assessment, concern_domains)
        parts.insert(self._session)
        refresh_child_summaries(self._session, [assessment.child_id])
        note_children(self._session, [assessment.child_id])

    def get(self, assessment_id: UUID) -> Assessment:
        """The whole assessment: its row with its child's team (for the scope's check), then each part's table by
        the assessment's id, every statement built once (a grade reads one assessment, then writes)."""
        session, key = self._session, {"id": assessment_id}
        head = session.execute(ONE_HEAD, key).mappings().first()
        if head is None:
            raise NotFound(not_found_message("assessment", assessment_id))
        self._scope.require(head["child_id"], head["child_team_id"])
        note_known(session, assessment_id, head["child_id"])
        return assessment_from(head, *(session.execute(part, key).mappings().all() for part in ONE_PARTS))

    def hold(self, assessment: Assessment) -> None:
        """``assessment`` is exactly as this unit has stored it, and the caller writes it no more: the children's
        stored attention, worked out as the unit ends, takes it as it is rather than reading it back."""
        hold(self._session, assessment)

    def held(self) -> Mapping[UUID, Assessment]:
        """The assessments held (``hold``) and not written since, by id."""
        return held(self._session)

    def history(self, child_id: UUID) -> list[Assessment]:
        """Every assessment of the child, amended ones included, oldest first by last visit then creation. The
        child is looked up in the same statement as their assessments: ``NotFound`` if there is no such child,
        ``PermissionDenied`` if they are outside the scope."""
        children = orm.children
        statement = (select(*HEAD_COLUMNS, children.c.team_id)
                     .select_from(children.outerjoin(_assessments, _assessments.c.child_id == children.c.id))
                     .where(children.c.id == child_id).order_by(*HISTORY_ORDER))
        rows = self._session.execute(statement).all()
        if not rows:
            raise NotFound(not_found_message("child", child_id))
        self._scope.require(child_id, rows[0].team_id)
        return self._known(load_whole(self._session, [row for row in rows if row.raw_id is not None]))

    def in_states(self, statuses: Iterable[AssessmentStatus], batch: int = 500) -> Iterator[list[Assessment]]:
        """Every assessment in these states, a batch at a time, whatever the scope: for an administrator's
        whole-database check."""
        wanted = [status.value for status in statuses]
        ids = list(self._session.execute(select(_assessments.c.id).where(_assessments.c.status.in_(wanted))
                                         .order_by(_assessments.c.id)).scalars())
        for start in range(0, len(ids), batch):
            yield self._load(_assessments.c.id.in_(ids[start:start + batch]))

    def of_children(self, child_ids: Sequence[UUID]) -> list[Assessment]:
        """Every assessment of these children (the scope's children only), oldest first: for bundles."""
        allowed = list(child_ids)
        clause = self._scope.children_clause()
        if clause is not None and allowed:
            children = orm.children
            allowed = list(self._session.execute(
                select(children.c.id).where(children.c.id.in_(allowed), clause)).scalars())
        return self._load(_assessments.c.child_id.in_(allowed)) if allowed else []

    def open_of_children(self, child_ids: Sequence[UUID]) -> list[Assessment]:
        """The open (draft or returned) assessments of these children, in one read; the caller has checked that
        the children are in scope (``ChildRepository.in_household`` reads only those)."""
        if not child_ids:
            return []
        editable = [status.value for status in AssessmentStatus if status.is_editable]
        return self._load(_assessments.c.child_id.in_(list(child_ids)) & _assessments.c.status.in_(editable))

    def visit_ids(self, assessment_id: UUID) -> tuple[UUID, frozenset[UUID]]:
        """The assessment's child and the ids of its visits, without loading the assessment."""
        row = self._session.execute(select(_assessments.c.child_id, _assessments.c.visits)
                                    .where(_assessments.c.id == assessment_id)).first()
        if row is None:
            raise NotFound(not_found_message("assessment", assessment_id))
        self._scope.require_child(self._session, row.child_id)
        return row.child_id, _visit_ids(row.visits)

    def open_visit_ids(self, child_ids: Sequence[UUID]) -> list[tuple[UUID, UUID, frozenset[UUID]]]:
        """Each open assessment of these children as (id, child, visit ids), in ``history``'s order; the caller has
        checked that the children are in scope."""
        if not child_ids:
            return []
        editable = [status.value for status in AssessmentStatus if status.is_editable]
        statement = (select(_assessments.c.id, _assessments.c.child_id, _assessments.c.visits)
                     .where(_assessments.c.child_id.in_(list(child_ids)), _assessments.c.status.in_(editable))
                     .order_by(*HISTORY_ORDER))
        return [(row.id, row.child_id, _visit_ids(row.visits)) for row in self._session.execute(statement)]

    def grades_of_item(self, assessment_ids: Sequence[UUID], item_id: str) -> dict[UUID, int | None]:
        """The grade of one item in each of these assessments (``None``: not assessed); absent: not graded."""
        if not assessment_ids:
            return {}
        statement = select(_grades.c.assessment_id, _grades.c.grade).where(
            _grades.c.assessment_id.in_(list(assessment_ids)), _grades.c.item_id == item_id)
        return {row.assessment_id: row.grade for row in self._session.execute(statement)}

    def ids_for_child(self, child_id: UUID) -> list[UUID]:
        """The ids ``history`` would return, in the same order, without loading the assessments."""
        statement = select(_assessments.c.id).where(_assessments.c.child_id == child_id).order_by(*HISTORY_ORDER)
        return list(self._session.execute(statement).scalars())

    def latest_for_child(self, child_id: UUID) -> Assessment | None:
        """The assessment the caseload shows for the child: latest last visit, then latest created; never one that
        an amendment has replaced."""
        statement = (
            select(_assessments.c.id)
            .where(_assessments.c.child_id == child_id, NOT_REPLACED)
            .order_by(*LATEST_FIRST)
            .limit(1)
        )
        latest = self._session.execute(statement).scalar()
        return None if latest is None else self.get(latest)

    def _load(self, where: ColumnElement[bool]) -> list[Assessment]:
        """Assessments and all their parts in five queries, however many assessments match: one per table."""
        heads = self._session.execute(select(*HEAD_COLUMNS).where(where).order_by(*HISTORY_ORDER)).all()
        return self._known(load_whole(self._session, heads))

    def _known(self, assessments: list[Assessment]) -> list[Assessment]:
        """The assessments read, each noted as existing in this unit and as its child's."""
        for assessment in assessments:
            note_known(self._session, assessment.id, assessment.child_id)
        return assessments

    # Scalar and JSON parts --------------------------------------------------------------------------------------

    def update_fields(self, assessment_id: UUID, **fields: Any) -> None:
        """Overwrite some of the assessment's own fields (see ``UPDATABLE_FIELDS``) with domain values, which are
        validated as the model would validate them. Always sets ``updated_at`` to now. New visits also move the
        caseload's assessment date."""
        unknown = set(fields) - UPDATABLE_FIELDS
        if unknown:
            raise TypeError(f"update_fields cannot change {sorted(unknown)}; it changes {sorted(UPDATABLE_FIELDS)}")
        values: dict[str, Any] = {}
        for name, value in fields.items():
            value = _field_adapter(name).validate_python(value)
            values[name] = json_form(value) if name in ASSESSMENT_JSON_PARTS else value
            if name == "visits":
                visits: list[Visit] = value
                values["assessment_date"] = max((visit.date for visit in visits), default=None)
        values["updated_at"] = utc_now()
        child_id = self._update(assessment_id, values)
        if SUMMARY_FIELDS.intersection(fields):
            refresh_child_summaries(self._session, [child_id])
        if ATTENTION_FIELDS.intersection(fields):
            note_children(self._session, [child_id])

    def set_summary(self, assessment_id: UUID, assessment_date: date | None, concern_domains: Sequence[str]) -> None:
        """The caseload's copy of the last visit date and the domains of concern; does not count as an edit.

        Services call this after every change, and most changes (a grade, a note) leave both as they were; then
        nothing is written, and the child's caseload summary is not recomputed."""
        values = {"assessment": assessment_id, "on": assessment_date, "concerns": concern_text(concern_domains)}
        child_id = self._session.execute(SET_SUMMARY, values).scalar()
        if child_id is None:
            self._require(assessment_id)  # unchanged, unless there is no such assessment
            return
        refresh_child_summaries(self._session, [child_id])

    def delete_draft(self, assessment_id: UUID) -> None:
        """Remove a never-submitted draft and its parts (grades, evidence, domain grades, plan go with it by
        cascade); the child's caseload summary is recomputed. Signed or reviewed records are never removed: their
        signatures and reviews refer to them and refuse to go."""
        child_id = self._session.execute(
            delete(_assessments).where(_assessments.c.id == assessment_id).returning(_assessments.c.child_id)
        ).scalar()
        if child_id is None:
            raise NotFound(not_found_message("assessment", assessment_id))
        forget(self._session, assessment_id)
        refresh_child_summaries(self._session, [child_id])

    def touch(self, assessment_id: UUID) -> None:
        self._update(assessment_id, {"updated_at": utc_now()})

    def _update(self, assessment_id: UUID, values: dict[str, Any]) -> UUID:
        """Returns the assessment's child, whose caseload summary the change may affect."""
        statement = (
            update(_assessments)
            .where(_assessments.c.id == assessment_id)
            .values(values)
            .returning(_assessments.c.child_id)
        )
        child_id = self._session.execute(statement).scalar()
        if child_id is None:
            raise NotFound(not_found_message("assessment", assessment_id))
        changed(self._session, assessment_id)
        note_known(self._session, assessment_id, child_id)
        return child_id

    def _require(self, assessment_id: UUID) -> None:
        """The assessment exists: known already if this unit has read it (it holds the write lock, so no one else
        removes it meanwhile), else read."""
        if known_child(self._session, assessment_id) is None:
            require_row(self._session, _assessments, assessment_id, "assessment")

    # Item grades ------------------------------------------------------------------------------------------------

    def set_item_grade(self, assessment_id: UUID, grade: ItemGrade, *, attention_may_change: bool = True) -> None:
        """Grade the item, or mark it not assessed, replacing whatever it had. ``attention_may_change=False``: the
        caller knows the domain's effective grade stays as it was, so the child's attention is not worked out
        again (a keypress that leaves it is one read and two writes)."""
        self._require(assessment_id)
        statement = upsert_statement(self._session, _grades, GRADE_COLUMNS, ("assessment_id", "item_id"))
        self._session.execute(statement, item_grade_values(assessment_id, grade, utc_now()))
        changed(self._session, assessment_id)  # attention reads the grades, if they move it (noted below)
        if attention_may_change:
            note_assessment(self._session, assessment_id)

    def clear_item_grade(self, assessment_id: UUID, item_id: str) -> bool:
        """Remove the item's grade; ``False`` if it had none."""
        self._require(assessment_id)
        statement = delete(_grades).where(_grades.c.assessment_id == assessment_id, _grades.c.item_id == item_id)
        note_assessment(self._session, assessment_id)
        return self._session.execute(statement).rowcount > 0

    # Evidence ---------------------------------------------------------------------------------------------------

    def add_evidence(self, assessment_id: UUID, note: EvidenceNote) -> None:
        """Append the note after the assessment's other notes."""
        self._require(assessment_id)
        last = self._session.execute(
            select(func.max(_evidence.c.position)).where(_evidence.c.assessment_id == assessment_id)
        ).scalar()
        position = 0 if last is None else last + 1
        self._session.execute(insert(_evidence), [evidence_values(assessment_id, note, position)])
        changed(self._session, assessment_id)

    def update_evidence(self, assessment_id: UUID, note: EvidenceNote) -> EvidenceNote:
        """Store the note's item, source, text and author; keep its place and ``created_at``; set ``updated_at`` to
        now. Returns the note as stored."""
        statement = (
            update(_evidence)
            .where(_this_note(assessment_id, note.id))
            .values(item_id=note.item_id, source=note.source, text=note.text, author_id=note.author_id,
                    updated_at=utc_now())
        )
        if self._session.execute(statement).rowcount == 0:
            raise NotFound(not_found_message("evidence note", note.id))
        changed(self._session, assessment_id)
        return self.get_evidence(assessment_id, note.id)

    def delete_evidence(self, assessment_id: UUID, note_id: UUID) -> bool:
        """Remove the note; ``False`` if the assessment had no such note."""
        changed(self._session, assessment_id)
        return self._session.execute(delete(_evidence).where(_this_note(assessment_id, note_id))).rowcount > 0

    def get_evidence(self, assessment_id: UUID, note_id: UUID) -> EvidenceNote:
        row = self._session.execute(select(_evidence).where(_this_note(assessment_id, note_id))).mappings().first()
        if row is None:
            raise NotFound(not_found_message("evidence note", note_id))
        return evidence_from(row)

    # Domain grades and plan -------------------------------------------------------------------------------------

    def set_domain_grade(self, assessment_id: UUID, grade: DomainGrade) -> None:
        self._require(assessment_id)
        upsert(self._session, _domain_grades, domain_grade_values(assessment_id, grade), ("assessment_id", "domain_id"))
        note_assessment(self._session, assessment_id)

    def clear_domain_grade(self, assessment_id: UUID, domain_id: str) -> bool:
        """Remove the domain's grade; ``False`` if it had none."""
        self._require(assessment_id)
        statement = delete(_domain_grades).where(
            _domain_grades.c.assessment_id == assessment_id, _domain_grades.c.domain_id == domain_id
        )
        note_assessment(self._session, assessment_id)
        return self._session.execute(statement).rowcount > 0

    def set_plan(self, assessment_id: UUID, actions: Sequence[PlanAction]) -> None:
        """Replace the whole plan with ``actions``, kept in the order given."""
        self._require(assessment_id)
        self._session.execute(delete(_plan).where(_plan.c.assessment_id == assessment_id))
        note_assessment(self._session, assessment_id)
        if actions:
            rows = [plan_values(assessment_id, action, i) for i, action in enumerate(actions)]
            self._session.execute(insert(_plan), rows)


def _this_note(assessment_id: UUID, note_id: UUID) -> ColumnElement[bool]:
    return and_(_evidence.c.id == note_id, _evidence.c.assessment_id == assessment_id)


@cache
def _field_adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(Assessment.model_fields[name].annotation)


def _visit_ids(visits: list[dict[str, Any]] | None) -> frozenset[UUID]:
    return frozenset(UUID(str(visit["id"])) for visit in visits or ())
