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


BUNDLE_ITSELF = ("id", "exported_at", "exported_by", "organisation_name", "audit_events", "tombstones")
"""What names the export itself or its own copy's trail, not the records: each copy's own bundle id, moment and
exporter, and its own audit chain (whose laptop events are checked on the server by their origin hashes)."""


def exported(db, actor_id, child_ids, folder: Path) -> dict:
    """The canonical export of ``child_ids`` from ``db``: the bundle ``gcp-desk export`` writes (plain, everything
    in the database), cut to those children and the households they name, with the parts that name the bundle
    itself left out."""
    import json

    from gcp_desk.paths import instruments_dir
    from gcp_desk.scoring.instruments import InstrumentLibrary
    from gcp_desk.services.context import ServiceContext
    from gcp_desk.services.export_records import ExportService

    with db.read() as uow:
        actor = uow.users.get(actor_id)
    context = ServiceContext(db=db, instruments=InstrumentLibrary(instruments_dir(), folder / "instruments"),
                             actor=actor)
    target = folder / "export.json"
    folder.mkdir(parents=True, exist_ok=True)
    ExportService(context, whole_database=True).export(target, passphrase=None)
    bundle = json.loads(target.read_text(encoding="utf-8"))
    wanted = {str(child) for child in child_ids}
    children = sorted((child for child in bundle["children"] if child["id"] in wanted), key=lambda c: c["id"])
    named = {child["household_id"] for child in children} | {
        link["adult_id"] for child in children for link in child["links"]}
    households = sorted((household for household in bundle["households"] if household["id"] in named
                         or any(adult["id"] in named for adult in household["adults"])), key=lambda h: h["id"])
    mentioned = json.dumps([children, households])
    # Who is named, by id and name: their roles are their account's, which the server keeps and a linked laptop
    # takes at each sync (``refresh_accounts``); these test laptops were given theirs by hand.
    staff = sorted(({"id": member["id"], "name": member["name"]} for member in bundle["staff"]
                    if member["id"] in mentioned), key=lambda m: m["id"])
    # The instruments the synced children were graded with (the whole copy's list names every other child's too).
    instruments = [entry for entry in bundle["instruments"] if entry["content_hash"] in mentioned]
    return {**{name: value for name, value in bundle.items() if name not in BUNDLE_ITSELF},
            "children": children, "households": households, "staff": staff, "instruments": instruments}


def export_on_laptop(folder: Path, person: Person, child_ids, scratch: Path) -> dict:
    from gcp_desk.paths import AppPaths
    from gcp_desk.security.keyfile import KeyFile
    from gcp_desk.storage.db import Database

    path = AppPaths.at(folder).database
    db = Database.for_file(path, key=KeyFile.load(KeyFile.beside(path)).unlock(person.id, PASSWORD), create=False)
    try:
        return exported(db, person.id, child_ids, scratch)
    finally:
        db.dispose()


def export_on_server(url, person: Person, child_ids, scratch: Path) -> dict:
    from gcp_desk.storage.db import Database

    db = Database(url, create=False)
    try:
        return exported(db, person.id, child_ids, scratch)
    finally:
        db.dispose()


def both_sides_identical(folder: Path, person: Person, server_url, child_ids) -> None:
    """What the issue means by both sides identical: the canonical export of the synced children the same from the
    laptop's database and the server's; every laptop event on the server with its origin hash; the server's chain
    whole (the laptop's is checked by ``audit verify`` in the tests that run the command). The events are checked
    first: each export is itself an event in its copy's trail."""
    origins = server_origins(server_url)
    missing = [(event_id, digest) for event_id, digest in laptop_events(folder, person)
               if origins.get(event_id) != digest]
    assert missing == []
    assert chain_problems_on_server(server_url) == []
    scratch = folder.parent / f"{folder.name}-exports"
    on_laptop = export_on_laptop(folder, person, child_ids, scratch / "laptop")
    on_server = export_on_server(server_url, person, child_ids, scratch / "server")
    assert len(on_laptop["children"]) == len(set(child_ids))
    _same_exports(on_laptop, on_server)


def _same_exports(on_laptop: dict, on_server: dict) -> None:
    """Compared part by part, so that a difference names the record that differs."""
    assert on_laptop.keys() == on_server.keys()
    for name in on_laptop:
        if isinstance(on_laptop[name], list) and name in ("children", "households"):
            assert [r["id"] for r in on_laptop[name]] == [r["id"] for r in on_server[name]], name
            for mine, theirs in zip(on_laptop[name], on_server[name], strict=True):
                assert mine == theirs, (name, mine["id"], _differences(mine, theirs))
        else:
            assert on_laptop[name] == on_server[name], (name, on_laptop[name], on_server[name])


def _differences(mine, theirs, path: str = "") -> list:
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return [found for key in sorted(set(mine) | set(theirs))
                for found in _differences(mine.get(key), theirs.get(key), f"{path}.{key}")]
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        return [found for i, (a, b) in enumerate(zip(mine, theirs)) for found in _differences(a, b, f"{path}[{i}]")]
    return [] if mine == theirs else [(path, mine, theirs)]
