"""What is read behind the caseload once it is on screen, so that the first thing a practitioner asks for next is
as quick as the later ones: each statement's SQL is built once per process, at its first use, and some first reads
have work of their own to do. Each runs as a background read, gives way to anything asked for, and writes nothing;
a failure is met again, in words, when the page, the record or the search is asked for."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..models.caseload_model import CaseloadModel
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from ..session import Session

SEARCH_PROBE = "zq"
"""A word read as a search would read it, its matches dropped (any word serves: only the statements are wanted)."""


def prepare_reads(runner: TaskRunner, session: Session, model: CaseloadModel) -> None:
    """Behind the caseload: the household headings (the first Needs attention or grouped page then reads only its
    own rows); the first child's record as opening it would be read; and a one-word search's first page and count
    as the caseload would read them (the first keystroke of the first search took twice as long as later ones)."""
    children = session.children

    def ignore(_error: Exception) -> None:
        return None

    runner.run(children.prepare_household_labels, None, ignore, background=True)
    rows = model.rows()
    if rows:
        first = rows[0].child_id
        runner.run(lambda: children.prepare_record_reads(first), None, ignore, background=True)
    search = replace(model.request, words=(SEARCH_PROBE,))
    limit = model.page_size
    runner.run(lambda: (children.caseload_page(search, None, limit), children.caseload_counts(search, False)),
               None, ignore, background=True)
