"""Reads that leave a trace: a listing or an export made from the command line is written to the audit trail with
who, what, how many records and when, as every change is."""

from __future__ import annotations

from uuid import UUID

from .base import Service


class AccessLog(Service):
    def record_listing(self, what: str, count: int, *, child_id: UUID | None = None) -> None:
        with self._context.transaction() as uow:
            uow.audit.record(self._context.actor_id, f"read.list-{what}", "child" if child_id else "caseload",
                             str(child_id) if child_id else "-", None, {"records": count})
