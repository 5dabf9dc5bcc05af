"""The bundle is what a sync moves: what a laptop sends is written on the server from the bundle's records as the
importer's first pass parsed them, with exactly the bundle's values; a record in it that the importer would refuse
stops the sync in the importer's words with both sides whole; and records that have travelled do not look changed
at the next sync."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from laptops import both_sides_identical, files_on_laptop, files_on_server, laptop, new_child, server_text, \
    sync_service
from server_support import PASSWORD, connect


@pytest.fixture
def bundles(monkeypatch):
    """Every bundle a sync makes, as text, in order; ``change`` edits the next ones on their way."""
    from gcp_desk.sync import wire

    made: list[str] = []
    changes: list = []
    real = wire.bundle_text

    def recorded(*args, **kwargs):
        found = real(*args, **kwargs)
        if found is not None:
            for change in changes:
                bundle = json.loads(found)
                change(bundle)
                found = json.dumps(bundle)
            made.append(found)
        return found

    monkeypatch.setattr(wire, "bundle_text", recorded)
    return made, changes


def _offline_with_work(backend, user, person, family: str):
    """A child synced, taken offline, and worked on there in the ways a day's work changes a file."""
    from gcp_desk.domain.enums import EventKind, EvidenceSource
    from gcp_desk.services.history import HistoryService
    from gcp_desk.services.plan import PlanService

    child, assessment = new_child(backend, user, family)
    sync_service(backend, user).sync_now(PASSWORD, server=server_text(person))
    sync_service(backend, user).take_offline(PASSWORD, server=server_text(person), child_ids=[child.id])
    assessments = backend.assessments(user)
    instrument = assessments.instrument_for(assessment)
    item = next(iter(assessments.get(assessment.id).item_grades))
    assessments.grade_item(assessment.id, item, 4)
    for words in ("Seen at the visit.", "Said by the school.", "Seen again."):
        assessments.add_evidence(assessment.id, item_id=item, source=EvidenceSource.OBSERVED, text=words)
    assessments.delete_evidence(assessment.id, assessments.get(assessment.id).evidence[1].id)  # a gap in places
    context = backend.context(user)
    PlanService(context).add_action(assessment.id, domain_id=instrument.domains[0].id,
                                    what_will_change="Invented change", who="Invented worker",
                                    by_when=date(2027, 3, 1), target_grade=2)
    backend.children(user).update_child(backend.children(user).get(child.id).model_copy(
        update={"ethnicity": "Not stated"}))
    HistoryService(context).add_event(child.id, on=date(2026, 11, 3), kind=EventKind.INCIDENT,
                                      what_happened="Invented incident.", source_agency="School")
    return child, assessment, item


def test_what_the_laptop_sends_is_written_on_the_server_with_the_bundles_values(north, bundles):
    from gcp_desk.sync.records import ASSESSMENT, CHILD, EVIDENCE, GRADE, KINDS, PLAN_ACTION

    made, changes = bundles
    s, nia = north["server"], north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, assessment, item = _offline_with_work(backend, user, nia, "Wired")
        made.clear()
        sent = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
        assert sent.sent > 0 and sent.conflicts == 0
        outgoing = json.loads(made[0])
        again = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
    # What travelled looks the same on both sides at once: nothing to send or receive at the next sync.
    assert (again.sent, again.received, again.conflicts) == (0, 0, 0)
    [sent_child] = outgoing["children"]
    assert sent_child["id"] == str(child.id) and sent_child["ethnicity"] == "Not stated"
    [sent_assessment] = sent_child["assessments"]
    assert sent_assessment["item_grades"][item]["grade"] == 4
    assert [note["position"] for note in sent_assessment["evidence"]] == [0, 2]
    on_server = files_on_server(s.url, [child.id])
    assert [row["version"] for row in on_server[CHILD.name]] == [sent_child["version"]]
    assert [row["ethnicity"] for row in on_server[CHILD.name]] == ["Not stated"]
    grades = {row["item_id"]: row for row in on_server[GRADE.name]}
    assert grades[item]["grade"] == 4
    assert grades[item]["updated_at"].isoformat().replace("+00:00", "Z") == \
        sent_assessment["item_grades"][item]["updated_at"]
    assert sorted(row["position"] for row in on_server[EVIDENCE.name]) == [0, 2]
    assert [row["version"] for row in on_server[PLAN_ACTION.name]] == [a["version"] for a in sent_assessment["plan"]]
    assert [row["updated_at"].isoformat().replace("+00:00", "Z") for row in on_server[ASSESSMENT.name]] == \
        [sent_assessment["updated_at"]]
    assert files_on_laptop(north["laptop_a"], nia, [child.id]) == on_server
    assert set(on_server) == {kind.name for kind in KINDS}
    both_sides_identical(north["laptop_a"], nia, s.url, [child.id])


def test_the_server_is_written_from_the_bundle_not_from_the_laptops_rows(north, bundles):
    """A value changed in the bundle on its way (as a different transport would carry it) is the value written."""
    made, changes = bundles
    s, nia = north["server"], north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _, _ = _offline_with_work(backend, user, nia, "Carried")

        def carried(bundle):
            for record in bundle["children"]:
                if record["id"] == str(child.id):
                    record["ethnicity"] = "As the bundle carried it"

        changes.append(carried)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
    with connect(s.url) as su:
        assert su.execute(text("SELECT ethnicity FROM children WHERE id = :c"), {"c": child.id}).scalar() == \
            "As the bundle carried it"


