"""What part of the caseload to read: its order, the search, which children, and where the last page ended.

The caseload of a whole authority is too large to hold: the table reads it a page at a time, in the order shown,
each page starting after the last row of the one before (keyset paging), with search and filters done by the
database. These plain types carry the question and the answer between the window and the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

from .caseload import CaseloadRow


class CaseloadSort(Enum):
    """The caseload's columns, as it can be sorted by them; ties always read in name order."""

    NAME = "name"
    IDENTIFIERS = "identifiers"
    AGE = "age"
    LATEST = "latest"
    STATUS = "status"
    CONCERNS = "concerns"
    ATTENTION = "attention"


class CaseloadShow(Enum):
    """Which children the caseload shows."""

    ALL = "all"
    MY_DRAFTS = "my drafts"
    AWAITING_REVIEW = "awaiting review"
    RETURNED = "returned"
    CONCERNS = "concerns"
    NEEDS_ATTENTION = "needs attention"


@dataclass(frozen=True)
class CaseloadRequest:
    sort: CaseloadSort = CaseloadSort.NAME
    descending: bool = False
    words: tuple[str, ...] = ()
    """Every word must be in the child's names or identifiers (lower case)."""
    show: CaseloadShow = CaseloadShow.ALL
    user_id: UUID | None = None
    """Whose drafts "my drafts" are."""
    by_household: bool = False
    """Brothers and sisters together: the families in the order of their flags (the worst flag, then how many
    children are flagged; ``scoring.family_order``), those of the same standing by name; within each, the child with
    the most and worst flags first, then ``sort``. A child with no household is a family of one."""


@dataclass
class FamilyAttention:
    """What one family of a grouped page needs attention for, over the children the reader may see."""

    children: int = 0
    flagged: list[str] = field(default_factory=list)
    """The stored reasons of each flagged child (``services.stored_attention``)."""


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    attention: list[tuple[UUID, str, str]]
    """The children of ``rows`` who need attention: ``(child id, stored reasons, rank)``."""
    after: Any = None
    """Where the next page starts (opaque to the window); ``None``: this was the last page."""
    households: dict[UUID, str] = field(default_factory=dict)
    """Grouped by household or needing attention: the heading of each household of ``rows`` (its name, told apart
    from others of the same name)."""
    families: dict[UUID, FamilyAttention] = field(default_factory=dict)
    """Grouped by household: what each household of ``rows`` needs attention for, for its heading."""


@dataclass(frozen=True)
class CaseloadCounts:
    """How many children each filter shows over the whole caseload in scope, and how many the request shows."""

    by_show: dict[CaseloadShow, int] = field(default_factory=dict)
    shown: int = 0
