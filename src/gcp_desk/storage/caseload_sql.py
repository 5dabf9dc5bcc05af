"""The caseload query, written once as plain SQL, and the decoder that turns its rows into ``CaseloadRow``s.

``CaseloadQuery`` runs it through SQLAlchemy on SQLite and PostgreSQL alike; it is plain SQL with named parameters
(``:pattern``, ``:child_id``) so that every dialect reads it the same way.

It is one scan of the children table: each child row carries its latest assessment's summary (``child_summary``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from ..domain.caseload import CaseloadRow
from ..domain.enums import AssessmentStatus, PlanType
from ..heap import collector_paused
from .raw_values import date_value, uuid_value

CONCERN_SEPARATOR = ","
"""``children.concern_domains`` (and ``assessments.concern_domains``) hold domain ids joined by this."""

CASELOAD_COLUMNS = (
    "id", "given_name", "family_name", "date_of_birth", "expected_date_of_delivery", "identifier_text", "household_id",
    "plan_type", "latest_assessment_id", "latest_status", "latest_date", "latest_owner_id", "concern_domains",
    "assessment_count",
)
"""The columns of every caseload query, in the order ``caseload_rows`` decodes them."""
_SELECT = f"SELECT {', '.join(CASELOAD_COLUMNS)} FROM children"
_ORDER = " ORDER BY family_name, given_name, id"
"""The caseload's order, which the index on (family_name, given_name, id) already holds."""

CASELOAD_SQL = _SELECT + _ORDER
"""Every child."""
SEARCH_SQL = _SELECT + " WHERE search_text LIKE :pattern ESCAPE '\\'" + _ORDER
"""Children whose names or identifiers contain the text in ``:pattern`` (see ``search_pattern``)."""
ONE_CHILD_SQL = _SELECT + " WHERE id = :child_id"
"""One child's row; ``:child_id`` is bound as the database stores ids (hex text on SQLite, uuid on PostgreSQL)."""


def scoped_sql(condition: str, searching: bool) -> str:
    """The caseload (or its search) limited by ``condition``, a WHERE on the children table's own columns."""
    conditions = [condition] if condition else []
    if searching:
        conditions.append("search_text LIKE :pattern ESCAPE '\\'")
    return _SELECT + (" WHERE " + " AND ".join(conditions) if conditions else "") + _ORDER



def search_pattern(search: str) -> str:
    """A LIKE pattern for text typed in the search box: lower case, and its ``%`` and ``_`` taken literally
    (``search_text`` is stored in lower case)."""
    escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def caseload_rows(fetch: Callable[[], Iterable[Sequence[Any]]]) -> list[CaseloadRow]:
    """``CaseloadRow``s straight from the driver's values (``fetch()``, e.g. a result's ``fetchall``, is called
    here), in the order of ``CASELOAD_COLUMNS``.

    Owners and households repeat across rows, so each of their ids is decoded once. Rows are built positionally:
    binding fourteen keywords was a measurable part of the time.
    """
    with collector_paused():
        return _decode(fetch())


def _decode(result: Iterable[Sequence[Any]]) -> list[CaseloadRow]:
    owners: dict[Any, UUID | None] = {}
    households: dict[Any, UUID | None] = {}
    plan_types = _PLAN_TYPES
    statuses = _STATUSES
    rows: list[CaseloadRow] = []
    append = rows.append
    for (
        child_id,
        given_name,
        family_name,
        date_of_birth,
        expected_date_of_delivery,
        identifiers,
        household_id,
        plan_type,
        assessment_id,
        status,
        latest_date,
        owner_id,
        concern_domains,
        assessment_count,
    ) in result:
        if household_id not in households:
            households[household_id] = uuid_value(household_id)
        if owner_id not in owners:
            owners[owner_id] = uuid_value(owner_id)
        append(
            CaseloadRow(
                uuid_value(child_id),
                given_name,
                family_name,
                date_value(date_of_birth),
                date_value(expected_date_of_delivery),
                identifiers,
                households[household_id],
                plan_types[plan_type],
                uuid_value(assessment_id),
                statuses[status],
                date_value(latest_date),
                owners[owner_id],
                tuple(concern_domains.split(CONCERN_SEPARATOR)) if concern_domains else (),
                assessment_count,
            )
        )
    return rows


_PLAN_TYPES = {plan.value: plan for plan in PlanType}
_STATUSES: dict[str | None, AssessmentStatus | None] = {status.value: status for status in AssessmentStatus}
_STATUSES[None] = None


