"""A grade is one keypress: the statements it costs are counted, so that a change which reads the assessment again,
reads a part twice or works attention out table by table shows here rather than only in the benchmark."""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from conftest_services import TODAY

PLAIN_GRADE = 12
"""The actor and what is shared with their team; the assessment's row (with its child's team) and its four parts;
the grade; the audit event, the chain's head and its link; the caseload summary's check. (Before: 15, reading the
child's team, and twice whether the assessment exists, on their own.) On PostgreSQL, also the audit chain's lock."""
ATTENTION_GRADE = PLAIN_GRADE + 1
"""And the child's attention worked out again from one read of their record (the graded assessment as it is held,
not read back), written only where it changed. (Before: 23, a statement per table and the child looked up.)"""


def budget(statements: int, database_backend: str) -> int:
    return statements + (database_backend == "postgresql")


@contextmanager
def counted(db):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def reads_of(statements: list[str]) -> Counter:
    """How many times each table is read (the table after the statement's own FROM, not a subquery's), by table."""
    found: Counter = Counter()
    for statement in statements:
        if not statement.startswith("SELECT"):
            continue
        while (outer := re.sub(r"\([^()]*\)", "", statement)) != statement:
            statement = outer
        match = re.search(r"\bFROM (\w+)", statement)
        if match:
            found[match.group(1)] += 1
    return found


@pytest.fixture
def visited(services, child_with_parents):
    assessment = services.assessments.start(child_with_parents.id)
    return services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=3))


def test_a_grade_that_leaves_its_domain_as_it_was_costs_one_read_of_the_assessment(services, visited,
                                                                                     database_backend):
    svc = services.assessments
    item_id = svc.instrument_for(visited).applicable_item_ids(visited.age_band)[0]
    svc.grade_item(visited.id, item_id, 2)
    with counted(services.backend.db) as statements:
        returned = svc.grade_item(visited.id, item_id, 2)  # the domain's grade stays 2: attention cannot move
    assert returned.item_grades[item_id].grade == 2
    assert len(statements) <= budget(PLAIN_GRADE, database_backend), "\n".join(statements)
    reads = reads_of(statements)
    for table in ("assessments", "item_grades", "evidence_notes", "domain_grades", "plan_actions", "children"):
        assert reads[table] <= 1, (table, statements)
    assert reads["children"] == 0, "the child's team comes with the assessment's row"
    assert reads["audit_chain"] == 1, "the chain's head, once"


def test_a_grade_that_moves_its_domain_works_attention_out_from_one_read(services, visited, database_backend):
    svc = services.assessments
    items = svc.instrument_for(visited).applicable_item_ids(visited.age_band)
    with counted(services.backend.db) as statements:
        returned = svc.grade_item(visited.id, items[0], 2)  # the domain had no grade: now it has one
    assert returned.item_grades[items[0]].grade == 2
    assert len(statements) <= budget(ATTENTION_GRADE, database_backend), "\n".join(statements)
    reads = reads_of(statements)
    assert reads["assessments"] == 1, "the graded assessment is read once; attention takes it as it is"
    assert reads["children"] == 1, "the child's record and stored attention, read together"
    assert reads["item_grades"] == 1 and reads["domain_grades"] == 1, statements


def test_attention_worked_out_after_a_grade_is_what_the_record_gives(services, visited):
    """The graded assessment, taken as it is held, gives the reasons that reading the whole record again gives."""
    from gcp_desk.services.history import HistoryService
    from gcp_desk.services.stored_attention import decode

    svc = services.assessments
    items = svc.instrument_for(visited).applicable_item_ids(visited.age_band)
    for item_id in items[:6]:
        svc.grade_item(visited.id, item_id, 5)
    history = HistoryService(svc._context)
    with services.backend.db.transaction() as uow:
        stored = {entry.row.child_id: decode(entry.attention) for entry in uow.attention.flagged(include_clear=True)}
    assert list(stored[visited.child_id].reasons) == history.attention(visited.child_id)
