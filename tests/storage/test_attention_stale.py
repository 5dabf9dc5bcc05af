"""The children whose stored attention no longer holds: past its last day, worked out with other settings or
instruments (or marked to be worked out again), or on a later day than today; found through indexes, counted the
same, a chunk at a time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

BASIS = "b" * 64
TODAY = date(2026, 11, 1)


@pytest.fixture
def stored(db, make):
    """Seven children: three hold today, four do not, each for its own reason."""
    names = ["holds until later", "holds with no end", "holds until today", "fell due yesterday",
             "other basis", "marked again", "worked out tomorrow"]
    children = {}
    with db.transaction() as uow:
        for name in names:
            child = make.child(given_name=name, family_name="Stale")
            uow.children.add(child)
            children[name] = child.id
    values = {
        "holds until later": (TODAY - timedelta(days=3), TODAY + timedelta(days=30), BASIS),
        "holds with no end": (TODAY - timedelta(days=3), None, BASIS),
        "holds until today": (TODAY, TODAY, BASIS),
        "fell due yesterday": (TODAY - timedelta(days=10), TODAY - timedelta(days=1), BASIS),
        "other basis": (TODAY, None, "a" * 64),
        "marked again": (TODAY, None, ""),
        "worked out tomorrow": (TODAY + timedelta(days=1), None, BASIS),
    }
    with db.transaction() as uow:
        uow.attention.store([{"child": children[name], "attention": "", "attention_rank": None,
                              "attention_from": start, "attention_until": until, "attention_basis": basis}
                             for name, (start, until, basis) in values.items()])
    return children


STALE = {"fell due yesterday", "other basis", "marked again", "worked out tomorrow"}


def test_each_way_of_no_longer_holding_is_found_and_counted(db, stored):
    with db.transaction() as uow:
        found = set(uow.attention.stale(BASIS, TODAY))
        assert found == {stored[name] for name in STALE}
        assert uow.attention.count_stale(BASIS, TODAY) == len(STALE)
        the_day_before = {"holds until today", "other basis", "marked again", "worked out tomorrow"}
        found = set(uow.attention.stale(BASIS, TODAY - timedelta(days=1)))  # the one due yesterday still held
        assert found == {stored[name] for name in the_day_before}
        assert uow.attention.count_stale(BASIS, TODAY - timedelta(days=1)) == len(the_day_before)


def test_a_chunk_takes_no_more_than_its_limit_and_the_chunks_take_them_all(db, stored):
    seen: list = []
    with db.transaction() as uow:
        for limit in (1, 2, 3):
            chunk = uow.attention.stale(BASIS, TODAY, limit)
            assert len(chunk) == limit and len(set(chunk)) == limit
        while chunk := uow.attention.stale(BASIS, TODAY, 3):
            seen += chunk
            uow.attention.store([{"child": child, "attention": "", "attention_rank": None, "attention_from": TODAY,
                                  "attention_until": None, "attention_basis": BASIS} for child in chunk])
    assert set(seen) == {stored[name] for name in STALE} and len(seen) == len(STALE)


@pytest.mark.sqlite_only
def test_no_chunk_reads_every_child(db, stored):
    """Each way of no longer holding is a range of one index: the plan searches, never scans the table."""
    from gcp_desk.storage.repositories.attention import _STALE, _indexed

    with db.engine.connect() as connection:
        for condition, index in _STALE:
            plan = connection.execute(text(f"EXPLAIN QUERY PLAN SELECT id FROM {_indexed(index, True)} "
                                           f"WHERE {condition}"), {"basis": BASIS, "today": TODAY}).fetchall()
            assert "SEARCH children USING INDEX" in plan[0][-1] and "SCAN" not in plan[0][-1], plan
