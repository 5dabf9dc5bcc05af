"""The caseload grouped by household: a heading row before each family's children, as the pages arrive in
household order (``CaseloadRequest.by_household``)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ...domain.caseload import CaseloadRow

NO_HOUSEHOLD = "No household recorded"


@dataclass(frozen=True, slots=True)
class HouseholdHeading:
    household_id: UUID | None
    name: str

    @property
    def words(self) -> str:
        return f"Household: {self.name}" if self.household_id is not None else self.name


def with_headings(rows: list[CaseloadRow], names: dict[UUID, str],
                  before: CaseloadRow | None) -> list[CaseloadRow | HouseholdHeading]:
    """``rows`` with a heading wherever the household changes (``before``: the last child already shown)."""
    found: list[CaseloadRow | HouseholdHeading] = []
    current = before.household_id if before is not None else object()
    for row in rows:
        if row.household_id != current:
            current = row.household_id
            name = NO_HOUSEHOLD if current is None else names.get(current, "Household")
            found.append(HouseholdHeading(current, name))
        found.append(row)
    return found


def children_only(rows: list) -> list[CaseloadRow]:
    return [row for row in rows if not isinstance(row, HouseholdHeading)]
