"""The analysis extract: one row per assessment and domain of everything the person may see (or one child, or one
household), pseudonymised, for a performance team's spreadsheet; or identified, by an administrator. Audited like
an export: who, what, how many rows, and whether it was identified.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from ..bundle.extract_csv import COLUMNS, IDENTIFIED_COLUMNS, pseudonym, write_extract
from ..domain.enums import Role
from ..domain.errors import NotFound, PermissionDenied
from ..scoring.change_over_time import change_over_time
from ..scoring.flags import is_concern
from ..scoring.instruments import InstrumentLibrary
from ..storage.repositories.records import chunks, grouped
from ..storage.scope import NO_CASES
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .organisation import pseudonym_secret

CHILDREN_PER_BATCH = 200
IDENTIFIED_ADMINISTRATORS = ("An identified extract (names and dates of birth) is made only by an administrator who "
                             "also works on cases; others make the pseudonymised one.")


@dataclass(frozen=True)
class ExtractSummary:
    path: Path
    children: int
    rows: int


class ExtractService(Service):
    def extract(self, target: Path, *, coverage: str = "all", record_id: UUID | None = None,
                identified: bool = False) -> ExtractSummary:
        """``identified``: the children's ids, names and dates of birth instead of pseudonyms; only for an
        administrator who also works on cases (it joins who the children are to how they are cared for, so it is
        released by the role answerable for releases, and still holds only what that person may see)."""
        actor = self._context.actor
        assert actor is not None
        with self._context.transaction() as uow:
            secret = pseudonym_secret(uow)
        with self._context.db.read() as uow:
            stored = uow.users.get(actor.id)
            if not stored.works_on_cases:
                raise PermissionDenied(NO_CASES)
            if identified and not stored.has_role(Role.ADMINISTRATOR):
                raise PermissionDenied(IDENTIFIED_ADMINISTRATORS)
            uow.scope.limit_to(uow.session, team_id=stored.team_id, works_on_cases=True)
            child_ids = uow.records.visible_children(
                household_id=record_id if coverage == "household" else None,
                child_id=record_id if coverage == "child" else None)
            if coverage == "child" and not child_ids:
                uow.scope.require_child(uow.session, record_id)
            if coverage != "all" and not child_ids:
                raise NotFound(f"There is no {coverage} with the id {record_id} in your records.")
            rows = write_extract(target, self._rows(uow, child_ids, secret, identified),
                                 IDENTIFIED_COLUMNS if identified else COLUMNS)
        with self._context.transaction() as uow:
            uow.audit.record(actor.id, "records.export-csv", "caseload", str(record_id) if record_id else "-", None,
                             {"coverage": coverage, "children": len(child_ids), "rows": rows,
                              "identified": identified})
        return ExtractSummary(Path(target), len(child_ids), rows)

    def _rows(self, uow: UnitOfWork, child_ids: list[UUID], secret: bytes, identified: bool) -> Iterator[list[Any]]:
        instruments: InstrumentLibrary = self._context.instruments
        weeks = self._context.settings.drift_min_weeks
        today = self._context.today()
        for batch in chunks(child_ids, CHILDREN_PER_BATCH):
            children = {child.id: child for child in uow.records.children(batch)}
            by_child = grouped(uow.records.assessments(batch), "child_id")
            for child_id in batch:
                history = [(a, instruments.get(a.instrument_id, a.instrument_version))
                           for a in by_child.get(child_id, [])]
                for assessment, instrument in history:
                    change = change_over_time(history, assessment.id, min_weeks=weeks, today=today)
                    child = children[child_id]
                    who = ([child_id, child.given_name, child.family_name, child.date_of_birth, assessment.id,
                            assessment.amends_id] if identified else
                           [pseudonym(secret, child_id), pseudonym(secret, assessment.id),
                            pseudonym(secret, assessment.amends_id)])
                    head = [*who, instrument.id, instrument.version,
                            assessment.age_band, assessment.first_visit_date, assessment.last_visit_date,
                            assessment.submitted_at.date() if assessment.submitted_at else None,
                            assessment.status.value, children[child_id].plan_type.value]
                    for domain in instrument.domains:
                        grade = assessment.domain_grades.get(domain.id)
                        trend = change.trend(domain.id)
                        yield [*head, domain.id, domain.title, grade.suggested if grade else None,
                               grade.chosen if grade else None, grade.is_override if grade else None,
                               is_concern(grade.chosen) if grade else None,
                               trend.change.value.replace("-", " ") if trend and change.previous else None,
                               bool(trend and trend.stuck), bool(trend and trend.worse_than_baseline)]
