"""A team server for each test: a new database on the test cluster (``GCP_DESK_TEST_PG_URL``, which
``.ci/with-postgres`` gives with TLS and scram-sha-256), set up by ``server init``, with people who log in as their
own roles. Without the variable every test here is skipped, with the reason in the summary."""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import count

import pytest
from sqlalchemy import URL, make_url, text

from laptops import make_laptop
from server_support import PASSWORD, Person, TeamServer, connect

PG_URL_VARIABLE = "GCP_DESK_TEST_PG_URL"
_numbers = count(1)


def pytest_collection_modifyitems(items):
    if os.environ.get(PG_URL_VARIABLE):
        return
    skip = pytest.mark.skip(reason=f"team server tests skipped: {PG_URL_VARIABLE} is not set (make test-pg sets it)")
    for item in items:
        if "/tests/server/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture
def superuser_url() -> URL:
    return make_url(os.environ[PG_URL_VARIABLE])


@pytest.fixture
def empty_database(superuser_url: URL) -> Iterator[URL]:
    """A new, empty database; dropped afterwards with the roles made for it."""
    name = f"gcp_desk_srv_{os.getpid()}_{next(_numbers)}"
    with connect(superuser_url) as admin:
        admin.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield superuser_url.set(database=name)
    with connect(superuser_url) as admin:
        admin.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        people = admin.execute(text(
            "SELECT r.rolname FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = :group"), {"group": f"{name}_person"}).scalars()
        for role in [*people, f"{name}_person", f"{name}_owner"]:
            admin.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def team_server(empty_database: URL) -> TeamServer:
    from gcp_desk.server.setup import init_server

    login = f"{empty_database.database}_ada"
    ready = init_server(empty_database.render_as_string(hide_password=False), None, administrator="Ada Okafor",
                        administrator_password=PASSWORD, login=login, organisation="Testbury Council")
    administrator = Person(ready.administrator_id, "Ada Okafor", login,
                           empty_database.set(username=login, password=PASSWORD))
    return TeamServer(empty_database, administrator, ready.roles.owner, ready.roles.person)


@pytest.fixture
def two_teams(team_server):
    """Team North (practitioner Nia, supervisor Sol) and team South (practitioner Pip, supervisor Sue); a child in
    each, and a second South child shared with North."""
    s = team_server
    north, south = s.add_team("North"), s.add_team("South")
    nia = s.add_person("Nia North", "practitioner", north)
    sol = s.add_person("Sol North", "supervisor", north)
    pip = s.add_person("Pip South", "practitioner", south)
    sue = s.add_person("Sue South", "supervisor", south)
    home = s.add_household()
    north_child = s.add_child(north)
    south_child = s.add_child(south, household_id=home)
    shared_child = s.add_child(south)
    s.share(shared_child, north, sue)
    assessments = {child: s.add_assessment(child, author=nia if child == north_child else pip, signed=False)
                   for child in (north_child, south_child, shared_child)}
    return dict(server=s, north=north, south=south, nia=nia, sol=sol, pip=pip, sue=sue, home=home,
                north_child=north_child, south_child=south_child, shared_child=shared_child, assessments=assessments)


@pytest.fixture
def north(team_server, tmp_path):
    """Team North on the server: practitioner Nia and supervisor Sol, each with a laptop of their own."""
    s = team_server
    team = s.add_team("North")
    nia = s.add_person("Nia North", "practitioner", team)
    sol = s.add_person("Sol North", "supervisor", team)
    return dict(server=s, team=team, nia=nia, sol=sol, laptop_a=make_laptop(tmp_path / "a", nia, (team, "North")),
                laptop_b=make_laptop(tmp_path / "b", sol, (team, "North")))
