"""The chain walked a chunk at a time: each chunk its own short read, progress said between chunks, and the same
verdict as a walk in one go."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from gcp_desk.services.integrity import IntegrityService
from gcp_desk.storage import chain_walk
from gcp_desk.storage.chain_walk import ChainWalker, walk_chain

pytestmark = pytest.mark.sqlite_only  # the rewrite below goes behind the triggers of the SQLite file


def events(backend, count: int) -> None:
    with backend.db.transaction() as uow:
        for number in range(count):
            uow.audit.record(None, "user.sign-in", "user", str(number), None, None)


def test_a_walk_in_chunks_reads_a_chunk_at_a_time_and_says_how_far_it_has_got(backend):
    events(backend, 23)
    walker = ChainWalker(chunk=5)
    steps = []
    while True:
        with backend.db.read() as uow:  # each chunk in its own read, as the app's worker does it
            done = walker.step(uow)
        steps.append(walker.found.checked)
        if done:
            break
    assert steps == [5, 10, 15, 20, 23] and walker.found.ok and walker.found.total == 23
    with backend.db.read() as uow:
        said = []
        whole = walk_chain(uow, progress=lambda done, of: said.append((done, of)))
    assert whole.head == walker.found.head and said[-1] == (23, 23)


def test_a_broken_link_in_a_later_chunk_is_found_and_named(backend, monkeypatch):
    events(backend, 12)
    with backend.db.transaction() as uow:
        uow.session.execute(text("DROP TRIGGER audit_chain_no_update"))
        uow.session.execute(text(  # always a different hash: one in 256 already begins with ff
            "UPDATE audit_chain SET hash = (CASE WHEN hash LIKE 'ff%' THEN '00' ELSE 'ff' END) || substr(hash, 3)"
            " WHERE seq = 9"))
    walker = ChainWalker(chunk=4)
    with backend.db.read() as uow:
        while not walker.step(uow):
            pass
    assert walker.found.checked == 8 and walker.found.problems[0].startswith("Audit event 9 (user.sign-in")


def test_the_background_check_runs_one_chunk_per_call(backend, monkeypatch):
    monkeypatch.setattr(chain_walk, "CHUNK", 4)
    events(backend, 10)
    integrity = IntegrityService(backend.context(), backend.paths.data_dir, backend.paths.signing_dir)
    check = integrity.begin_check()
    calls = 0
    while check.result is None:
        integrity.continue_check(check)
        calls += 1
    assert calls == 3 and check.result.ok and check.result.checked == 10 and check.progress == (10, 10)
