"""The order of families by what needs attention, one rule for every screen that groups children by household: the
"needs attention" list, the caseload grouped by household (which the database keeps in this order: migration 0019,
``attention_weight`` and ``family_rank``) and the supervisor's team view.

- **Families** by their worst flag (high before medium), then by how many of their children are flagged, then by how
  many of them have a flag that severe, then by how many flags that severe the family has; then by the most
  pressing child's own reason (``attention.caseload_sort_key``), then by name.
- **Within a family**, the child with the most and worst flags first: their worst flag's severity, then how many of
  their flags are that severe, then how many flags they have; then the child's most pressing reason.

Only flagged children count. A child in no household is a family of one.
"""

from __future__ import annotations

from collections.abc import Iterable

from .attention import AttentionReason


def child_key(reasons: list[AttentionReason]) -> tuple:
    """A flagged child's place among brothers and sisters (smaller first), before their most pressing reason."""
    worst = max(reason.severity for reason in reasons)
    return (-worst, -sum(1 for reason in reasons if reason.severity == worst), -len(reasons))


def family_key(children: Iterable[list[AttentionReason]]) -> tuple:
    """A family's place (smaller first) from its flagged children's reasons, before its most pressing child."""
    flagged = [reasons for reasons in children if reasons]
    if not flagged:
        return (1,)
    worst = max(reason.severity for reasons in flagged for reason in reasons)
    at_worst = [reasons for reasons in flagged if any(reason.severity == worst for reason in reasons)]
    return (0, -worst, -len(flagged), -len(at_worst),
            -sum(1 for reasons in at_worst for reason in reasons if reason.severity == worst))
