"""A caseload exported and imported into an empty database is the same record: every assessment with its grades,
evidence, plan and review rounds, signatures that still verify, an audit trail that still verifies; importing it
again adds nothing."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select

from gcp_desk.scoring.signing_content import assessment_content_hash
from gcp_desk.storage import orm

import pytest

from gcp_desk.domain.errors import GcpDeskError
from records_support import DEMO_PASSWORDS, PASSPHRASE, import_file, load, row_counts, signed_in
from gcp_desk.app import open_backend


def test_everything_sam_may_see_arrives_whole(target, plain_bundle, source):
    outcome = import_file(target, plain_bundle)
    assert outcome.ok, outcome.problems
    bundle = load(plain_bundle)
    assessments = [a for child in bundle["children"] for a in child["assessments"]]
    assert outcome.added_children == len(bundle["children"]) > 0
    assert outcome.added_assessments == len(assessments) > 0

    origin = open_backend(source)
    try:
        sam = signed_in(origin, "Sam Whitfield")
        for child in bundle["children"]:
            held = origin.assessments(sam).history(UUID(child["id"]))
            imported = target.assessments(target.importer).history(UUID(child["id"]))
            assert [a.model_dump() for a in imported] == [a.model_dump() for a in held]
            for assessment in imported:
                before = origin.review(sam).history(assessment.id)
                after = target.review(target.importer).history(assessment.id)
                assert after == before
    finally:
        origin.close()


def test_signed_assessments_still_match_their_signatures_and_the_trail_verifies(target, plain_bundle):
    assert import_file(target, plain_bundle).ok
    with target.db.read() as uow:
        signed = list(uow.session.execute(select(orm.signatures.c.assessment_id, orm.signatures.c.content_hash)))
        assert signed
    altered = target.review(target.importer)
    history = [target.assessments(target.importer).get(assessment_id) for assessment_id, _ in signed]
    assert altered.changed_after_signing(history) == {}
    assert any(assessment_content_hash(a) == digest for a, (_, digest) in zip(history, signed, strict=True))


def test_the_origin_audit_events_are_kept_and_the_import_is_one_local_event(target, plain_bundle):
    bundle = load(plain_bundle)
    before = row_counts(target)
    assert import_file(target, plain_bundle).ok
    after = row_counts(target)
    assert after["audit_events"] == before["audit_events"] + 1
    assert after["origin_audit_events"] == len(bundle["audit_events"]) > 0
    with target.db.read() as uow:
        event = uow.audit.events_of(("records.import",))[0]
    assert event.entity_id == bundle["id"]
    assert event.after["children"] == len(bundle["children"])


def test_importing_the_same_bundle_twice_adds_nothing(target, plain_bundle):
    assert import_file(target, plain_bundle).ok
    once = row_counts(target)
    again = import_file(target, plain_bundle)
    assert again.ok, again.problems
    assert (again.added_children, again.added_assessments) == (0, 0)
    twice = row_counts(target)
    assert {k: v for k, v in twice.items() if not k.startswith("audit")} == \
        {k: v for k, v in once.items() if not k.startswith("audit")}


def test_staff_unknown_here_are_historical_signers_who_cannot_sign_in(target, plain_bundle):
    assert import_file(target, plain_bundle).ok
    bundle = load(plain_bundle)
    with target.db.read() as uow:
        historical = set(uow.session.execute(select(orm.historical_staff.c.user_id)).scalars())
        hashes = {row[0]: row[1] for row in uow.session.execute(select(orm.users.c.id, orm.users.c.password_hash))}
    assert {str(member_id) for member_id in historical} == {member["id"] for member in bundle["staff"]}
    assert all(hashes[member_id] is None for member_id in historical)
    names = {account.name for account in target.key_file.accounts()} if target.key_file is not None else set()
    names |= {account.name for account in target.accounts()}  # the sign-in screen's list, the database open
    assert names == {"Ann Importer"}
    for member_id in historical:
        with pytest.raises(GcpDeskError):
            target.unlock(member_id, DEMO_PASSWORDS["Sam Whitfield"])


def test_a_sealed_bundle_imports_with_its_passphrase(target, sealed_bundle):
    outcome = import_file(target, sealed_bundle, PASSPHRASE)
    assert outcome.ok, outcome.problems
    assert outcome.added_assessments > 0


def test_a_historical_signer_is_not_offered_as_an_account_nor_given_a_password(target, plain_bundle):
    from gcp_desk.domain.enums import Role
    from gcp_desk.domain.errors import NotAllowed

    assert import_file(target, plain_bundle).ok
    member = load(plain_bundle)["staff"][0]
    with target.db.transaction() as uow:
        uow.users.set_roles(target.importer.id, (Role.PRACTITIONER, Role.ADMINISTRATOR))
    users = target.users(target.importer)
    assert [user.name for user in users.all()] == ["Ann Importer"]
    with pytest.raises(NotAllowed, match="named in records imported from elsewhere"):
        users.reset_password(UUID(member["id"]), "a-long-enough-password-91")
