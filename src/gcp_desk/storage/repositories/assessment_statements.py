"""The statements a keypress's grade runs on an assessment, built once: a statement built afresh for every grade
cost more than running it (SQLAlchemy compiles each shape once, but works out its cache key at every build)."""

from __future__ import annotations

from sqlalchemy import bindparam, or_, select, update

from .. import orm

_assessments = orm.assessments
_grades = orm.item_grades
_evidence = orm.evidence_notes
_domain_grades = orm.domain_grades
_plan = orm.plan_actions

ONE_HEAD = select(
    _assessments,
    select(orm.children.c.team_id).where(orm.children.c.id == _assessments.c.child_id)
    .scalar_subquery().label("child_team_id"),
).where(_assessments.c.id == bindparam("id"))
"""One assessment's row, with its child's team for the scope's check."""
ONE_PARTS = (
    select(_grades).where(_grades.c.assessment_id == bindparam("id")),
    select(_evidence).where(_evidence.c.assessment_id == bindparam("id")).order_by(_evidence.c.position),
    select(_domain_grades).where(_domain_grades.c.assessment_id == bindparam("id")),
    select(_plan).where(_plan.c.assessment_id == bindparam("id")).order_by(_plan.c.position),
)
"""One assessment's parts, in ``assessment_from``'s order."""
SET_SUMMARY = (
    update(_assessments)
    .where(
        _assessments.c.id == bindparam("assessment"),
        or_(
            _assessments.c.assessment_date.is_distinct_from(bindparam("on", type_=_assessments.c.assessment_date.type)),
            _assessments.c.concern_domains != bindparam("concerns", type_=_assessments.c.concern_domains.type),
        ),
    )
    .values(assessment_date=bindparam("on"), concern_domains=bindparam("concerns"))
    .returning(_assessments.c.child_id)
)
GRADE_COLUMNS = ("assessment_id", "item_id", "grade", "not_assessed_reason", "updated_at")