def test_a_record_the_importer_would_refuse_stops_the_sync_with_both_sides_whole(north, bundles):
    from gcp_desk.domain.errors import NotAllowed

    made, changes = bundles
    s, nia = north["server"], north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, assessment, item = _offline_with_work(backend, user, nia, "Refused")
        before = files_on_server(s.url, [child.id])
        laptop_before = files_on_laptop(north["laptop_a"], nia, [child.id])

        def off_the_scale(bundle):
            for record in bundle["children"]:
                for found in record["assessments"]:
                    if found["id"] == str(assessment.id):
                        found["item_grades"][item]["grade"] = 7

        changes.append(off_the_scale)
        with pytest.raises(NotAllowed) as refused:
            sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
        words = str(refused.value)
        assert "do not pass the checks an import makes" in words and "grade 7 is not on the 1-5 scale" in words
        assert files_on_server(s.url, [child.id]) == before
        assert files_on_laptop(north["laptop_a"], nia, [child.id]) == laptop_before
        changes.clear()
        done = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
    assert done.sent > 0 and done.conflicts == 0
    both_sides_identical(north["laptop_a"], nia, s.url, [child.id])


def test_what_the_laptop_receives_is_written_from_the_servers_bundle(north, bundles):
    """The server's changes come as a bundle read from the server: a value changed in it on its way is the value
    the laptop writes, and nothing else reaches the laptop."""
    made, changes = bundles
    s, nia = north["server"], north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Received")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
        with connect(s.url) as su:  # changed in the office meanwhile
            su.execute(text("UPDATE children SET ethnicity = 'Changed in the office' WHERE id = :c"), {"c": child.id})

        def carried(bundle):
            for record in bundle["children"]:
                if record["id"] == str(child.id) and record["ethnicity"] == "Changed in the office":
                    record["ethnicity"] = "As the bundle carried it"

        changes.append(carried)
        made.clear()
        got = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
        assert got.received == 1 and got.sent == 0
        assert backend.children(user).get(child.id).ethnicity == "As the bundle carried it"
    [incoming] = [json.loads(found) for found in made]
    assert [record["id"] for record in incoming["children"]] == [str(child.id)]
    assert incoming["children"][0]["version"] == 2


def test_a_server_record_the_importer_would_refuse_stops_the_receiving_with_the_laptop_whole(north):
    from uuid import uuid4

    from gcp_desk.domain.errors import NotAllowed

    s, nia = north["server"], north["nia"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Refusedin")
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
        before = files_on_laptop(north["laptop_a"], nia, [child.id])
        wrong = uuid4()
        with connect(s.url) as su:  # written on the server past the app, as an insider might: a date far ahead
            su.execute(text("INSERT INTO significant_events (id, child_id, date, kind, what_happened, "
                            "source_agency, created_at) VALUES (:id, :c, '2100-01-01', 'incident', 'Invented.', '',"
                            " now())"), {"id": wrong, "c": child.id})
        with pytest.raises(NotAllowed) as refused:
            sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
        words = str(refused.value)
        assert "The records to receive from the team server" in words
        assert "2100-01-01 is in the future or before 1900" in words and "Nothing was received" in words
        assert files_on_laptop(north["laptop_a"], nia, [child.id]) == before
        with connect(s.url) as su:
            su.execute(text("DELETE FROM significant_events WHERE id = :id"), {"id": wrong})
        done = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
    assert done.conflicts == 0
    both_sides_identical(north["laptop_a"], nia, s.url, [child.id])


def test_a_household_with_its_adults_arrives_whole_on_another_laptop(north):
    """Read from the server as the supervisor's own login may read it: the household, the adults in it and linked to
    the child, and the child's file, written on the second laptop from the server's bundle."""
    from gcp_desk.domain.enums import Relationship

    s, nia, sol = north["server"], north["nia"], north["sol"]
    with laptop(north["laptop_a"], nia) as (backend, user):
        child, _ = new_child(backend, user, "Household")
        backend.children(user).add_adult(child.id, given_name="Invented", family_name="Household",
                                         relationship=Relationship.MOTHER, lives_with_child=True)
        backend.children(user).add_adult(child.id, given_name="Invented", family_name="Visiting",
                                         relationship=Relationship.AUNT_OR_UNCLE)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    with laptop(north["laptop_b"], sol) as (backend, user):
        taken = sync_service(backend, user).take_offline(PASSWORD, server=server_text(sol), child_ids=[child.id])
        assert taken.received > 0 and taken.conflicts == 0
        record = backend.children(user).record(child.id)
        assert sorted(entry.adult.family_name for entry in record.adults) == ["Household", "Visiting"]
    assert files_on_laptop(north["laptop_b"], sol, [child.id]) == files_on_server(s.url, [child.id])
    both_sides_identical(north["laptop_b"], sol, s.url, [child.id])
