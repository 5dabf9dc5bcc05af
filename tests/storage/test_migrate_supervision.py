"""Migration 0002 on a database made before supervision: every account and assessment kept, accounts without a
password until they choose one, and the new review tables append-only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from gcp_desk.domain.enums import Role
from gcp_desk.domain.people import User
from gcp_desk.domain.review import Signature, SignatureKind
from gcp_desk.storage import migrate
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import prepare, schema_version


@pytest.mark.sqlite_only
def test_a_database_from_before_supervision_keeps_its_accounts_and_records(tmp_path, monkeypatch, make):
    db = Database.for_file(tmp_path / "old.db")
    with monkeypatch.context() as older_app:
        older_app.setattr(migrate, "SCHEMA_HEAD", "0001")
        prepare(db, tmp_path / "backups")
    assert schema_version(db) == "0001"
    user = User(name="Priya Shah", role=Role.PRACTITIONER)
    child = make.child()
    with db.engine.begin() as connection:  # the users table as 0001 made it: no team, no password
        connection.execute(text("INSERT INTO users (id, name, role, created_at) VALUES (:id, :name, 'practitioner', "
                                "'2024-01-02 09:00:00.000000+00:00')"), {"id": user.id.hex, "name": user.name})
    with db.transaction() as uow:
        uow.children.add(child)
        assessment = make.assessment(child.id, visit_dates=(date(2024, 3, 1),))
        uow.assessments.add(assessment.model_copy(update={"created_by": user.id}))

    outcome = prepare(db, tmp_path / "backups")

    assert (outcome.previous, outcome.current, outcome.upgraded) == ("0001", migrate.SCHEMA_HEAD, True)
    assert outcome.backup is not None and outcome.backup.exists()
    with db.transaction() as uow:
        kept = uow.users.get(user.id)
        assert (kept.name, kept.role, kept.team_id) == ("Priya Shah", Role.PRACTITIONER, None)
        assert uow.users.password_hash(user.id) is None  # chooses one at the next sign-in
        assert uow.assessments.get(assessment.id).created_by == user.id
        uow.review.add_signature(Signature(assessment_id=assessment.id, kind=SignatureKind.SUBMITTED_BY,
                                           user_id=user.id, name=kept.name, role=kept.role, content_hash="0" * 64))
    for statement in ("UPDATE signatures SET name = 'Someone Else'", "DELETE FROM signatures"):
        with pytest.raises(Exception, match="signatures cannot be changed or removed"), db.transaction() as uow:
            uow.session.execute(text(statement))
    db.dispose()
