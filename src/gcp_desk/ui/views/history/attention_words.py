"""Why a child needs attention, as the caseload shows it: a short list of kinds in a cell, every reason as a full
sentence in the tooltip and the "needs attention" panel, and the rank the caseload sorts by.

``scoring.attention`` is imported when there are reasons to word, not with this module: the caseload is put on
screen before pydantic (which it needs) has been imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ....scoring.attention import AttentionReason


def attention_summary(reasons: list[AttentionReason]) -> str:
    """E.g. "Worse than baseline, Reassessment overdue": each kind once, most pressing first."""
    if not reasons:
        return ""
    from ....scoring.attention import KIND_LABELS

    kinds = list(dict.fromkeys(reason.kind for reason in reasons))
    return ", ".join(KIND_LABELS[kind] for kind in kinds)


def attention_details(reasons: list[AttentionReason]) -> str:
    if not reasons:
        return ""
    from ....scoring.attention import KIND_LABELS

    return "\n".join(f"{KIND_LABELS[reason.kind]}: {reason.message}" for reason in reasons)


def attention_rank(reasons: list[AttentionReason]) -> tuple | None:
    """The most pressing first; ``None`` (sorted last either way) for a child who needs no attention."""
    if not reasons:
        return None
    from ....scoring.attention import caseload_sort_key

    return caseload_sort_key(reasons)
