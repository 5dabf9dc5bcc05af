"""The caseload's summary of each child's latest assessment, stored on the child's row and recomputed on every write
that can change it (an assessment added, its visits, status or concerns changed, a bulk load).

"Latest" means: an assessment with no visit yet is the newest work, so it comes before any dated one; then the
latest last visit; then the latest created; then the greater id, so that the choice never depends on row order.
An assessment replaced by its amendment (status "amended") is history: never latest and not counted.

Recomputing reads the child's own assessments (a handful of rows, through the index on child_id) and picks the
latest here in Python, so the rule is written once, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, select, update

from ..domain.enums import AssessmentStatus
from . import orm
from .assessment_parts import Executor
from .raw_values import utc_date_value

_assessments = orm.assessments
_children = orm.children

EMPTY_SUMMARY: dict[str, Any] = {
    "latest_assessment_id": None,
    "latest_status": None,
    "latest_date": None,
    "latest_owner_id": None,
    "concern_domains": "",
    "assessment_count": 0,
}
"""The summary of a child with no assessment; a new child row starts with it."""

CHILDREN_PER_QUERY = 500
"""Keeps the ``IN (...)`` list of a bulk refresh well under every database's limit on parameters."""

_CANDIDATES = (
    select(
        _assessments.c.child_id,
        _assessments.c.id,
        _assessments.c.status,
        _assessments.c.assessment_date,
        _assessments.c.created_at,
        _assessments.c.created_by,
        _assessments.c.concern_domains,
    )
    .where(_assessments.c.child_id.in_(bindparam("child_ids", expanding=True)))
    .where(_assessments.c.status != AssessmentStatus.AMENDED)
)
_STORE = (
    update(_children)
    .where(_children.c.id == bindparam("child"))
    .values({name: bindparam(name) for name in EMPTY_SUMMARY})
)


def refresh_child_summaries(executor: Executor, child_ids: Iterable[UUID]) -> None:
    """Recompute and store the summary of each child in ``child_ids``: one read of their assessments and one
    executemany write per few hundred children."""
    remaining = iter(dict.fromkeys(child_ids))  # unique, in order
    while chunk := list(islice(remaining, CHILDREN_PER_QUERY)):
        candidates: defaultdict[UUID, list[Any]] = defaultdict(list)
        for row in executor.execute(_CANDIDATES, {"child_ids": chunk}):
            candidates[row.child_id].append(row)
        summaries = [{"child": child_id, **summary_of(candidates.get(child_id, ()))} for child_id in chunk]
        executor.execute(_STORE, summaries)


def summary_of(assessments: Sequence[Any]) -> dict[str, Any]:
    """The summary of one child, from rows of their assessments that an amendment has not replaced (each with
    ``id``, ``status``, ``assessment_date``, ``created_at``, ``created_by`` and ``concern_domains``)."""
    if not assessments:
        return dict(EMPTY_SUMMARY)
    latest = max(assessments, key=latest_order)
    return {
        "latest_assessment_id": latest.id,
        "latest_status": latest.status,
        "latest_date": latest.assessment_date or utc_date_value(latest.created_at),
        "latest_owner_id": latest.created_by,
        "concern_domains": latest.concern_domains,
        "assessment_count": len(assessments),
    }


def latest_order(assessment: Any) -> tuple[bool, date, datetime, UUID]:
    """Sorts the latest assessment last: undated (no visit yet) after dated, then by last visit, creation, id."""
    undated = assessment.assessment_date is None
    return (undated, date.min if undated else assessment.assessment_date, assessment.created_at, assessment.id)
