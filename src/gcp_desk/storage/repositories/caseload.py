"""The caseload: every child with their latest assessment, as light rows, in one scan of the children table."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ...domain.caseload import CaseloadRow
from ...domain.enums import AssessmentStatus, PlanType
from ...domain.errors import NotFound
from .. import orm
from ..raw_values import date_value, raw, uuid_value
from ..rows import CONCERN_SEPARATOR
from .require import not_found_message

_children = orm.children


class CaseloadQuery:
    def __init__(self, session: Session):
        self._session = session

    def rows(self, search: str | None = None) -> list[CaseloadRow]:
        """Every child, by family then given name; ``search`` keeps children whose names or identifiers contain it
        (any case)."""
        statement = _CASELOAD
        if search and search.strip():
            pattern = "%" + _escape_like(search.strip().lower()) + "%"
            statement = statement.where(_children.c.search_text.like(pattern, escape="\\"))
        with _collector_paused():
            return _build_rows(self._session.execute(statement).all())

    def row(self, child_id: UUID) -> CaseloadRow:
        """One child's row, to refresh the list after that child's record changed."""
        statement = _CASELOAD.where(_children.c.id == child_id)
        found = _build_rows(self._session.execute(statement).all())
        if not found:
            raise NotFound(not_found_message("child", child_id))
        return found[0]


_CASELOAD: Select[Any] = select(
    raw(_children.c.id),
    _children.c.given_name,
    _children.c.family_name,
    raw(_children.c.date_of_birth),
    raw(_children.c.expected_date_of_delivery),
    _children.c.identifier_text,
    raw(_children.c.household_id),
    raw(_children.c.plan_type),
    raw(_children.c.latest_assessment_id),
    raw(_children.c.latest_status),
    raw(_children.c.latest_date),
    raw(_children.c.latest_owner_id),
    _children.c.concern_domains,
    _children.c.assessment_count,
).order_by(_children.c.family_name, _children.c.given_name, _children.c.id)
"""One scan of the children table: each child row carries its latest assessment's summary (see ``child_summary``)."""


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading 10,000 rows allocates some 60,000 objects that Python's cycle collector tracks, which set off its
    full passes over every object in the process: measured, a third of the caseload's time and most of its
    variation. None of these objects can form a cycle, so the collector waits until the list is built."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build_rows(result: Iterable[Sequence[Any]]) -> list[CaseloadRow]:
    """CaseloadRows straight from the driver's values (see ``raw_values``).

    Owners and households repeat across rows, so each of their ids is decoded once. Rows are built positionally:
    binding fourteen keywords was a measurable part of the time.
    """
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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

