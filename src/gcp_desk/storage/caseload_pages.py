"""The caseload a page at a time, as plain SQL: sorted, searched and filtered by the database, each page starting
after the last row of the one before (keyset paging) rather than at an offset, so page 200 costs what page 1 does.

Every order ends in the child's name (``sort_name``, lower case) and id, so the order is total and a page's last
row says exactly where the next begins. Nulls (no assessment yet, no identifier, no one needing attention) always
come last, whichever way a column is sorted. Sorted by name, the page is read straight from the index on
``(sort_name, id)``; other orders are a top-N sort of the children in scope.

The filters' counts are sums of the team's rows of ``caseload_tally``, kept by the database's triggers (migration
0023).

No SQLAlchemy here: the statements are text with named parameters; ``repositories.caseload`` runs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.caseload_window import CaseloadRequest, CaseloadShow, CaseloadSort
from ..domain.enums import AssessmentStatus
from .caseload_sql import CASELOAD_COLUMNS

PAGE_SIZE = 200
"""Rows per page: several screens of the table, one quick read."""
ORDER_INDEX = "ix_children_caseload_order"
"""``(sort_name, id, team_id, search_text)``: pages in name order, searched and kept to a team on the index alone."""
ATTENTION_INDEX = "ix_children_attention_order"
"""``(attention_rank, sort_name, id)``: the needs-attention list in order."""
FAMILY_INDEX = "ix_children_family_order"
"""``(family_rank, household_sort, attention_weight, sort_name, id, team_id, search_text)``: grouped pages, the
families in the order of their flags, each family's few children sorted."""

_STATUS_RANK = " ".join(f"WHEN '{status.value}' THEN {rank}" for rank, status in enumerate(AssessmentStatus))
_CONCERN_COUNT = ("CASE WHEN concern_domains = '' THEN 0 "
                  "ELSE length(concern_domains) - length(replace(concern_domains, ',', '')) + 1 END")
_BORN = ("CASE WHEN date_of_birth IS NOT NULL THEN 2 WHEN expected_date_of_delivery IS NOT NULL THEN 1 ELSE 0 END")


@dataclass(frozen=True)
class Term:
    expression: str
    descending: bool = False
    text: bool = False
    """Compared as text: by code point on PostgreSQL too (``COLLATE "C"``), as on SQLite."""


HOUSEHOLD_TERMS = [Term("family_rank", text=True), Term("household_sort", text=True),
                   Term("attention_weight", text=True)]
"""Grouped by household: the families in the order of their flags (``scoring.family_order``: the worst flag, then
how many children are flagged...; families with none after them), those of the same standing by name, each
family's children together, the child with the most and worst flags first; stored keys kept by the database
(migrations 0018 and 0019). A child with no household is a family of one."""


def order_terms(sort: CaseloadSort, descending: bool, show: CaseloadShow = CaseloadShow.ALL,
                by_household: bool = False) -> list[Term]:
    """The ORDER BY of a request, every term of it; a term's value is never NULL for one row and not another of the
    same group before it, so each can be compared in the keyset condition. ``by_household``: the household terms
    first, then the order asked for within each family."""
    if by_household:
        return [*HOUSEHOLD_TERMS, *order_terms(sort, descending, show)]
    if sort is CaseloadSort.NAME:
        return [Term("sort_name", descending, text=True), Term("id", descending)]
    if sort is CaseloadSort.ATTENTION and show is CaseloadShow.NEEDS_ATTENTION:  # none without: read from its index
        return [Term("attention_rank", descending, text=True), Term("sort_name", text=True), Term("id")]
    if sort is CaseloadSort.AGE:  # age in days, youngest first: unborn before born, the later date the younger
        value = [Term(_BORN, descending), Term("coalesce(date_of_birth, expected_date_of_delivery)", not descending)]
    elif sort is CaseloadSort.CONCERNS:
        value = [Term(_CONCERN_COUNT, descending)]
    else:
        expression, is_text = {
            CaseloadSort.IDENTIFIERS: ("nullif(identifier_text, '')", True),
            CaseloadSort.LATEST: ("latest_date", False),
            CaseloadSort.STATUS: (f"CASE latest_status {_STATUS_RANK} END", False),
            CaseloadSort.ATTENTION: ("attention_rank", True),
        }[sort]
        value = [Term(f"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END"),
                 Term(expression, descending, text=is_text)]
    return [*value, Term("sort_name", text=True), Term("id")]


