"""The caseload's household sort key (``children.household_sort``, migration 0018) agrees with each child's household
after every way a child or a household is written: a child made with a new household or joining one, an edit, a
move, a rename, a new adult making the child's household, an adult merge, the bulk writer, a sync's raw rows and a
household deleted. A write path that left the key behind would put a child under another family's heading."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select

from gcp_desk.domain.caseload_window import CaseloadRequest
from gcp_desk.domain.enums import Relationship, Role, Sex
from gcp_desk.domain.people import Child, Household, Team
from gcp_desk.storage import orm
from gcp_desk.storage.bulk import BulkWriter
from gcp_desk.sync.records import CHILD, HOUSEHOLD, write_rows

from conftest_services import TODAY
from household_keys import assert_keys_agree, stored_keys


@pytest.fixture
def ben(backend, add_user):
    team = Team(name="Northgate team")
    with backend.db.transaction() as uow:
        uow.users.add_team(team)
    return add_user("Ben Carter", Role.SUPERVISOR, team.id)


def test_the_household_sort_key_follows_every_write_of_a_child_or_household(backend, ben):
    ava = ben.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2015, 2, 1),
                                    sex=Sex.FEMALE, new_household=("Quill household", "4 Mill Lane, Dunmere"))
    mia = ben.children.create_child(given_name="Mia", family_name="Quill", date_of_birth=date(2021, 6, 9),
                                    sex=Sex.FEMALE, household_id=ava.household_id)
    lone = ben.children.create_child(given_name="Kit", family_name="Abbot", date_of_birth=date(2019, 3, 3))
    assert stored_keys(backend)[lone.id].household_sort == "1"
    assert_keys_agree(backend)

    # An edit keeps the household; a rename moves both sisters' keys; a move takes one child to another family.
    ben.children.update_child(mia.model_copy(update={"given_name": "Mya"}))
    quill = ben.households.members(ava.household_id)[0]
    ben.children.update_household(quill.model_copy(update={"name": "Abernethy-Quill home"}))
    assert {stored_keys(backend)[c].household_sort.split("\x01")[0] for c in (ava.id, mia.id)} == {
        "0abernethy-quill home"}
    other = ben.children.create_household("Zed household", "9 Quay Street, Dunmere")
    ben.households.move_child(mia.id, other.id, TODAY)
    assert_keys_agree(backend)

    # A new adult for a child with no household makes one; merging two copies of an adult leaves the keys right.
    ben.children.add_adult(lone.id, given_name="Dee", family_name="Abbot", relationship=Relationship.MOTHER,
                           sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    ben.children.add_adult(lone.id, given_name="Dee", family_name="Abbot", relationship=Relationship.MOTHER,
                           sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    assert stored_keys(backend)[lone.id].household_sort.startswith("0abbot household\x01")
    copies = [s.adult.id for s in ben.children.record(lone.id).adults]
    ben.households.merge_adults(copies[0], copies[1])
    assert_keys_agree(backend)


def test_the_bulk_writer_a_syncs_raw_rows_and_a_deleted_household_keep_the_key(backend, ben):
    home = Household(name="Bulk household")
    child = Child(given_name="Lee", family_name="Bulk", date_of_birth=date(2018, 5, 5), household_id=home.id,
                  team_id=ben.user.team_id)
    writer = BulkWriter(backend.db)
    writer.households([home])
    writer.children([child])
    assert_keys_agree(backend)

    # A sync's rows carry the key another copy worked out (or none): each database works out its own.
    synced = Household(name="Synced household")
    arrived = Child(given_name="Sol", family_name="Synced", date_of_birth=date(2018, 5, 5), household_id=synced.id,
                    team_id=ben.user.team_id)
    with backend.db.engine.begin() as connection:
        household = {**connection.execute(select(orm.households).where(orm.households.c.id == home.id))
                     .mappings().one()}
        row = {**connection.execute(select(orm.children).where(orm.children.c.id == child.id)).mappings().one()}
        write_rows(connection, HOUSEHOLD, [{**household, "id": synced.id, "name": "Synced household"}], held=set())
        write_rows(connection, CHILD, [{**row, "id": arrived.id, "household_id": None, "household_sort": "0zz"}],
                   held=set())
        write_rows(connection, CHILD, [{**row, "id": arrived.id, "household_id": synced.id, "household_sort": "0zz"}],
                   held={(arrived.id,)})
        write_rows(connection, HOUSEHOLD, [{**household, "name": "Renamed by a sync"}], held={(home.id,)})
    assert stored_keys(backend)[arrived.id].household_sort.startswith("0synced household\x01")
    assert stored_keys(backend)[child.id].household_sort.startswith("0renamed by a sync\x01")
    assert_keys_agree(backend)

    with backend.db.engine.begin() as connection:
        connection.execute(delete(orm.households).where(orm.households.c.id == synced.id))
    assert stored_keys(backend)[arrived.id].household_sort == "1"
    assert_keys_agree(backend)


def test_grouped_families_sort_by_name_whatever_its_case_and_a_longer_name_after_its_start(backend, ben):
    made = {}
    for name in ("smith household", "Smith household Jones", "de Souza home", "Ahmed household"):
        for given in ("Ann", "Bo"):
            made[given + name] = ben.children.create_child(
                given_name=given, family_name=name.split()[-2], date_of_birth=date(2016, 1, 1),
                new_household=(name, "") if given == "Ann" else None,
                household_id=None if given == "Ann" else made["Ann" + name].household_id)
    page = ben.children.caseload_page(CaseloadRequest(by_household=True))
    assert [page.households[row.household_id] for row in page.rows] == [
        "Ahmed household", "Ahmed household", "de Souza home", "de Souza home", "smith household",
        "smith household", "Smith household Jones", "Smith household Jones"]
