"""Where the caseload's model reads its pages and counts: the signed-in person's ``ChildService``, or rows in hand
(``caseload_memory.RowsInHand``), and how a read is run (``Load``: on the worker, in the window)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ...domain.caseload_window import CaseloadCounts, CaseloadPage, CaseloadRequest

PAGE_SIZE = 200
"""Rows read at a time: several screens of the table, one quick read."""


class CaseloadSource(Protocol):
    def page(self, request: CaseloadRequest, after: Any = None, limit: int = PAGE_SIZE) -> CaseloadPage: ...
    def counts(self, request: CaseloadRequest, filters: bool = True) -> CaseloadCounts: ...


class ServiceSource:
    """The signed-in person's caseload, from the database: ``ChildService.caseload_page`` and ``caseload_counts``,
    which keep to their team and shares."""

    def __init__(self, children: Any):
        self._children = children

    def page(self, request: CaseloadRequest, after: Any = None, limit: int = PAGE_SIZE) -> CaseloadPage:
        return self._children.caseload_page(request, after, limit)

    def counts(self, request: CaseloadRequest, filters: bool = True) -> CaseloadCounts:
        return self._children.caseload_counts(request, filters)


Load = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], None]
"""Runs its first argument (on the worker, in the window) and hands the result to the second, or the error to the
third."""


def load_here(call: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Exception], None]) -> None:
    try:
        result = call()
    except Exception as error:  # noqa: BLE001 - handed to the caller, as the worker does
        failed(error)
        return
    done(result)
