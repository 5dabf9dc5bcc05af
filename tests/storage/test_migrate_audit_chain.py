"""Migration 0005 on a database from before the audit chain: the events already there are chained in their stored
order, so the whole trail verifies from its first event, and each signature records the scheme it was hashed by."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import insert, text

from gcp_desk.scoring.signing_content import HASH_SCHEME
from gcp_desk.storage import migrate, orm
from gcp_desk.storage.chain_walk import walk_chain
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import SCHEMA_HEAD, prepare, schema_version


@pytest.mark.sqlite_only
def test_existing_events_are_chained_in_their_stored_order_and_verify(tmp_path, monkeypatch):
    db = Database.for_file(tmp_path / "old.db")
    with monkeypatch.context() as older_app:
        older_app.setattr(migrate, "SCHEMA_HEAD", "0003")
        prepare(db, tmp_path / "backups")
    assert schema_version(db) == "0003"
    start = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    events = [{"id": uuid4(), "at": start + timedelta(minutes=minutes), "actor_id": uuid4(), "action": "child.create",
               "entity": "child", "entity_id": str(uuid4()), "before": None, "after": {"given_name": "Kit"}}
              for minutes in (30, 10, 20, 0, 40)]  # written out of order: the chain follows time
    with db.engine.begin() as connection:
        connection.execute(insert(orm.audit_events), events)

    outcome = prepare(db, tmp_path / "backups")

    assert (outcome.previous, outcome.current) == ("0003", SCHEMA_HEAD)
    with db.read() as uow:
        walked = walk_chain(uow)
        assert walked.ok and walked.checked == 5 and walked.head == uow.audit.head()
        order = uow.session.execute(text("SELECT event_id FROM audit_chain ORDER BY seq")).scalars().all()
    by_time = [event["id"] for event in sorted(events, key=lambda event: event["at"])]
    assert [str(event_id).replace("-", "") for event_id in order] == [e.hex for e in by_time]
    with db.transaction() as uow:  # the next event links to the last one migrated
        uow.audit.record(None, "user.sign-in", "user", str(uuid4()), None, None)
    with db.read() as uow:
        assert walk_chain(uow).checked == 6
        columns = {row[1]: row[4] for row in uow.session.execute(text("PRAGMA table_info(signatures)"))}
    assert columns["hash_scheme"].strip("'") == HASH_SCHEME
    with pytest.raises(Exception, match="append-only"), db.transaction() as uow:
        uow.session.execute(text("DELETE FROM audit_chain"))
    db.dispose()