SHOW_CONDITIONS = {
    CaseloadShow.ALL: "",
    CaseloadShow.MY_DRAFTS: f"latest_status = '{AssessmentStatus.DRAFT.value}' AND latest_owner_id = :user",
    CaseloadShow.AWAITING_REVIEW: f"latest_status = '{AssessmentStatus.SUBMITTED.value}'",
    CaseloadShow.RETURNED: f"latest_status = '{AssessmentStatus.RETURNED.value}'",
    CaseloadShow.CONCERNS: "concern_domains <> ''",
    CaseloadShow.NEEDS_ATTENTION: "attention_rank IS NOT NULL",
}


def like_pattern(word: str) -> str:
    """A LIKE pattern for one word typed in the search box, its ``%`` and ``_`` taken literally."""
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"



def conditions(request: CaseloadRequest, scope: str, values: dict[str, Any], *, searching: bool = True,
               showing: bool = True) -> list[str]:
    """The WHERE of a request (with ``scope``, a condition on the children table's own columns); puts the words'
    patterns and the user into ``values``."""
    found = [scope] if scope else []
    if searching:
        for number, word in enumerate(request.words):
            values[f"word{number}"] = like_pattern(word)
            found.append(f"search_text LIKE :word{number} ESCAPE '\\'")
    if showing and SHOW_CONDITIONS[request.show]:
        if request.show is CaseloadShow.MY_DRAFTS and request.user_id is None:
            found.append("1 = 0")
        else:
            found.append(SHOW_CONDITIONS[request.show])
            if request.show is CaseloadShow.MY_DRAFTS:
                values["user"] = request.user_id
    return found


def page_sql(request: CaseloadRequest, scope: str, values: dict[str, Any], after: Sequence[Any] | None,
             collate: str, sqlite: bool = False) -> str:
    """One page of ``request``, after the row whose order values are ``after`` (``None``: the first page). Selects
    ``CASELOAD_COLUMNS``, then attention and its rank, then the order's values (``after`` of the next page)."""
    terms = order_terms(request.sort, request.descending, request.show, request.by_household)
    where = conditions(request, scope, values)
    if after is not None:
        where.append(_after(terms, after, values, collate))
    keys = ", ".join(f"{term.expression} AS k{number}" for number, term in enumerate(terms))
    order = ", ".join(f"{term.expression}{collate if term.text else ''}{' DESC' if term.descending else ''}"
                      for term in terms)
    index = None
    if request.by_household:  # read in family order; only each family's children are sorted
        index = FAMILY_INDEX
    elif request.sort is CaseloadSort.NAME:
        index = ORDER_INDEX
    elif request.sort is CaseloadSort.ATTENTION and request.show is CaseloadShow.NEEDS_ATTENTION:
        index = ATTENTION_INDEX
    return (f"SELECT {', '.join(CASELOAD_COLUMNS)}, attention, attention_rank, {keys} FROM {_children(index, sqlite)}"
            + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order} LIMIT :limit")


def _children(index: str | None, sqlite: bool) -> str:
    """The children table, read through ``index`` on SQLite. Its planner, given a team's id to match, reads the
    index on ``team_id`` and sorts every child of the team (50 ms at 10,000): the caseload's own index holds the
    order, the team and the search text, so a page stops at its last row."""
    return f"children INDEXED BY {index}" if index and sqlite else "children"


