"""A caseload already in hand (a list of rows and who needs attention), answering the same questions as the
database does: a page in the order asked for, searched and filtered, and the filters' counts.

The window reads the caseload from the database a page at a time (``ChildService.caseload_page``); this is the
same contract for rows given directly, and it orders them as the database is meant to: the tests hold the two to
the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any
from uuid import UUID

from ...domain.caseload import CaseloadRow
from ...domain.caseload_window import CaseloadCounts, CaseloadPage, CaseloadRequest, CaseloadShow, CaseloadSort
from ...domain.enums import AssessmentStatus
from .age_text import age_sort_key

_STATUS_ORDER = {status: rank for rank, status in enumerate(AssessmentStatus)}


def search_words(text: str) -> tuple[str, ...]:
    """The words of a search in lower case, as names are searched; a comma between names ("Begum, Amara")
    separates words."""
    return tuple(text.lower().replace(",", " ").split())


def search_key(row: CaseloadRow) -> str:
    return f"{row.given_name} {row.family_name} {row.identifiers}".lower()


def shows(row: CaseloadRow, request: CaseloadRequest, needs_attention: bool) -> bool:
    which = request.show
    if which is CaseloadShow.ALL:
        return True
    if which is CaseloadShow.MY_DRAFTS:
        return (row.latest_status is AssessmentStatus.DRAFT and request.user_id is not None
                and row.latest_owner_id == request.user_id)
    if which is CaseloadShow.AWAITING_REVIEW:
        return row.latest_status is AssessmentStatus.SUBMITTED
    if which is CaseloadShow.RETURNED:
        return row.latest_status is AssessmentStatus.RETURNED
    if which is CaseloadShow.NEEDS_ATTENTION:
        return needs_attention
    return bool(row.concern_domains)


class RowsInHand:
    """``rows`` and ``attention`` (stored reasons and rank by child, as ``AttentionIndex`` holds them, or a plain
    mapping of reasons, ranked by ``rank``)."""

    def __init__(self, rows: list[CaseloadRow], attention: Mapping[UUID, Any] | None = None,
                 rank: Callable[[UUID], Any] | None = None, today: Callable[[], date] = date.today):
        self._rows = list(rows)
        self._attention = attention or {}
        self._rank = rank or (lambda child_id: None)
        self._today = today

    def page(self, request: CaseloadRequest, after: Any = None, limit: int = 200) -> CaseloadPage:
        found = self._ordered(request)
        start = after or 0
        rows = found[start:start + limit]
        flagged = [(row.child_id, self._attention[row.child_id], self._rank(row.child_id)) for row in rows
                   if row.child_id in self._attention]
        return CaseloadPage(rows, flagged, start + limit if start + limit < len(found) else None)

    def counts(self, request: CaseloadRequest, filters: bool = True) -> CaseloadCounts:
        by_show = {which: sum(1 for row in self._rows if shows(row, CaseloadRequest(show=which,
                                                                                      user_id=request.user_id),
                                                                  row.child_id in self._attention))
                   for which in CaseloadShow}
        return CaseloadCounts(by_show, len(self._ordered(request)))

    def _ordered(self, request: CaseloadRequest) -> list[CaseloadRow]:
        rows = [row for row in self._rows
                if all(word in search_key(row) for word in request.words)
                and shows(row, request, row.child_id in self._attention)]
        found = ordered(rows, request.sort, request.descending, self._rank, self._today())
        if request.by_household:  # a stable sort keeps the order asked for within each family
            found.sort(key=lambda row: (row.household_id is None, str(row.household_id or "")))
        return found


def ordered(rows: list[CaseloadRow], sort: CaseloadSort, descending: bool, rank: Callable[[UUID], Any],
            today: date) -> list[CaseloadRow]:
    """Rows in the order asked for; ties in name order; rows with nothing to sort on always last."""
    keys: dict[CaseloadSort, Callable[[CaseloadRow], Any]] = {
        CaseloadSort.IDENTIFIERS: lambda r: r.identifiers or None,
        CaseloadSort.AGE: lambda r: age_sort_key(r.date_of_birth, r.expected_date_of_delivery, today),
        CaseloadSort.LATEST: lambda r: r.latest_date,
        CaseloadSort.STATUS: lambda r: _STATUS_ORDER.get(r.latest_status) if r.latest_status else None,
        CaseloadSort.CONCERNS: lambda r: len(r.concern_domains),
        CaseloadSort.ATTENTION: lambda r: rank(r.child_id),
    }
    ranked = sorted(rows, key=lambda r: (r.family_name.lower(), r.given_name.lower(), r.child_id.hex))
    if sort is CaseloadSort.NAME:
        return ranked[::-1] if descending else ranked
    key = keys[sort]
    valued = [(key(row), row) for row in ranked]
    present = sorted((pair for pair in valued if pair[0] is not None), key=lambda pair: pair[0], reverse=descending)
    return [row for _, row in present] + [row for value, row in valued if value is None]
