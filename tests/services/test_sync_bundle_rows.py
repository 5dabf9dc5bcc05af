"""A sync moves records as a bundle: the rows it writes are the bundle's records as the importer's first pass parsed
them. Read back from its bundle, a child's file is row for row the file as stored, every column the sync compares
included (versions, each grade's last change, the places of notes and plan actions, gaps and all), so nothing
looks changed after it has travelled. An export leaves those sync-only fields out, as before."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select, update

from gcp_desk.domain.enums import EventKind, EvidenceSource, Relationship
from gcp_desk.services.history import HistoryService
from gcp_desk.services.plan import PlanService
from gcp_desk.storage import orm
from gcp_desk.sync import bundle_records, wire
from gcp_desk.sync.records import ALIAS, EVIDENCE, KINDS, read_files

from conftest_services import TODAY  # noqa: E402

ORGANISATION = "6d0c3c1e-5f1d-4e7b-9a57-3f0f5c1a7d99"


def _demo(backend, children: int = 6) -> None:
    from gcp_desk.demo.caseload import DemoCaseload

    DemoCaseload(backend.db, seed=5, today=TODAY).write(children)


def _file_and_bundle(backend, instruments):
    from uuid import UUID

    with backend.db.read() as uow:
        connection = uow.session.connection()
        ids = list(connection.execute(select(orm.children.c.id)).scalars())
        stored = read_files(connection, ids)
        actor = connection.execute(select(orm.users.c.id).limit(1)).scalar()
        chosen = {kind.name: list(stored.of(kind).values()) for kind in KINDS}
        text = wire.bundle_text(uow.session, chosen, organisation_id=UUID(ORGANISATION), actor_id=actor)
        found = wire.checked(text, organisation_id=UUID(ORGANISATION), instruments=instruments,
                             today=date.today(), receiving=connection)
    return stored, text, found


def test_a_file_read_back_from_its_bundle_is_the_file_as_stored(services, supervisor):
    backend = services.backend
    _demo(backend)
    context = backend.context(services.user)
    instruments = context.instruments
    # Changes that move what only a sync's bundle carries: versions past 1, a gap in the notes' places, a grade
    # changed after the assessment, a plan action edited.
    with backend.db.transaction() as uow:
        connection = uow.session.connection()
        demo_child = connection.execute(select(orm.children.c.id).order_by(orm.children.c.id).limit(1)).scalar()
        connection.execute(update(orm.children).where(orm.children.c.id == demo_child)
                           .values(ethnicity="Not stated", version=4))
        note = connection.execute(select(orm.evidence_notes.c.id)
                                  .order_by(orm.evidence_notes.c.position.desc()).limit(1)).first()
        connection.execute(update(orm.evidence_notes).where(orm.evidence_notes.c.id == note[0]).values(position=40))
        returned = connection.execute(select(orm.assessment_returns.c.id).limit(1)).scalar()
        connection.execute(orm.return_snapshots.insert(), [{"return_id": returned,
                                                            "content": {"analysis": "Invented, as returned."}}])
    child_id = services.children.create_child(given_name="Invented", family_name="Bundled",
                                              date_of_birth=date(2019, 3, 1),
                                              new_household=("Bundled home", "1 Made-up Road")).id
    draft = services.assessments.start(child_id)
    draft = services.assessments.add_visit(draft.id, on=date(2026, 10, 30))
    instrument = services.assessments.instrument_for(draft)
    item = instrument.applicable_item_ids(draft.age_band)[0]
    services.assessments.grade_item(draft.id, item, 2)
    for text in ("First.", "Second.", "Third."):
        services.assessments.add_evidence(draft.id, item_id=item, source=EvidenceSource.OBSERVED, text=text)
    middle = services.assessments.get(draft.id).evidence[1]
    services.assessments.delete_evidence(draft.id, middle.id)
    plans = PlanService(context)
    plans.add_action(draft.id, domain_id=instrument.domains[0].id, what_will_change="Invented change",
                     who="Invented worker", by_when=date(2027, 3, 1), target_grade=2)
    action = services.assessments.get(draft.id).plan[0]
    with backend.db.transaction() as uow:
        uow.session.execute(update(orm.plan_actions).where(orm.plan_actions.c.id == action.id)
                            .values(progress_notes="Invented progress."))
    other = services.children.create_child(given_name="Invented", family_name="Moved",
                                           date_of_birth=date(2020, 3, 1),
                                           new_household=("Second home", "2 Made-up Road"))
    services.households.move_child(child_id, other.household_id, date(2026, 10, 20))
    HistoryService(context).add_event(child_id, on=date(2026, 10, 29), kind=EventKind.INCIDENT,
                                      what_happened="Invented.", source_agency="School")
    # The same father recorded twice and merged: the merged-away id travels as an alias of the adult kept.
    kept = services.children.add_adult(child_id, given_name="Invented", family_name="Father",
                                       relationship=Relationship.FATHER)
    kept_id = next(known.adult.id for known in kept.adults)
    twice = services.children.add_adult(child_id, given_name="Invented", family_name="Fathr",
                                        relationship=Relationship.FATHER)
    duplicate_id = next(known.adult.id for known in twice.adults if known.adult.id != kept_id)
    supervisor.households.merge_adults(kept_id, duplicate_id)

    stored, text, found = _file_and_bundle(backend, instruments)
    assert found.problems == []
    read_back = bundle_records.rows_of(found.households, found.children, lambda a: instruments.get(
        a.instrument_id, a.instrument_version))
    for kind in KINDS:
        assert stored.of(kind), kind.name  # the file holds every kind of record a file is made of
        assert read_back.of(kind) == stored.of(kind), kind.name
    assert [row["adult_id"] for row in read_back.of(ALIAS).values()] == [kept_id]
    versions = {row["version"] for kind in KINDS if kind.versioned for row in stored.of(kind).values()}
    assert versions > {1}
    positions = [row["position"] for row in stored.of(EVIDENCE).values() if row["assessment_id"] == draft.id]
    assert sorted(positions) == [0, 2]  # the gap a deleted note left travels as it is


def test_an_export_leaves_the_sync_only_fields_out(services, tmp_path):
    from gcp_desk.services.export_records import ExportService

    backend = services.backend
    _demo(backend, 2)
    target = tmp_path / "all.json"
    ExportService(backend.context(services.user), whole_database=True).export(target, passphrase=None)
    bundle = json.loads(target.read_text(encoding="utf-8"))
    child = bundle["children"][0]
    assert "version" not in child
    assessment = child["assessments"][0]
    assert all("updated_at" not in grade for grade in assessment["item_grades"].values())
    assert all("position" not in note for note in assessment["evidence"])
    assert all("version" not in action and "position" not in action for action in assessment["plan"])


def test_an_alias_moved_alone_travels_under_its_adult(services, supervisor):
    """A merge that changed nothing of the adult kept moves only the alias: the bundle carries the adult it points
    at (and the adult's household) so that the alias is checked and read back as an import reads it, and only the
    alias is taken from it."""
    from uuid import UUID

    from gcp_desk.domain.enums import Relationship

    backend = services.backend
    instruments = backend.context(services.user).instruments
    child = services.children.create_child(given_name="Invented", family_name="Aliased",
                                           date_of_birth=date(2019, 4, 1),
                                           new_household=("Aliased home", "5 Made-up Road"))
    kept = services.children.add_adult(child.id, given_name="Invented", family_name="Parent",
                                       relationship=Relationship.MOTHER, relevant_history="Invented history.")
    kept_id = next(known.adult.id for known in kept.adults)
    twice = services.children.add_adult(child.id, given_name="Invented", family_name="Parnet",
                                        relationship=Relationship.MOTHER)
    duplicate_id = next(known.adult.id for known in twice.adults if known.adult.id != kept_id)
    supervisor.households.merge_adults(kept_id, duplicate_id)
    with backend.db.read() as uow:
        connection = uow.session.connection()
        stored = read_files(connection, [child.id])
        chosen = {kind.name: [] for kind in KINDS}
        chosen["alias"] = list(stored.of(ALIAS).values())
        text = wire.bundle_text(uow.session, chosen, organisation_id=UUID(ORGANISATION), actor_id=services.user.id)
        found = wire.checked(text, organisation_id=UUID(ORGANISATION), instruments=instruments,
                             today=date.today(), receiving=connection)
    assert found.problems == []
    [household] = json.loads(text)["households"]
    assert [(adult["id"], [alias["alias_id"] for alias in adult["aliases"]]) for adult in household["adults"]] == [
        (str(kept_id), [str(duplicate_id)])]
    files = bundle_records.rows_of(found.households, found.children, lambda a: instruments.get(
        a.instrument_id, a.instrument_version))
    planned = bundle_records.planned(chosen, files, "to send")
    assert planned["alias"] == chosen["alias"] and planned["adult"] == []
