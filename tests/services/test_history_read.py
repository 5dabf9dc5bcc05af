"""A child's history as the record screen reads it: every assessment with every grade, in a few statements that
only read, however long the history."""

from __future__ import annotations

from contextlib import contextmanager
from uuid import uuid4

import pytest
from sqlalchemy import event

from gcp_desk.domain.errors import NotFound

from history_builders import action, profile, store, weeks_ago

HISTORY_STATEMENTS = 8
"""The unit's begin, the signed-in person (and the teams' shares), then the child with their assessments, their item
grades, domain grades, notes and plans: one statement each."""
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")
WRITE_LOCK = "PG_ADVISORY_XACT_LOCK"
"""What a unit that writes takes first, on PostgreSQL (SQLite's is ``BEGIN IMMEDIATE``)."""


@contextmanager
def statements_of(backend):
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()).upper())

    engine = backend.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_history_is_read_in_the_same_few_statements_however_many_assessments_and_never_writes(
        services, child_with_parents):
    backend, child = services.backend, child_with_parents
    store(backend, profile(child, weeks_ago(100), {"physical-care": 4}, evidence={"clothing": "Too small"}))
    with statements_of(backend) as one:
        assert len(services.assessments.history(child.id)) == 1
    store(backend, *(profile(child, weeks_ago(weeks), {"physical-care": 3},
                             plan=[action("physical-care", 2, weeks_ago(40)), action("nutrition", 2, weeks_ago(30))],
                             evidence={"clothing": f"Seen {weeks} weeks ago", "hygiene": "Clean"})
                     for weeks in (90, 80, 70, 60, 50, 40, 30)))
    with statements_of(backend) as eight:
        history = services.assessments.history(child.id)
    assert len(history) == 8
    assert sum(len(assessment.item_grades) for assessment in history) > 8 * 20
    assert all(len(assessment.evidence) == 2 and len(assessment.plan) == 2 for assessment in history[1:])
    assert len(one) == len(eight) <= HISTORY_STATEMENTS
    assert not [statement for statement in eight if statement.startswith(WRITES) or WRITE_LOCK in statement]


def test_a_history_reads_back_exactly_what_was_stored(services, child_with_parents):
    child = child_with_parents
    older = profile(child, weeks_ago(30), {"physical-care": 4}, evidence={"clothing": "No coat in November"})
    linked = action("physical-care", 2, weeks_ago(10)).model_copy(update={"family_id": uuid4(),
                                                                          "carried_from_id": uuid4()})
    newer = profile(child, weeks_ago(4), {"nutrition": 5}, plan=[linked], evidence={"meals": "Cupboards empty"})
    store(services.backend, newer, older)
    history = services.assessments.history(child.id)
    assert history == [older, newer]
    note = history[1].evidence[0]
    assert note.created_at == newer.evidence[0].created_at and note.created_at.utcoffset().total_seconds() == 0
    assert history[1].plan[0].family_id == linked.family_id and history[1].plan[0].by_when == linked.by_when


def test_the_history_of_a_child_with_no_assessment_is_empty_and_of_no_child_not_found(services, child_with_parents):
    assert services.assessments.history(child_with_parents.id) == []
    with pytest.raises(NotFound, match="child"):
        services.assessments.history(uuid4())


OPENING_STATEMENTS = HISTORY_STATEMENTS + 3
"""The history's, with the child's household, adults and the teams the record is shared with."""


def test_a_record_opens_with_its_history_and_shares_in_one_unit_that_only_reads(services, child_with_parents):
    backend, child = services.backend, child_with_parents
    store(backend, *(profile(child, weeks_ago(weeks), {"nutrition": 4}, evidence={"meals": "No breakfast"})
                     for weeks in (60, 30, 5)))
    with statements_of(backend) as seen:
        opening = services.children.record_opening(child.id)
    assert opening.record == services.children.record(child.id)
    assert opening.history == services.assessments.history(child.id)
    assert [a.adult.given_name for a in opening.record.adults] == ["Alex", "Jordan"] and len(opening.history) == 3
    assert opening.shares == []
    assert len([statement for statement in seen if statement.startswith("BEGIN")]) <= 1
    assert len(seen) <= OPENING_STATEMENTS
    assert not [statement for statement in seen if statement.startswith(WRITES) or WRITE_LOCK in statement]
    with pytest.raises(NotFound, match="child"):
        services.children.record_opening(uuid4())


def test_every_statement_of_a_history_finds_its_rows_by_an_index(services, child_with_parents):
    """At an authority's scale a table read whole would take seconds: the child and their assessments are found
    by key, and each part's rows by their assessment's id."""
    backend, child = services.backend, child_with_parents
    if backend.db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    store(backend, *(profile(child, weeks_ago(weeks), {"nutrition": 4}, evidence={"meals": "No breakfast"},
                             plan=[action("nutrition", 2, weeks_ago(weeks - 8))]) for weeks in (60, 30)))
    executed: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        executed.append((statement, parameters))

    event.listen(backend.db.engine, "before_cursor_execute", keep)
    try:
        services.assessments.history(child.id)
    finally:
        event.remove(backend.db.engine, "before_cursor_execute", keep)
    reads = [(statement, parameters) for statement, parameters in executed
             if any(f"FROM {table}" in statement for table in ("children", "item_grades", "domain_grades",
                                                               "evidence_notes", "plan_actions"))]
    assert len(reads) == 5
    with backend.db.engine.connect() as connection:
        for statement, parameters in reads:
            plan = " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                                          parameters))
            assert "SEARCH" in plan and "SCAN" not in plan, (statement, plan)
