"""A merge of two records of the same adult arrives whole on the other side at the next sync, whichever side made
it: the merged-away id kept as an alias of the adult kept, every link moved to the adult kept, the duplicate gone.
On the server the aliases are seen and changed only with the adult they point at (row-level security, team scope),
which the server's rules carry from version 7."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from laptops import both_sides_identical, laptop, server_text, sync_service
from server_support import PASSWORD, connect


def a_family_with_a_duplicate(backend, user) -> dict:
    """Two children of one family on a laptop: the father recorded twice in the first child's household, the
    first child linked to both records and the second child to the duplicate only."""
    from datetime import date

    from gcp_desk.domain.enums import Relationship

    children = backend.children(user)
    first = children.create_child(given_name="Invented", family_name="Mergeone", date_of_birth=date(2018, 5, 2),
                                  new_household=("Mergeone home", "3 Made-up Road"))
    second = children.create_child(given_name="Invented", family_name="Mergetwo", date_of_birth=date(2020, 7, 9),
                                   new_household=("Mergetwo home", "4 Made-up Road"))
    kept = children.add_adult(first.id, given_name="Invented", family_name="Father", relationship=Relationship.FATHER)
    kept_id = next(known.adult.id for known in kept.adults)
    record = children.add_adult(first.id, given_name="Invented", family_name="Fathr",
                                relationship=Relationship.FATHER, relevant_history="Invented history.")
    duplicate_id = next(known.adult.id for known in record.adults if known.adult.id != kept_id)
    children.link_adult(second.id, duplicate_id, Relationship.FATHER)
    return dict(children=[first.id, second.id], kept=kept_id, duplicate=duplicate_id)


def as_supervisor_here(backend, user) -> None:
    """The laptop's copy of the account given the supervisor role its server account has."""
    from gcp_desk.storage import orm

    with backend.db.transaction() as uow:
        uow.session.execute(update(orm.users).where(orm.users.c.id == user.id)
                            .values(roles="administrator,practitioner,supervisor"))


def merged_on_server(url, family: dict) -> tuple:
    """What the server holds of the merge: the aliases of the adult kept, the adults the children are linked to,
    and whether the duplicate is still there."""
    with connect(url) as su:
        aliases = su.execute(text("SELECT alias_id FROM adult_aliases WHERE adult_id = :a"),
                             {"a": family["kept"]}).scalars().all()
        linked = set(su.execute(text("SELECT adult_id FROM child_adult_links WHERE child_id = ANY(:c)"),
                                {"c": family["children"]}).scalars())
        duplicate = su.execute(text("SELECT count(*) FROM adults WHERE id = :a"), {"a": family["duplicate"]}).scalar()
    return aliases, linked, duplicate


def test_a_merge_made_offline_arrives_whole_on_the_server(north):
    from gcp_desk.services.households import HouseholdService

    s, sol = north["server"], north["sol"]
    folder = north["laptop_b"]
    with laptop(folder, sol) as (backend, user):
        as_supervisor_here(backend, user)
        family = a_family_with_a_duplicate(backend, user)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol))
        assert merged_on_server(s.url, family) == ([], {family["kept"], family["duplicate"]}, 1)
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(sol), child_ids=family["children"])
        HouseholdService(backend.context(user)).merge_adults(family["kept"], family["duplicate"])  # offline
        outcome = sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol), keep=family["children"])
        assert outcome.conflicts == 0
    assert merged_on_server(s.url, family) == ([family["duplicate"]], {family["kept"]}, 0)
    with connect(s.url) as su:
        assert su.execute(text("SELECT relevant_history FROM adults WHERE id = :a"),
                          {"a": family["kept"]}).scalar() == "Invented history."
    both_sides_identical(folder, sol, s.url, family["children"])
    with laptop(folder, sol) as (backend, user):  # the next sync brings nothing back, and finds nothing to do
        again = sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol), keep=family["children"])
        assert (again.sent, again.received, again.conflicts) == (0, 0, 0)
    assert merged_on_server(s.url, family) == ([family["duplicate"]], {family["kept"]}, 0)


def test_a_merge_made_in_the_office_arrives_whole_on_the_laptop_that_holds_the_children(north):
    from sqlalchemy.orm import Session

    from gcp_desk.storage.repositories.adults import AdultRepository

    s, nia, sol = north["server"], north["nia"], north["sol"]
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        family = a_family_with_a_duplicate(backend, user)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=family["children"])
    # In the office, the supervisor merges the two records on the server, as their own login (under the server's
    # row-level security), with the app's own merge.
    with sol.connection(autocommit=False) as connection:
        with Session(bind=connection) as session, session.begin():
            moved = AdultRepository(session).merge(family["kept"], family["duplicate"], sol.id, datetime.now(UTC))
        assert moved == [family["children"][1]]
    assert merged_on_server(s.url, family) == ([family["duplicate"]], {family["kept"]}, 0)
    with laptop(folder, nia) as (backend, user):
        outcome = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=family["children"])
        assert outcome.received >= 3 and outcome.conflicts == 0  # the alias, the link moved, the duplicate's removal
        second = backend.children(user).record(family["children"][1])
        assert [known.adult.id for known in second.adults] == [family["kept"]]
        adults = backend.context(user)
        with adults.transaction() as uow:
            assert uow.adults.alias_of(family["duplicate"]) == family["kept"]
            assert uow.adults.get(family["duplicate"]).id == family["kept"]  # the old id finds the adult kept
    both_sides_identical(folder, nia, s.url, family["children"])