def _after(terms: list[Term], after: Sequence[Any], values: dict[str, Any], collate: str) -> str:
    """Rows after the one whose order values are ``after``: on the first term where they differ, they come later.
    A NULL value of the last row says every row still to come has NULL there too (the term before it holds the
    nulls together), so the term is left out."""
    kept = [(number, term) for number, term in enumerate(terms) if after[number] is not None]
    for number, _term in kept:
        values[f"after{number}"] = after[number]
    if len({term.descending for _, term in kept}) == 1 and not collate:
        # One direction (the name order): a row value, which the index is searched by rather than scanned
        columns = ", ".join(term.expression for _, term in kept)
        bound = ", ".join(f":after{number}" for number, _ in kept)
        return f"({columns}) {'<' if kept[0][1].descending else '>'} ({bound})"
    alternatives = []
    # The leading terms of one direction bound the rows as a row value too, which the index is searched by: the
    # alternatives below alone would have SQLite test every row before the page's start.
    lead = [(number, term) for position, (number, term) in enumerate(kept)
            if number == position and all(t.descending == kept[0][1].descending for _, t in kept[:position + 1])]
    bound = ""
    if lead and len(kept) > 1:
        columns = ", ".join(f"{term.expression}{collate if term.text else ''}" for _, term in lead)
        bound = (f"({columns}) {'<=' if kept[0][1].descending else '>='} "
                 f"({', '.join(f':after{number}' for number, _ in lead)}) AND ")
    for position, (number, term) in enumerate(kept):
        same = [f"{terms[n].expression}{collate if terms[n].text else ''} = :after{n}" for n, _ in kept[:position]]
        later = f"{term.expression}{collate if term.text else ''} {'<' if term.descending else '>'} :after{number}"
        alternatives.append("(" + " AND ".join([*same, later]) + ")")
    return "(" + bound + "(" + " OR ".join(alternatives) + "))"


def shown_sql(request: CaseloadRequest, scope: str, values: dict[str, Any], sqlite: bool = False) -> str:
    """How many children the request shows (its search and filter): what a keystroke in the search box counts."""
    where = conditions(request, scope, values)
    return f"SELECT count(*) FROM {_children(ORDER_INDEX, sqlite)}" + (" WHERE " + " AND ".join(where) if where else "")


TALLY = "caseload_tally"
"""How many children of each team have each latest status, draft owner, concerns and attention (migration 0023),
kept by the database: the filters' counts are a sum of its few rows for the team, not a count of every child."""


def counts_sql(request: CaseloadRequest, tally_scope: str, shared: str, values: dict[str, Any]) -> str:
    """How many children each filter shows (no search), in the order of ``COUNTED``: one row. ``tally_scope``: a
    condition on the tally's rows (the team's); ``shared``: a condition on the children table for the children
    shared with the team, counted from their own rows (empty: none)."""
    if request.user_id is not None:
        values["user"] = request.user_id
    drafts = f"status = '{AssessmentStatus.DRAFT.value}' AND " + (
        "owner_id = :user" if request.user_id is not None else "1 = 0")
    tallied = ["1 = 1", drafts, f"status = '{AssessmentStatus.SUBMITTED.value}'",
               f"status = '{AssessmentStatus.RETURNED.value}'", "concerns", "attention"]
    sums = ", ".join(f"sum(CASE WHEN {condition} THEN n ELSE 0 END) AS c{number}"
                     for number, condition in enumerate(tallied))
    sql = f"SELECT {sums} FROM {TALLY}" + (f" WHERE {tally_scope}" if tally_scope else "")
    if not shared:
        return sql
    own = ("latest_owner_id = :user" if request.user_id is not None else "1 = 0")
    counted = ["1 = 1", f"latest_status = '{AssessmentStatus.DRAFT.value}' AND {own}",
               *(SHOW_CONDITIONS[show] for show in (CaseloadShow.AWAITING_REVIEW, CaseloadShow.RETURNED,
                                                    CaseloadShow.CONCERNS, CaseloadShow.NEEDS_ATTENTION))]
    children = ", ".join(f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END) AS c{number}"
                         for number, condition in enumerate(counted))
    totals = ", ".join(f"sum(c{number})" for number in range(len(counted)))
    return f"SELECT {totals} FROM ({sql} UNION ALL SELECT {children} FROM children WHERE {shared}) AS counted"


COUNTED = tuple(CaseloadShow)
"""The order of ``counts_sql``'s sums."""
