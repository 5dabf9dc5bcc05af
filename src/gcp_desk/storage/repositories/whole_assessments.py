"""Whole assessments read back: each assessment's row, then its parts, one statement per table however many
assessments are read, built into validated ``Assessment`` models.

A child's history (eight assessments, some 225 item grades, a hundred and more notes) is read every time their
record opens, and by every report, review and change-over-time reading. The parts are most of the rows, so they are
selected without SQLAlchemy's per-value result processing and decoded by hand (``raw_values``): only the columns
the model holds, each assessment id matched on the value the driver hands over rather than decoded for every row.
Every model is still validated as a record typed in would be (``Assessment.model_validate``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, bindparam, select, type_coerce
from sqlalchemy.engine import Row as ResultRow
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from ...domain.assessment import Assessment
from .. import orm
from ..raw_values import date_value, utc_datetime_value, uuid_value
from ..rows import ASSESSMENT_JSON_PARTS, ASSESSMENT_SCALARS, EVIDENCE_FIELDS, PLAN_FIELDS

_assessments = orm.assessments
_grades = orm.item_grades
_evidence = orm.evidence_notes
_domain_grades = orm.domain_grades
_plan = orm.plan_actions


def _raw(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """The column with no result processing: the value as the driver hands it over (see ``raw_values``)."""
    return type_coerce(column, NullType()).label(column.name)


HEAD_FIELDS = ASSESSMENT_SCALARS + ASSESSMENT_JSON_PARTS
HEAD_COLUMNS = (_raw(_assessments.c.id).label("raw_id"), *(_assessments.c[name] for name in HEAD_FIELDS))
"""What a head row holds: the id as the driver hands it over (the key the parts are matched on), then the model's
own fields. Not the caseload's copies (``assessment_date``, ``concern_domains``)."""


def _of_wanted(table: Any) -> ColumnElement[bool]:
    """The part's rows of the assessments given as ``wanted``."""
    return table.c.assessment_id.in_(bindparam("wanted", expanding=True))


_GRADES = select(_raw(_grades.c.assessment_id), _grades.c.item_id, _grades.c.grade,
                 _grades.c.not_assessed_reason).where(_of_wanted(_grades))
_EVIDENCE = (select(_raw(_evidence.c.assessment_id), *(_raw(_evidence.c[name]) for name in EVIDENCE_FIELDS))
             .where(_of_wanted(_evidence)).order_by(_evidence.c.position))
_DOMAIN_GRADES = select(_raw(_domain_grades.c.assessment_id), _domain_grades.c.domain_id, _domain_grades.c.chosen,
                        _domain_grades.c.suggested, _domain_grades.c.override_reason).where(_of_wanted(_domain_grades))
_PLAN = (select(_raw(_plan.c.assessment_id), *(_raw(_plan.c[name]) for name in PLAN_FIELDS))
         .where(_of_wanted(_plan)).order_by(_plan.c.position))
"""Built once, so SQLAlchemy compiles each once and every read only binds the ids."""

_EVIDENCE_DECODERS = {"id": uuid_value, "author_id": uuid_value, "created_at": utc_datetime_value,
                      "updated_at": utc_datetime_value}
_PLAN_DECODERS = {"id": uuid_value, "carried_from_id": uuid_value, "family_id": uuid_value, "by_when": date_value}


def load_whole(session: Session, heads: Sequence[ResultRow[Any]]) -> list[Assessment]:
    """Each head (a row of ``HEAD_COLUMNS``) with all its parts, in the heads' order, in four more statements."""
    if not heads:
        return []
    data: dict[Any, dict[str, Any]] = {}
    for head in heads:
        values = {name: head[i] for i, name in enumerate(HEAD_FIELDS, start=1)}
        values["shared_facts"] = values["shared_facts"] or []
        values["item_grades"], values["evidence"], values["domain_grades"], values["plan"] = {}, [], {}, []
        data[head.raw_id] = values
    wanted = {"wanted": [head.id for head in heads]}
    for key, item_id, grade, reason in session.execute(_GRADES, wanted).all():
        data[key]["item_grades"][item_id] = {"item_id": item_id, "grade": grade, "not_assessed_reason": reason}
    for key, domain_id, chosen, suggested, reason in session.execute(_DOMAIN_GRADES, wanted).all():
        data[key]["domain_grades"][domain_id] = {"domain_id": domain_id, "chosen": chosen, "suggested": suggested,
                                                 "override_reason": reason}
    _add_listed(session, _EVIDENCE, wanted, data, "evidence", EVIDENCE_FIELDS, _EVIDENCE_DECODERS)
    _add_listed(session, _PLAN, wanted, data, "plan", PLAN_FIELDS, _PLAN_DECODERS)
    return [Assessment.model_validate(values) for values in data.values()]


def _add_listed(session: Session, statement: Select[Any], wanted: dict[str, list[UUID]],
                data: dict[Any, dict[str, Any]], part: str, fields: tuple[str, ...], decoders: dict) -> None:
    """Append each row of a listed part (evidence, plan; already in position order) to its assessment's list."""
    decode = [(i, decoders[name]) for i, name in enumerate(fields) if name in decoders]
    for key, *values in session.execute(statement, wanted).all():
        for i, decoder in decode:
            values[i] = decoder(values[i])
        data[key][part].append(dict(zip(fields, values, strict=True)))