def test_a_merge_of_the_adult_kept_re_points_its_aliases_on_the_other_side(north):
    """Merged once and synced, then the adult kept merged in turn into a third record: the first alias points at
    the third on both sides, and the second adult can go on the server (no alias left pointing at it)."""
    from gcp_desk.domain.enums import Relationship
    from gcp_desk.services.households import HouseholdService

    s, sol = north["server"], north["sol"]
    folder = north["laptop_b"]
    with laptop(folder, sol) as (backend, user):
        as_supervisor_here(backend, user)
        family = a_family_with_a_duplicate(backend, user)
        third = backend.children(user).add_adult(family["children"][0], given_name="Invented", family_name="Fathe",
                                                 relationship=Relationship.FATHER)
        third_id = next(known.adult.id for known in third.adults
                        if known.adult.id not in (family["kept"], family["duplicate"]))
        merges = HouseholdService(backend.context(user))
        merges.merge_adults(family["kept"], family["duplicate"])
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol))
        assert merged_on_server(s.url, family)[0] == [family["duplicate"]]
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(sol), child_ids=family["children"])
        merges.merge_adults(third_id, family["kept"])
        assert sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol),
                                                    keep=family["children"]).conflicts == 0
    with connect(s.url) as su:
        aliases = dict(su.execute(text("SELECT alias_id, adult_id FROM adult_aliases")).all())
        assert aliases == {family["duplicate"]: third_id, family["kept"]: third_id}
        assert su.execute(text("SELECT count(*) FROM adults WHERE id = :a"), {"a": family["kept"]}).scalar() == 0
    both_sides_identical(folder, sol, s.url, family["children"])


def test_rls_an_alias_is_seen_and_changed_only_within_the_team_of_its_adult(north):
    from gcp_desk.services.households import HouseholdService

    s, sol = north["server"], north["sol"]
    south = s.add_team("South")
    pip = s.add_person("Pip South", "practitioner", south)
    with laptop(north["laptop_b"], sol) as (backend, user):
        as_supervisor_here(backend, user)
        family = a_family_with_a_duplicate(backend, user)
        HouseholdService(backend.context(user)).merge_adults(family["kept"], family["duplicate"])
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol))
    alias = {"alias": family["duplicate"]}
    with sol.connection() as connection:  # the team's own supervisor sees it
        assert connection.execute(text("SELECT adult_id FROM adult_aliases WHERE alias_id = :alias"),
                                  alias).scalar() == family["kept"]
    with pip.connection() as connection:  # another team's practitioner neither sees nor changes it
        assert connection.execute(text("SELECT count(*) FROM adult_aliases")).scalar() == 0
        assert connection.execute(text("UPDATE adult_aliases SET merged_by = :me WHERE alias_id = :alias"),
                                  {**alias, "me": pip.id}).rowcount == 0
        assert connection.execute(text("DELETE FROM adult_aliases WHERE alias_id = :alias"), alias).rowcount == 0
        with pytest.raises(DBAPIError, match="row-level security"):
            connection.execute(text("INSERT INTO adult_aliases (alias_id, adult_id, merged_by, merged_at) "
                                    "VALUES (gen_random_uuid(), :kept, :me, now())"),
                               {"kept": family["kept"], "me": pip.id})
    with connect(s.url) as su:
        assert su.execute(text("SELECT count(*) FROM adult_aliases")).scalar() == 1


def test_rls_aliases_reach_a_server_left_at_rules_6_only_through_server_upgrade(north, tmp_path):
    from gcp_desk.server.rules import RULES_VERSION
    from test_server_upgrade import upgraded_through_the_command

    s, sol = north["server"], north["sol"]
    with connect(s.url) as su:  # the server as the previous copy of GCP Desk left it: the aliases closed
        su.execute(text("UPDATE app_meta SET value = '6' WHERE key = 'server_rules_version'"))
        for action in ("select", "insert", "update", "delete"):
            su.execute(text(f"DROP POLICY person_{action} ON adult_aliases"))
        su.execute(text(f'REVOKE ALL ON adult_aliases FROM "{s.person_role}"'))
    with sol.connection() as connection, pytest.raises(DBAPIError, match="permission denied"):
        connection.execute(text("SELECT count(*) FROM adult_aliases"))
    with laptop(north["laptop_b"], sol) as (backend, user):
        with pytest.raises(Exception, match="rules at version 6.*upgrade of the server is waiting"):
            sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol))
        assert sync_service(backend, user).status().refused
    assert upgraded_through_the_command(s, tmp_path) == RULES_VERSION == "8"
    with sol.connection() as connection:
        assert connection.execute(text("SELECT count(*) FROM adult_aliases")).scalar() == 0
    with laptop(north["laptop_b"], sol) as (backend, user):
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(sol))
        assert not sync_service(backend, user).status().refused
