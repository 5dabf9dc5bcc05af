"""Export writes only what the person may see, sealed unless plain was asked for, whole or not at all, and says so
in the audit trail with ids and counts only."""

from __future__ import annotations

import json
from uuid import UUID

import pytest

from gcp_desk.app import open_backend
from gcp_desk.bundle.envelope import MAGIC
from gcp_desk.domain.errors import NotAllowed, NotFound

from records_support import PASSPHRASE, export_from, load, signed_in


def test_a_practitioner_exports_their_team_and_nothing_else(source, plain_bundle):
    backend = open_backend(source)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        mine = {str(row.child_id) for row in backend.children(sam).caseload()}
        jo = signed_in(backend, "Jo Macintyre")
        theirs = {str(row.child_id) for row in backend.children(jo).caseload()}
    finally:
        backend.close()
    exported = {child["id"] for child in load(plain_bundle)["children"]}
    assert exported == mine
    assert theirs and not exported & theirs


def test_the_export_is_audited_with_counts_and_no_names(source, tmp_path):
    target = export_from(source, tmp_path / "out.json", passphrase=None)
    bundle = load(target)
    backend = open_backend(source)
    try:
        signed_in(backend, "Sam Whitfield")
        with backend.db.read() as uow:
            event = uow.audit.events_of(("records.export",))[-1]
    finally:
        backend.close()
    assert event.entity_id == bundle["id"]
    assert event.after["children"] == len(bundle["children"])
    assert event.after["assessments"] == sum(len(child["assessments"]) for child in bundle["children"])
    assert event.after["plain"] is True
    payload = json.dumps(event.after)
    assert not any(child["family_name"] in payload for child in bundle["children"])


def test_a_sealed_bundle_shows_nothing_of_the_records(sealed_bundle, plain_bundle):
    data = sealed_bundle.read_bytes()
    assert data.startswith(MAGIC)
    for child in load(plain_bundle)["children"]:
        assert child["family_name"].encode() not in data
        assert child["id"].encode() not in data


def test_one_child_or_one_household(source, tmp_path, plain_bundle):
    whole = load(plain_bundle)
    child = next(c for c in whole["children"] if c["household_id"])
    one = load(export_from(source, tmp_path / "one.json", passphrase=None, coverage="child",
                           record_id=UUID(child["id"])))
    assert [c["id"] for c in one["children"]] == [child["id"]]
    assert [h["id"] for h in one["households"]] == [child["household_id"]]
    household = load(export_from(source, tmp_path / "household.json", passphrase=None, coverage="household",
                                 record_id=UUID(child["household_id"])))
    expected = {c["id"] for c in whole["children"] if c["household_id"] == child["household_id"]}
    assert {c["id"] for c in household["children"]} == expected


def test_another_teams_child_is_refused_and_no_file_is_left(source, tmp_path):
    backend = open_backend(source)
    try:
        jo = signed_in(backend, "Jo Macintyre")
        theirs = backend.children(jo).caseload()[0].child_id
    finally:
        backend.close()
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotAllowed, match="belongs to another team"):
        export_from(source, out / "x.json", passphrase=None, coverage="child", record_id=theirs)
    with pytest.raises(NotFound):
        export_from(source, out / "x.json", passphrase=None, coverage="household", record_id=UUID(int=1))
    assert list(out.iterdir()) == []


def test_an_administrator_without_a_case_role_exports_nothing(source, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotAllowed, match="Administrators manage accounts"):
        export_from(source, out / "x.json", passphrase=None, as_="Alex Morrow")
    assert list(out.iterdir()) == []


def test_a_failed_export_leaves_the_file_it_would_replace_unchanged(source, tmp_path, monkeypatch):
    from gcp_desk.storage.repositories.bundle_rows import BundleRows

    out = tmp_path / "out"
    out.mkdir()
    target = out / "out.bundle"
    target.write_bytes(b"the export of last week")

    def broken(self, child_ids):
        raise OSError("the disk is full")

    monkeypatch.setattr(BundleRows, "assessments", broken)
    with pytest.raises(OSError):
        export_from(source, target, passphrase=PASSPHRASE)
    assert target.read_bytes() == b"the export of last week"
    assert [path.name for path in out.iterdir()] == ["out.bundle"]


def test_each_child_in_the_bundle_is_the_record_the_app_reads(source, plain_bundle):
    """The export reads rows by hand, for speed: every child, link, event and assessment of the bundle, read back
    through the models, equals what the app's own repositories read."""
    from gcp_desk.bundle.models import BundleChild
    from gcp_desk.storage.repositories.records import grouped

    children = [BundleChild.model_validate(child) for child in load(plain_bundle)["children"]]
    backend = open_backend(source)
    try:
        signed_in(backend, "Sam Whitfield")
        with backend.db.read() as uow:
            store = uow.records
            ids = [child.id for child in children]
            held = {child.id: child for child in store.children(ids)}
            links, events = grouped(store.links(ids), "child_id"), grouped(store.events(ids), "child_id")
            assessments = grouped(store.assessments(ids), "child_id")
            signatures, comments, returns, _snapshots = store.review([a.id for a in store.assessments(ids)])
    finally:
        backend.close()
    assert children and sum(len(child.assessments) for child in children) > len(children)
    signed = {signature.id: signature for signature in signatures}
    for child in children:
        assert child.model_dump(include=set(type(held[child.id]).model_fields)) == held[child.id].model_dump()
        assert child.links == links.get(child.id, [])
        assert [event.model_dump() for event in child.events] == [e.model_dump() for e in events.get(child.id, [])]
        stored = assessments.get(child.id, [])
        assert [a.model_dump(include=set(type(s).model_fields)) for a, s in zip(child.assessments, stored,
                                                                               strict=True)] == \
            [s.model_dump() for s in stored]
        for assessment in child.assessments:
            for signature in assessment.signatures:
                assert signature.model_dump() == signed[signature.id].model_dump()
    assert comments is not None and returns is not None
