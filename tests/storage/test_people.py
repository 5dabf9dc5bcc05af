"""Users, households, children and significant adults: what is stored comes back whole."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest
from sqlalchemy import text

from gcp_desk.domain.enums import PlanType, Relationship, Role, Sex
from gcp_desk.domain.errors import NotFound
from gcp_desk.domain.people import Adult, Child, ChildAdultLink, Household, LocalIdentifier, User
from gcp_desk.storage import orm


def test_users_round_trip_and_are_found_by_name_whatever_the_case(db, make):
    supervisor = User(name="Grace Mensah", role=Role.SUPERVISOR, created_at=make.at(2024, 2, 1, microsecond=7))
    worker = User(name="Ben Carter", created_at=make.at(2024, 2, 2))
    with db.transaction() as uow:
        uow.users.add(supervisor)
        uow.users.add(worker)
    with db.transaction() as uow:
        assert uow.users.get(supervisor.id) == supervisor
        assert uow.users.all() == [worker, supervisor]  # by name
        assert uow.users.by_name("  grace MENSAH ") == supervisor
        assert uow.users.by_name("Nobody") is None
        with pytest.raises(NotFound):
            uow.users.get(uuid4())


def test_households_round_trip_and_update(db):
    household = Household(name="Patel household", address="2 Lane", created_at=datetime(2024, 1, 1, tzinfo=UTC))
    with db.transaction() as uow:
        uow.households.add(household)
    moved = household.model_copy(update={"address": "14 New Street", "created_at": datetime(2030, 1, 1, tzinfo=UTC)})
    with db.transaction() as uow:
        stored = uow.households.update(moved)
    assert stored.address == "14 New Street"
    assert stored.created_at == household.created_at  # a record keeps its creation time for life
    with db.transaction() as uow:
        assert uow.households.all() == [stored]
        with pytest.raises(NotFound):
            uow.households.update(Household(name="Never added"))


def test_a_child_round_trips_with_every_field(db, world):
    with db.transaction() as uow:
        stored = uow.children.get(world.child.id)
    assert stored == world.child
    assert stored.identifiers[1] == LocalIdentifier(scheme="NHS", value="9434765919")
    assert stored.created_at.tzinfo is UTC and stored.updated_at.microsecond == 654321


def test_an_unborn_child_round_trips_with_no_date_of_birth(db, make):
    unborn = make.child(date_of_birth=None, expected_date_of_delivery=date(2025, 2, 1), identifiers=[],
                        household_id=None, sex=Sex.NOT_KNOWN, ethnicity="")
    with db.transaction() as uow:
        uow.children.add(unborn)
    with db.transaction() as uow:
        assert uow.children.get(unborn.id) == unborn


def test_updating_a_child_keeps_created_at_sets_updated_at_and_refreshes_search(db, world):
    renamed = world.child.model_copy(
        update={"given_name": "Tobias", "plan_type": PlanType.CHILD_PROTECTION,
                "identifiers": [LocalIdentifier(scheme="LCS", value="Z999")]}
    )
    before = datetime.now(UTC)
    with db.transaction() as uow:
        stored = uow.children.update(renamed)
    assert stored.given_name == "Tobias" and stored.plan_type is PlanType.CHILD_PROTECTION
    assert stored.created_at == world.child.created_at
    assert stored.updated_at >= before
    with db.transaction() as uow:
        assert [row.child_id for row in uow.caseload.rows(search="z999")] == [world.child.id]
        assert uow.caseload.rows(search="C123456") == []


def test_children_of_a_household_oldest_first(db, world, make):
    baby = make.child(given_name="Kemi", date_of_birth=date(2023, 1, 1), household_id=world.household.id)
    unborn = make.child(given_name="Unborn", date_of_birth=None, expected_date_of_delivery=date(2030, 5, 1),
                        household_id=world.household.id)
    elsewhere = make.child(given_name="Other", household_id=None)
    with db.transaction() as uow:
        for child in (unborn, baby, elsewhere):
            uow.children.add(child)
    with db.transaction() as uow:
        names = [child.given_name for child in uow.children.in_household(world.household.id)]
    assert names == ["Tobi", "Kemi", "Unborn"]


def test_an_adult_round_trips_and_updates(db, world):
    with db.transaction() as uow:
        assert uow.adults.get(world.mother.id) == world.mother
        changed = uow.adults.update(world.mother.model_copy(update={"relevant_history": "Now in recovery."}))
    assert changed.relevant_history == "Now in recovery."
    with db.transaction() as uow:
        assert uow.adults.in_household(world.household.id) == [changed]
        with pytest.raises(NotFound):
            uow.adults.get(uuid4())


def test_the_child_record_shows_household_and_significant_adults_with_their_links(db, world):
    stepfather = Adult(household_id=world.household.id, given_name="Carl", family_name="Brown", sex=Sex.MALE)
    grandmother = Adult(household_id=world.household.id, given_name="Beatrice", family_name="Abara",
                        sex=Sex.FEMALE)
    with db.transaction() as uow:
        uow.adults.add(stepfather)
        uow.adults.add(grandmother)
        uow.adults.link(ChildAdultLink(child_id=world.child.id, adult_id=grandmother.id,
                                       relationship=Relationship.GRANDPARENT))
        uow.adults.link(ChildAdultLink(child_id=world.child.id, adult_id=stepfather.id,
                                       relationship=Relationship.STEPFATHER, lives_with_child=True))
    with db.transaction() as uow:
        record = uow.children.record(world.child.id)
    assert record.child == world.child
    assert record.household == world.household
    # Parental responsibility first, then those the child lives with, then by name.
    assert [(a.adult.given_name, a.link.relationship) for a in record.adults] == [
        ("Ada", Relationship.MOTHER),
        ("Carl", Relationship.STEPFATHER),
        ("Beatrice", Relationship.GRANDPARENT),
    ]
    assert record.adults[0].link.parental_responsibility and record.adults[0].link.lives_with_child
    assert record.has_father_or_male_carer


def test_linking_again_replaces_the_link_and_unlinking_removes_it(db, world):
    corrected = ChildAdultLink(child_id=world.child.id, adult_id=world.mother.id,
                               relationship=Relationship.FOSTER_OR_KINSHIP_CARER, parental_responsibility=False,
                               lives_with_child=False)
    with db.transaction() as uow:
        uow.adults.link(corrected)
    with db.transaction() as uow:
        assert [a.link for a in uow.adults.for_child(world.child.id)] == [corrected]
        assert uow.adults.unlink(world.child.id, world.mother.id) is True
        assert uow.adults.unlink(world.child.id, world.mother.id) is False
    with db.transaction() as uow:
        assert uow.adults.for_child(world.child.id) == []
        assert uow.children.record(world.child.id).adults == []


def test_linking_to_a_child_or_adult_that_does_not_exist_is_not_found(db, world):
    with db.transaction() as uow:
        with pytest.raises(NotFound, match="child"):
            uow.adults.link(ChildAdultLink(child_id=uuid4(), adult_id=world.mother.id,
                                           relationship=Relationship.MOTHER))
        with pytest.raises(NotFound, match="adult"):
            uow.adults.link(ChildAdultLink(child_id=world.child.id, adult_id=uuid4(),
                                           relationship=Relationship.FATHER))


def test_a_child_without_a_household_has_none_in_the_record(db, make):
    child = make.child(household_id=None)
    with db.transaction() as uow:
        uow.children.add(child)
        assert uow.children.record(child.id).household is None
        with pytest.raises(NotFound):
            uow.children.record(uuid4())


def test_ids_and_timestamps_are_stored_in_a_plain_readable_form(db, world):
    """A person restoring or merging a database by hand sees hex ids and UTC times, not pickled objects."""
    with db.transaction() as uow:
        if db.is_sqlite:
            row = uow.session.execute(text("SELECT id, created_at FROM children WHERE given_name = 'Tobi'")).one()
        else:  # PostgreSQL has types of its own for both, shown as text here
            row = uow.session.execute(
                text("SELECT id::text AS id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') "
                     "AS created_at FROM children WHERE given_name = 'Tobi'")
            ).one()
    expected_id = world.child.id.hex if db.is_sqlite else str(world.child.id)
    assert row.id == expected_id
    assert row.created_at == "2024-01-05 10:00:00.123456"


@pytest.mark.postgresql_only
def test_on_postgresql_ids_and_times_use_its_own_uuid_and_timestamptz_types(db):
    with db.transaction() as uow:
        types = dict(uow.session.execute(text(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'children' AND column_name IN ('id', 'created_at', 'latest_assessment_id')"
        )).all())
    assert types == {"id": "uuid", "latest_assessment_id": "uuid", "created_at": "timestamp with time zone"}


def test_storage_knows_every_field_of_people_records():
    """A field added to a domain model must be given a column, or this fails before any record loses it."""
    for model, table in ((User, orm.users), (Household, orm.households), (Child, orm.children),
                         (Adult, orm.adults), (ChildAdultLink, orm.child_adult_links)):
        assert set(model.model_fields) <= set(table.columns.keys()), model.__name__
