"""Retention: administrators see the records due for review under the rule in the settings, and delete one child's
record with a reason through the one privileged path: every row about the child gone, siblings' adults kept, a
tombstone and an audit entry with no personal data left, and the audit trail still verifying."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import delete, select

from gcp_desk.app import open_backend
from gcp_desk.domain.errors import InvalidInput, NotAllowed
from gcp_desk.services.retention import DeletionReason, RetentionService
from gcp_desk.settings import RetentionRule
from gcp_desk.storage import orm

from records_support import import_file, load, signed_in, table_rows
from gcp_desk.scoring.age import short_date


@pytest.fixture
def admin(source):
    backend = open_backend(source)
    yield backend, signed_in(backend, "Alex Morrow")
    backend.close()


def test_records_are_due_at_the_25th_birthday_by_default(admin):
    backend, alex = admin
    assert RetentionService(backend.context(alex)).due() == []  # every demo child is young
    later = RetentionService(replace(backend.context(alex), today=lambda: date(2055, 1, 1))).due()
    assert later and all(entry.due_on <= date(2055, 1, 1) for entry in later)
    for entry in later:
        # the birthday has passed: the words say so, with the day it fell on
        assert entry.why == f"turned 25 on {short_date(entry.due_on)}"
        if entry.date_of_birth:
            assert entry.due_on == entry.date_of_birth.replace(year=entry.date_of_birth.year + 25)


def test_a_rule_by_years_since_the_last_change(admin):
    backend, alex = admin
    settings = backend.settings.model_copy(update={"retention": RetentionRule(
        review_at_age=None, review_years_after_last_activity=6)})
    context = replace(backend.context(alex), settings=settings, today=lambda: date(2040, 1, 1))
    due = RetentionService(context).due()
    assert due
    for entry in due:  # the last activity, and the whole years since it as of today (at least the rule's six)
        last = entry.due_on.replace(year=entry.due_on.year - 6)
        years = 2040 - last.year - ((1, 1) < (last.month, last.day))
        assert entry.why == f"no activity since {short_date(last)} ({years} years)"
        assert years >= 6


def test_a_practitioner_sees_no_retention_list(source):
    backend = open_backend(source)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        with pytest.raises(NotAllowed, match="Only an administrator"):
            backend.retention(sam).due()
    finally:
        backend.close()


def test_deleting_a_child_removes_every_row_about_them_and_keeps_the_siblings(admin, plain_bundle, source):
    backend, alex = admin
    bundle = load(plain_bundle)
    households = {}
    for child in bundle["children"]:
        households.setdefault(child["household_id"], []).append(child)
    siblings = next(group for group in households.values() if len(group) > 1 and any(c["assessments"] for c in group))
    child = next(c for c in siblings if c["assessments"])
    sibling = next(c for c in siblings if c is not child)
    child_id = UUID(child["id"])
    deleted = backend.retention(alex).delete_child(child_id, DeletionReason.RETENTION_PERIOD)
    assert deleted["assessments"] == len(child["assessments"])
    assessment_ids = [UUID(a["id"]) for a in child["assessments"]]
    with backend.db.read() as uow:
        s = uow.session
        assert s.execute(select(orm.children).where(orm.children.c.id == child_id)).first() is None
        for table in (orm.assessments, orm.significant_events, orm.child_adult_links):
            assert s.execute(select(table).where(table.c.child_id == child_id)).first() is None
        for table in (orm.item_grades, orm.evidence_notes, orm.signatures, orm.review_comments,
                      orm.assessment_returns):
            assert s.execute(select(table).where(table.c.assessment_id.in_(assessment_ids))).first() is None
        assert s.execute(select(orm.children).where(orm.children.c.id == UUID(sibling["id"]))).first()
        kept = {str(row) for row in s.execute(select(orm.child_adult_links.c.adult_id).where(
            orm.child_adult_links.c.child_id == UUID(sibling["id"]))).scalars()}
        adults = {str(row) for row in s.execute(select(orm.adults.c.id)).scalars()}
        assert kept <= adults, "an adult still linked to a sibling was deleted"
        tombstone = s.execute(select(orm.tombstones).where(orm.tombstones.c.entity_id == child_id)).mappings().one()
        event = uow.audit.events_of(("retention.delete",))[-1]
    assert tombstone["audit_event_id"] == event.id
    assert event.after["reason"] == "retention-period"
    payload = json.dumps(event.after)
    assert child["given_name"] not in payload and child["family_name"] not in payload
    assert backend.integrity(alex).verify_audit().ok


def test_the_database_still_refuses_deleting_a_signature_of_a_child_with_no_tombstone(admin):
    backend, _ = admin
    with pytest.raises(Exception, match="signatures cannot be changed or removed"):
        with backend.db.transaction() as uow:
            uow.session.execute(delete(orm.signatures))


def test_a_deleted_child_is_not_imported_again(target, plain_bundle):
    assert import_file(target, plain_bundle).ok
    bundle = load(plain_bundle)
    child = bundle["children"][0]
    with target.db.transaction() as uow:
        from gcp_desk.domain.enums import Role

        uow.users.set_roles(target.importer.id, (Role.PRACTITIONER, Role.ADMINISTRATOR))
    target.retention(target.importer).delete_child(UUID(child["id"]), DeletionReason.ERASURE_REQUEST)
    rows = table_rows(target)
    outcome = import_file(target, plain_bundle)
    assert not outcome.ok
    assert "children[0]: this child's record was deleted under the retention rule (here, or where a bundle came " \
           "from); it is not imported again" in outcome.problems
    assert table_rows(target) == rows


def _deleted_at_origin(source, tmp_path, child: dict):
    from records_support import export_from

    backend = open_backend(source)
    try:
        backend.retention(signed_in(backend, "Alex Morrow")).delete_child(UUID(child["id"]),
                                                                          DeletionReason.RETENTION_PERIOD)
    finally:
        backend.close()
    later = load(export_from(source, tmp_path / "later.json", passphrase=None))
    assert [t["entity_id"] for t in later["tombstones"]] == [child["id"]]
    assert child["id"] not in {c["id"] for c in later["children"]}
    return tmp_path / "later.json"


def test_a_deletion_reaches_another_copy_as_a_tombstone_and_is_applied_there(target, source, tmp_path):
    from records_support import export_from

    first = export_from(source, tmp_path / "first.json", passphrase=None)  # this copy joins the organisation
    assert import_file(target, first).ok
    bundle = load(first)
    households: dict = {}
    for child in bundle["children"]:
        households.setdefault(child["household_id"], []).append(child)
    siblings = next(group for group in households.values() if len(group) > 1 and any(c["assessments"] for c in group))
    child = next(c for c in siblings if c["assessments"])
    sibling = next(c for c in siblings if c is not child)
    later = _deleted_at_origin(source, tmp_path, child)

    outcome = import_file(target, later)
    assert outcome.ok, outcome.problems
    assert [str(child_id) for child_id in outcome.deleted] == [child["id"]]
    child_id = UUID(child["id"])
    with target.db.read() as uow:
        s = uow.session
        assert s.execute(select(orm.children).where(orm.children.c.id == child_id)).first() is None
        assert s.execute(select(orm.assessments).where(orm.assessments.c.child_id == child_id)).first() is None
        assert s.execute(select(orm.children).where(orm.children.c.id == UUID(sibling["id"]))).first()
        kept = set(s.execute(select(orm.child_adult_links.c.adult_id).where(
            orm.child_adult_links.c.child_id == UUID(sibling["id"]))).scalars())
        assert kept and kept <= set(s.execute(select(orm.adults.c.id)).scalars())
        assert uow.records.held(orm.tombstones, [child_id], column="entity_id")
        event = uow.audit.events_of(("retention.delete",))[-1]
    assert event.entity_id == child["id"] and event.after["reason"] == "deleted-at-origin"
    payload = json.dumps(event.after)
    assert child["family_name"] not in payload and child["given_name"] not in payload
    again = import_file(target, later)  # the tombstone once more: nothing left to delete
    assert again.ok and again.deleted == []


def test_a_tombstone_from_another_organisation_is_refused(target, source, tmp_path):
    from gcp_desk.services.organisation import organisation_id
    from records_support import export_from

    with target.db.transaction() as uow:
        organisation_id(uow)  # this copy has an organisation of its own
    first = export_from(source, tmp_path / "first.json", passphrase=None)
    assert import_file(target, first).ok
    child = load(first)["children"][0]
    later = _deleted_at_origin(source, tmp_path, child)
    rows = table_rows(target)

    outcome = import_file(target, later)
    assert not outcome.ok
    assert len(outcome.problems) == 1
    assert outcome.problems[0].startswith(f"tombstones[0]: says child {child['id']}, whose record is held here, was "
                                          "deleted, but the bundle is from another organisation")
    assert table_rows(target) == rows


def test_a_record_kept_for_now_leaves_the_list_until_its_next_review(admin):
    backend, alex = admin
    at = lambda day: RetentionService(replace(backend.context(alex), today=lambda: day))  # noqa: E731
    service = at(date(2055, 1, 1))
    first = service.due()[0]
    next_review = service.keep(first.child_id, "proceedings")
    assert next_review == date(2056, 1, 1)
    assert first.child_id not in {entry.child_id for entry in service.due()}
    assert first.child_id not in {entry.child_id for entry in at(date(2055, 12, 31)).due()}
    again = next(entry for entry in at(date(2056, 1, 1)).due() if entry.child_id == first.child_id)
    assert again.due_on == date(2056, 1, 1) and again.kept_until == date(2056, 1, 1)
    assert again.why == (f"turned 25 on {short_date(first.due_on)}; kept on "
                         "1 Jan 2055 until 1 Jan 2056 (court proceedings, an "
                         "inquiry, a complaint or a practice review need it)")
    with backend.db.read() as uow:
        event = uow.audit.events_of(("retention.keep",))[-1]
    assert (event.entity_id, event.after) == (str(first.child_id), {
        "reason": "proceedings", "years": 1, "next_review": "2056-01-01", "decided_on": "2055-01-01"})
    with pytest.raises(InvalidInput, match="1 to 10 years"):
        service.keep(first.child_id, "other", years=11)
    sam = signed_in(backend, "Sam Whitfield")
    with pytest.raises(NotAllowed, match="Only an administrator"):
        backend.retention(sam).keep(first.child_id, "other")


def test_a_record_kept_because_the_child_was_looked_after_is_kept_until_the_looked_after_age(admin):
    backend, alex = admin
    context = backend.context(alex)
    at = lambda day: RetentionService(replace(context, today=lambda: day))  # noqa: E731
    first = at(date(2055, 1, 1)).due()[0]
    born = first.date_of_birth
    seventy_fifth = born.replace(year=born.year + 75)
    assert at(date(2055, 1, 1)).keep(first.child_id, "looked-after", years=2) == seventy_fifth
    [kept] = [entry for entry in at(date(2055, 1, 1)).kept() if entry.child_id == first.child_id]
    assert (kept.kept_until, kept.looked_after_age, kept.kept_by) == (seventy_fifth, 75, "Alex Morrow (administrator)")
    assert first.child_id not in {entry.child_id for entry in at(date(2080, 1, 1)).due()}
    assert first.child_id in {entry.child_id for entry in at(seventy_fifth).due()}
    # the rule is read when the list is made: a later change reaches the decisions already taken
    context.settings.retention = RetentionRule(review_at_age=25, review_at_age_if_looked_after=None)
    try:
        [kept] = [entry for entry in at(date(2055, 1, 1)).kept() if entry.child_id == first.child_id]
        assert (kept.kept_until, kept.looked_after_age) == (date(2057, 1, 1), None)
        assert first.child_id in {entry.child_id for entry in at(date(2057, 1, 1)).due()}
    finally:
        context.settings.retention = RetentionRule()


def test_why_a_record_is_due_says_past_and_future_in_their_tenses():
    from gcp_desk.services.retention import _birthday_words, _quiet_words

    assert _birthday_words(25, date(2034, 10, 7), today=date(2036, 1, 1)) == "turned 25 on 7 Oct 2034"
    assert _birthday_words(25, date(2034, 10, 7), today=date(2034, 10, 7)) == "turned 25 on 7 Oct 2034"
    assert _birthday_words(25, date(2034, 10, 7), today=date(2034, 10, 6)) == "turns 25 on 7 Oct 2034"
    assert _quiet_words(date(2029, 3, 12), today=date(2035, 3, 12)) == "no activity since 12 Mar 2029 (6 years)"
    assert _quiet_words(date(2029, 3, 12), today=date(2035, 3, 11)) == "no activity since 12 Mar 2029 (5 years)"
    assert _quiet_words(date(2029, 3, 12), today=date(2030, 4, 1)) == "no activity since 12 Mar 2029 (1 year)"
