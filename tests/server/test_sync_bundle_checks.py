"""What a laptop sends is checked as an import checks a bundle before the server is touched: a record that would
not import (here an assessment marked submitted with no signature, as an insider editing the file might leave it)
refuses the sync in the importer's words, and nothing reaches the server."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text, update

from laptops import laptop, new_child, server_text, sync_service
from server_support import PASSWORD, connect


def test_a_record_that_would_not_import_is_refused_and_nothing_is_sent(north):
    from gcp_desk.domain.errors import NotAllowed
    from gcp_desk.paths import AppPaths
    from gcp_desk.security.keyfile import KeyFile
    from gcp_desk.storage import orm
    from gcp_desk.storage.db import Database

    s, nia, folder = north["server"], north["nia"], north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        child, assessment = new_child(backend, user, "Checked")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
    path = AppPaths.at(folder).database
    db = Database.for_file(path, key=KeyFile.load(KeyFile.beside(path)).unlock(nia.id, PASSWORD), create=False)
    try:
        with db.transaction() as uow:  # an insider's edit of the file: submitted, with no signature
            uow.session.execute(update(orm.assessments).where(orm.assessments.c.id == assessment.id)
                                .values(status="submitted", updated_at=datetime.now(UTC)))
    finally:
        db.dispose()
    with laptop(folder, nia) as (backend, user):
        with pytest.raises(NotAllowed) as refused:
            sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    words = str(refused.value)
    assert "do not pass the checks an import makes" in words and "carries no signature" in words
    assert "Nothing was sent" in words
    with connect(s.url) as su:
        assert su.execute(text("SELECT status FROM assessments WHERE id = :a"), {"a": assessment.id}).scalar() == \
            "draft"
