"""Migrations 0002 and 0003 on a database made before supervision: every account and assessment kept, accounts
without a password until an administrator gives them one, the new review tables append-only, and on a laptop with
no teams everyone and every child in one team, so nobody loses sight of a child."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import MetaData, Table, insert, text

from gcp_desk.domain.enums import Role
from gcp_desk.domain.people import User
from gcp_desk.domain.review import Signature, SignatureKind
from gcp_desk.storage import migrate, orm
from gcp_desk.storage.attention_changes import take_changed_children
from gcp_desk.storage.db import Database
from gcp_desk.storage.migrate import SCHEMA_HEAD, prepare, schema_version
from gcp_desk.storage.rows import child_values, plan_values


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
        children = Table("children", MetaData(), autoload_with=uow.session.connection())  # as 0001 made it
        values = {**child_values(child), "latest_status": None, "concern_domains": "", "assessment_count": 0}
        uow.session.execute(insert(orm.children), [{k: v for k, v in values.items() if k in children.c}])
        assessment = make.assessment(child.id, visit_dates=(date(2024, 3, 1),))
        uow.assessments.add(assessment.model_copy(update={"created_by": user.id, "plan": []}))
        plan_actions = Table("plan_actions", MetaData(), autoload_with=uow.session.connection())  # as 0001 made it
        uow.session.execute(insert(orm.plan_actions), [
            {k: v for k, v in plan_values(assessment.id, action, position).items() if k in plan_actions.c}
            for position, action in enumerate(assessment.plan)])
        take_changed_children(uow.session)  # 0001 has no stored attention to keep

    outcome = prepare(db, tmp_path / "backups")

    assert (outcome.previous, outcome.current, outcome.upgraded) == ("0001", SCHEMA_HEAD, True)
    assert outcome.backup is not None and outcome.backup.exists()
    with db.transaction() as uow:
        kept = uow.users.get(user.id)
        assert (kept.name, kept.roles) == ("Priya Shah", (Role.PRACTITIONER,))
        (team,) = uow.users.teams()
        assert team.name == "Our team" and kept.team_id == team.id
        assert uow.children.get(child.id).team_id == team.id
        assert uow.users.password_hash(user.id) is None  # chooses one at the next sign-in
        kept_assessment = uow.assessments.get(assessment.id)
        assert kept_assessment.created_by == user.id
        assert [a.what_will_change for a in kept_assessment.plan] == [a.what_will_change for a in assessment.plan]
        assert assessment.plan  # the plan written as the older app wrote it is still there
        uow.review.add_signature(Signature(assessment_id=assessment.id, kind=SignatureKind.SUBMITTED_BY,
                                           user_id=user.id, name=kept.name, role=kept.role, content_hash="0" * 64))
    for statement in ("UPDATE signatures SET name = 'Someone Else'", "DELETE FROM signatures"):
        with pytest.raises(Exception, match="signatures cannot be changed or removed"), db.transaction() as uow:
            uow.session.execute(text(statement))
    db.dispose()
