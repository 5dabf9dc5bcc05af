"""The caseload grouped by household: a heading row before each family's children, as the pages arrive in
household order (``CaseloadRequest.by_household``), with the family's worst flags in short words."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ...domain.caseload import CaseloadRow
from ...domain.caseload_window import FamilyAttention

NO_HOUSEHOLD = "No household recorded"


@dataclass(frozen=True, slots=True)
class HouseholdHeading:
    household_id: UUID | None
    name: str
    flags: str = ""
    """E.g. "2 of 3 children need attention: High – No improvement, Worse than baseline; also Reassessment
    overdue"; empty when none does."""

    @property
    def text(self) -> str:
        """What the heading row shows."""
        return f"{self.name}  ·  {self.flags}" if self.flags else self.name

    @property
    def words(self) -> str:
        name = f"Household: {self.name}" if self.household_id is not None else self.name
        return f"{name}. {self.flags}." if self.flags else name


def with_headings(rows: list[CaseloadRow], names: dict[UUID, str], before: CaseloadRow | None,
                  families: dict[UUID, FamilyAttention] | None = None) -> list[CaseloadRow | HouseholdHeading]:
    """``rows`` with a heading wherever the household changes (``before``: the last child already shown)."""
    found: list[CaseloadRow | HouseholdHeading] = []
    current = before.household_id if before is not None else object()
    for row in rows:
        if row.household_id != current:
            current = row.household_id
            if current is None:
                found.append(HouseholdHeading(None, NO_HOUSEHOLD))
            else:
                family = (families or {}).get(current)
                found.append(HouseholdHeading(current, names.get(current, "Household"),
                                              family_flags(family) if family else ""))
        found.append(row)
    return found


def family_flags(family: FamilyAttention) -> str:
    """The family's worst flags in short words: how many children need attention, the kinds of the worst severity,
    then the other kinds; empty when no child in view needs attention."""
    if not family.flagged:
        return ""
    from ...scoring.attention import KIND_LABELS, SEVERITY_LABELS
    from ...services.stored_attention import decode

    reasons = [reason for stored in family.flagged for reason in decode(stored).reasons]
    if not reasons:
        return ""
    worst = max(reason.severity for reason in reasons)
    ordered = sorted(reasons, key=lambda reason: reason.sort_key)
    first = list(dict.fromkeys(KIND_LABELS[r.kind] for r in ordered if r.severity == worst))
    others = [kind for kind in dict.fromkeys(KIND_LABELS[r.kind] for r in ordered) if kind not in first]
    count = f"{len(family.flagged)} of {family.children} children" if family.children > 1 else "1 child"
    verb = "needs" if len(family.flagged) == 1 else "need"
    text = f"{count} {verb} attention: {SEVERITY_LABELS[worst]} – {', '.join(first)}"
    return text + (f"; also {', '.join(others)}" if others else "")


def children_only(rows: list) -> list[CaseloadRow]:
    return [row for row in rows if not isinstance(row, HouseholdHeading)]
