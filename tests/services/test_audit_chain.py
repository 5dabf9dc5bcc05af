"""The audit trail as a hash chain, walked by an administrator: every change made behind GCP Desk's back is named,
with the first event that does not match; the chain's end is anchored in a signed file outside the database."""

from __future__ import annotations

import json

import pytest
from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import PermissionDenied

from filling import fill_in
from conftest_services import PASSWORD, TODAY
from tamper import drop_trigger, tamper
from test_review_service import child_of


@pytest.fixture
def admin(add_user):
    return add_user("Ada Admin", Role.ADMINISTRATOR)


@pytest.fixture
def worked(services, supervisor, admin):
    """A child, an assessment submitted and countersigned, and the chain's end signed (as at close)."""
    from datetime import timedelta

    child = child_of(services)
    assessment = services.assessments.start(child.id)
    assessment = services.assessments.add_visit(assessment.id, on=TODAY - timedelta(days=3), announced=False,
                                                 visitors=["Test Practitioner (social worker)"])
    assessment = services.assessments.submit(fill_in(services, assessment).id, PASSWORD)
    supervisor.review.countersign(assessment.id, PASSWORD)
    integrity(admin).anchor_head()
    return assessment


def integrity(who):
    return who.backend.integrity(who.user)


def count_events(backend) -> int:
    with backend.db.read() as uow:
        return uow.audit.count()


def test_untouched_work_verifies_with_every_event_counted(worked, admin):
    found = integrity(admin).verify_audit()
    assert found.ok, found.problems
    assert found.checked == count_events(admin.backend) > 20
    assert found.head.seq == found.checked and found.signatures_checked == 2


def test_only_an_administrator_walks_the_whole_chain(worked, services):
    with pytest.raises(PermissionDenied, match="administrator"):
        integrity(services).verify_audit()


def test_an_edited_audit_row_is_named_with_what_differs(worked, admin):
    tamper(admin.backend, "UPDATE audit_events SET after = :after WHERE id = (SELECT event_id FROM audit_chain "
                          "WHERE seq = 5)", params={"after": json.dumps({"grade": 1})})
    found = integrity(admin).verify_audit()
    assert not found.ok and found.checked == 4
    assert found.problems[0].startswith("Audit event 5 (") and "before and after" in found.problems[0]


def test_a_changed_time_or_person_is_found(worked, admin):
    tamper(admin.backend, "UPDATE audit_events SET actor_id = NULL WHERE id = (SELECT event_id FROM audit_chain "
                          "WHERE seq = 7)")
    assert "time, person, action or record" in integrity(admin).verify_audit().problems[0]


def test_deleted_events_in_the_middle_are_found(worked, admin):
    tamper(admin.backend, "DELETE FROM audit_events WHERE id IN (SELECT event_id FROM audit_chain "
                          "WHERE seq BETWEEN 3 AND 8)")
    assert integrity(admin).verify_audit().problems[0].startswith("Audit event 3 (")


def test_a_tail_removed_with_its_links_is_found_by_the_signed_head(worked, admin):
    total = count_events(admin.backend)
    tamper(admin.backend,
           f"DELETE FROM audit_events WHERE id IN (SELECT event_id FROM audit_chain WHERE seq > {total - 3})",
           f"DELETE FROM audit_chain WHERE seq > {total - 3}")
    problems = integrity(admin).verify_audit().problems
    assert problems == [f"The audit trail ends at event {total - 3}, but on "
                        f"{problems[0].split(' on ')[1].split(' it was')[0]} it was signed as reaching event "
                        f"{total}: events {total - 2} to {total} have been removed."]


def test_a_rewritten_and_rechained_middle_no_longer_reaches_the_signed_head(worked, admin):
    from gcp_desk.storage.audit_chain import GENESIS, event_hash, payload_digest

    backend = admin.backend
    with backend.db.read() as uow:
        full = {row["seq"]: row for row in uow.audit.chain_rows(0, 10_000)}

    def stored_id(value):
        return value.hex if backend.db.is_sqlite else str(value)

    # The insider rewrites event 2's action and recomputes every hash after it, as the code is public.
    statements, previous = ["DELETE FROM audit_chain"], GENESIS
    for seq, row in sorted(full.items()):
        action = "user.sign-in" if seq == 2 else row["action"]
        digest = payload_digest(row["before"], row["after"])
        link = event_hash(previous, seq, event_id=row["id"], at=row["at"], actor_id=row["actor_id"], action=action,
                          entity=row["entity"], entity_id=row["entity_id"], digest=digest)
        statements.append(f"INSERT INTO audit_chain VALUES ({seq}, '{stored_id(row['id'])}', '{digest}', "
                          f"'{previous}', '{link}')")
        previous = link
    statements.append(f"UPDATE audit_events SET action = 'user.sign-in' WHERE id = '{stored_id(full[2]['id'])}'")
    tamper(backend, *statements)
    problems = integrity(admin).verify_audit().problems
    assert len(problems) == 1 and "is not the one signed as the trail's end" in problems[0]


def test_a_dropped_trigger_is_named(worked, admin):
    name = drop_trigger(admin.backend)
    problems = integrity(admin).verify_audit().problems
    assert problems == [f"The database no longer refuses changes to audit_events (trigger {name} is missing): "
                        "someone has removed it."]


def test_a_renamed_countersigner_and_a_changed_grade_are_both_found(worked, admin):
    tamper(admin.backend, "UPDATE signatures SET name = 'Someone Else' WHERE kind = 'countersigned-by'",
           "UPDATE item_grades SET grade = 1 WHERE grade = 2")
    found = integrity(admin).verify_audit()
    assert any("has been altered (its name, role, time or hash" in p for p in found.problems)
    assert [record.assessment_id for record in found.altered] == [worked.id]
    assert integrity(admin).altered_records()[0].signed_by == "Someone Else"


def test_the_head_file_edited_or_deleted_is_said(worked, admin):
    head_file = admin.backend.paths.data_dir / "audit-head.json"
    document = json.loads(head_file.read_text())
    head_file.write_text(json.dumps({**document, "seq": document["seq"] - 2}))
    assert "has been edited, or was signed with another key" in integrity(admin).verify_audit().problems[0]
    head_file.unlink()
    assert "There is no signed record of the audit trail's end" in integrity(admin).verify_audit().problems[0]


def test_the_background_check_walks_only_what_was_added_since(worked, services, admin):
    first = integrity(services).check_since_last()
    assert first.ok and first.checked == count_events(admin.backend)
    services.children.create_child(given_name="Sky", family_name="Testcase", date_of_birth=TODAY)
    integrity(admin).anchor_head()
    second = integrity(services).check_since_last()
    assert second.ok and second.checked == 1
    tamper(admin.backend, "UPDATE audit_events SET action = 'user.sign-in' WHERE id = (SELECT event_id FROM "
                          "audit_chain WHERE seq = 3)")
    assert integrity(services).check_since_last().ok  # an old event is not walked again every time...
    saved = admin.backend.paths.data_dir / "audit-verified.json"
    remembered = json.loads(saved.read_text())
    saved.write_text(json.dumps({**remembered, "full_walk_at": "2020-01-01T00:00:00+00:00"}))
    third = integrity(services).check_since_last()  # ...but at the weekly full walk
    assert third.problems[0].startswith("Audit event 3 (")
