"""The "needs attention" list by family: the children of one household under one heading, so a supervisor reads a
sibling group as the family it is rather than as near-identical rows scattered down the list.

- **Families first by their worst flag**, then by how many of their children are flagged, then by how many flags
  that severe they have, then by the caseload's order (``scoring.family_order``, the rule the grouped caseload and
  the team view follow too). A child in no household, or alone in theirs, is a family of one and is shown as before,
  with no heading.
- **Within a family, the child with the most and worst flags first**: highest severity, then most flags that severe,
  then most flags, then the caseload's order.
- **A reason said for several siblings is said once**, at the family's heading, naming the children; each child's
  own lines hold only what is theirs. The words of each reason are never changed.

Plain Python (no Qt) so that the order is tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from ....domain.caseload import CaseloadRow

if TYPE_CHECKING:
    from ....scoring.attention import AttentionReason


@dataclass(frozen=True)
class FlaggedChild:
    row: CaseloadRow
    reasons: list[AttentionReason]
    """Every reason, as worked out for the child."""
    own: list[AttentionReason]
    """The reasons not said for the family as a whole."""


@dataclass(frozen=True)
class SharedReason:
    reason: AttentionReason
    children: list[str]
    """Given names of the children it is said for, in the family's order."""


@dataclass(frozen=True)
class FlaggedFamily:
    household_id: UUID | None
    children: list[FlaggedChild]
    shared: list[SharedReason]
    label: str = ""
    """The household's heading as the caseload shows it ("Quill household, TB7"); empty when not known."""

    @property
    def is_family(self) -> bool:
        return len(self.children) > 1

    @property
    def name(self) -> str:
        """The household's heading, as the caseload grouped by household shows it; without one, e.g. "Quill
        family", or "Quill and Reyes family" where the children's family names differ."""
        if self.label:
            return self.label
        names = list(dict.fromkeys(child.row.family_name for child in self.children))
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        return f"{joined} family"

    @property
    def worst(self) -> AttentionReason:
        return min((r for child in self.children for r in child.reasons), key=lambda reason: reason.sort_key)


def group_by_family(flagged: list[tuple[CaseloadRow, list[AttentionReason]]],
                    labels: dict[UUID, str] | None = None) -> list[FlaggedFamily]:
    """``flagged`` in the caseload's order (most pressing child first); families in the order above. ``labels``:
    the households' headings as the caseload shows them (told apart where names are shared)."""
    order = {row.child_id: position for position, (row, _) in enumerate(flagged)}
    groups: dict[object, list[tuple[CaseloadRow, list[AttentionReason]]]] = {}
    for row, reasons in flagged:
        if not reasons:
            continue
        key = row.household_id if row.household_id is not None else ("alone", row.child_id)
        groups.setdefault(key, []).append((row, reasons))
    families = [_family(members, order, labels or {}) for members in groups.values()]
    families.sort(key=lambda family: _family_key(family, order))
    return families


def _child_key(row: CaseloadRow, reasons: list[AttentionReason], order: dict[UUID, int]) -> tuple:
    from ....scoring.family_order import child_key

    return (*child_key(reasons), order[row.child_id])


def _family_key(family: FlaggedFamily, order: dict[UUID, int]) -> tuple:
    from ....scoring.family_order import family_key

    return (*family_key(child.reasons for child in family.children),
            min(order[child.row.child_id] for child in family.children))


def _family(members: list[tuple[CaseloadRow, list[AttentionReason]]], order: dict[UUID, int],
            labels: dict[UUID, str]) -> FlaggedFamily:
    members = sorted(members, key=lambda member: _child_key(*member, order))
    household_id = members[0][0].household_id
    label = labels.get(household_id, "") if household_id is not None else ""
    if len(members) == 1:
        row, reasons = members[0]
        return FlaggedFamily(household_id, [FlaggedChild(row, reasons, reasons)], [], label)
    said_for: dict[tuple, list[str]] = {}
    first: dict[tuple, AttentionReason] = {}
    for row, reasons in members:
        for reason in reasons:
            key = (reason.kind, reason.message)
            said_for.setdefault(key, []).append(row.given_name)
            first.setdefault(key, reason)
    shared_keys = {key for key, names in said_for.items() if len(names) > 1}
    shared = [SharedReason(first[key], said_for[key]) for key in shared_keys]
    shared.sort(key=lambda item: item.reason.sort_key)
    children = [FlaggedChild(row, reasons, [r for r in reasons if (r.kind, r.message) not in shared_keys])
                for row, reasons in members]
    return FlaggedFamily(household_id, children, shared, label)
