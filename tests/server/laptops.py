"""Laptops for the sync tests: data folders of their own, each with the server person's account (same id, same
password), as a laptop linked to the team server has; and what "both sides identical" means, checked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import select

from server_support import PASSWORD, Person, connect


def make_laptop(folder: Path, person: Person, team: tuple | None = None) -> Path:
    """``team``: the person's team (id, name), as the laptop's link to the server sets it up."""
    from gcp_desk.app import open_backend
    from gcp_desk.domain.enums import Role
    from gcp_desk.domain.people import User
    from gcp_desk.paths import AppPaths
    from gcp_desk.security.passwords import hash_password

    backend = open_backend(AppPaths.at(folder))
    try:
        context = backend.context()
        user = User(id=person.id, name=person.name, roles=(Role.ADMINISTRATOR, Role.PRACTITIONER),
                    team_id=team[0] if team else None)
        with context.transaction() as uow:
            if team is not None:
                from gcp_desk.domain.people import Team

                uow.users.add_team(Team(id=team[0], name=team[1]))
            uow.users.add(user, password_hash=hash_password(PASSWORD), must_change=False)
            assert context.keys is not None
            context.keys.set_password(user, PASSWORD, one_time=False)
            uow.audit.record(None, "user.create", "user", str(user.id), None, {"roles": ["administrator"]})
    finally:
        backend.close()
    return folder


@contextmanager
def laptop(folder: Path, person: Person) -> Iterator:
    """The laptop's backend, signed in as ``person``; closed after."""
    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths

    backend = open_backend(AppPaths.at(folder))
    try:
        user = backend.unlock(person.id, PASSWORD)
        yield backend, user
    finally:
        backend.close()


def sync_service(backend, user):
    return backend.sync(user)


def server_text(person: Person) -> str:
    """The server's address as a laptop is given it: the person's login, no password."""
    from sqlalchemy import URL

    url = person.url
    return URL.create(url.drivername, username=url.username, host=url.host, port=url.port, database=url.database,
                      query=url.query).render_as_string(hide_password=False)


def new_child(backend, user, family: str, *, grades: int = 3) -> tuple:
    """A child with a household and a draft assessment with some grades, made through the services."""
    children = backend.children(user)
    child = children.create_child(given_name="Invented", family_name=family, date_of_birth=date(2019, 3, 1),
                                  new_household=(f"{family} home", "1 Made-up Road"))
    assessments = backend.assessments(user)
    assessment = assessments.start(child.id)
    assessment = assessments.add_visit(assessment.id, on=date(2026, 11, 2))
    instrument = assessments.instrument_for(assessment)
    for item_id in instrument.applicable_item_ids(assessment.age_band)[:grades]:
        assessment = assessments.grade_item(assessment.id, item_id, 2)
    return child, assessment


@contextmanager
def looking_at(folder: Path, person: Person) -> Iterator:
    """The laptop's database read with the person's key but without signing in (which is itself an event)."""
    from gcp_desk.paths import AppPaths
    from gcp_desk.security.keyfile import KeyFile
    from gcp_desk.storage.db import Database

    path = AppPaths.at(folder).database
    db = Database.for_file(path, key=KeyFile.load(KeyFile.beside(path)).unlock(person.id, PASSWORD), create=False)
    try:
        with db.read() as uow:
            yield uow.session.connection()
    finally:
        db.dispose()


def files_on_laptop(folder: Path, person: Person, child_ids) -> dict:
    from gcp_desk.sync.records import canonical, read_files

    with looking_at(folder, person) as connection:
        return canonical(read_files(connection, child_ids))


def files_on_server(url, child_ids) -> dict:
    from gcp_desk.sync.records import canonical, read_files

    with connect(url) as su:
        return canonical(read_files(su, child_ids))


def laptop_events(folder: Path, person: Person) -> list:
    from gcp_desk.storage import orm

    with looking_at(folder, person) as connection:
        return list(connection.execute(select(orm.audit_chain.c.event_id, orm.audit_chain.c.hash)
                                       .order_by(orm.audit_chain.c.seq)))


def server_origins(url) -> dict:
    with connect(url) as su:
        return dict(su.exec_driver_sql("SELECT id, hash FROM origin_audit_events").all())


def chain_problems_on_server(url) -> list[str]:
    """The server's chain walked whole, as ``audit verify`` walks a database's."""
    from gcp_desk.storage.db import Database
    from gcp_desk.storage.chain_walk import walk_chain

    db = Database(url, create=False)
    try:
        with db.read() as uow:
            return list(walk_chain(uow).problems)
    finally:
        db.dispose()


def both_sides_identical(folder: Path, person: Person, server_url, child_ids) -> None:
    """The synced children's files the same on both sides; every laptop event on the server with its origin hash;
    the server's chain whole (the laptop's is checked by ``audit verify`` in the tests that run the command)."""
    assert files_on_laptop(folder, person, child_ids) == files_on_server(server_url, child_ids)
    origins = server_origins(server_url)
    missing = [(event_id, digest) for event_id, digest in laptop_events(folder, person)
               if origins.get(event_id) != digest]
    assert missing == []
    assert chain_problems_on_server(server_url) == []
