"""The server's end of a sync, on the person's own login: its organisation, its accounts and teams (copied to the
laptop so names on records read there), a person's own caseload, and writing a plan's rows in one transaction under
the audit chain's lock. The server's row-level security applies to every row read or written."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Connection, select, text, update

from ..storage import orm
from ..storage.child_summary import refresh_child_summaries
from ..storage.db import CHAIN_LOCK
from ..storage.repositories.records import chunks
from .plan import ASSESSMENT_PARTS
from .records import KINDS, delete_rows, held_keys, write_rows

ORGANISATION_KEY = "organisation_id"
"""The organisation's id in ``app_meta``, on the server and on each laptop (``services.organisation`` makes it)."""
USER_COLUMNS = ("id", "name", "role", "roles", "created_at", "team_id", "password_must_change", "disabled_at")
"""Everything about an account but its password hash (which the server shows nobody)."""


def organisation_of(server: Connection) -> UUID | None:
    found = server.execute(text("SELECT value FROM app_meta WHERE key = :key"), {"key": ORGANISATION_KEY}).scalar()
    return UUID(found) if found else None


def check_rules(server: Connection, where: str) -> None:
    """Refused in words when the server's own rules are not the ones this copy of GCP Desk syncs with: older, an
    upgrade of the server is waiting; newer, this copy is."""
    from ..domain.errors import NotAllowed
    from ..server.rules import RULES_VERSION, RULES_VERSION_KEY

    found = server.execute(text("SELECT value FROM app_meta WHERE key = :key"), {"key": RULES_VERSION_KEY}).scalar()
    if found == RULES_VERSION:
        return
    if found is not None and found.isdigit() and int(found) > int(RULES_VERSION):
        raise NotAllowed(f"The team server at {where} keeps its rules at version {found}; this copy of GCP Desk knows "
                         f"version {RULES_VERSION}: install the newer GCP Desk. Nothing was sent or received.")
    raise NotAllowed(f"The team server at {where} keeps its rules at version {found or 'none'}; this copy of GCP Desk "
                     f"needs version {RULES_VERSION}, so an upgrade of the server is waiting: ask IT to run 'gcp-desk "
                     "server upgrade'. Nothing was sent or received.")


def accounts(server: Connection) -> tuple[list[dict], list[dict]]:
    """Teams and accounts, as the server's authority on them has them."""
    teams = [dict(row) for row in server.execute(select(orm.teams)).mappings()]
    users = [dict(row) for row in server.execute(
        select(*[orm.users.c[name] for name in USER_COLUMNS])).mappings()]
    return teams, users


def own_caseload(server: Connection, actor_id: UUID) -> list[UUID]:
    """The children whose latest assessment is the person's, or who have one of theirs."""
    children, assessments = orm.children, orm.assessments
    latest = set(server.execute(select(children.c.id).where(children.c.latest_owner_id == actor_id)).scalars())
    authored = set(server.execute(select(assessments.c.child_id).where(assessments.c.created_by == actor_id))
                   .scalars())
    return sorted(latest | authored, key=str)


def take_the_chain(connection: Connection) -> None:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})


def apply(connection: Connection, rows: dict[str, list[dict]], deletions: dict[str, list[tuple]],
          replace_parts: Iterable[UUID], point=None) -> set[UUID]:
    """Write a plan's rows on one side, parents first (deletions children first); the children touched."""
    touched: set[UUID] = set()
    for kind in reversed(KINDS):
        if deletions[kind.name]:
            delete_rows(connection, kind, deletions[kind.name])
    for assessment_ids in chunks(list(replace_parts)):
        for part in ASSESSMENT_PARTS:
            connection.execute(part.table.delete().where(part.table.c.assessment_id.in_(assessment_ids)))
    for kind in KINDS:
        found = rows[kind.name]
        if not found:
            continue
        if kind.name == "assessment":
            found = _originals_first(found)
        held = held_keys(connection, kind, [kind.key_of(row) for row in found])
        write_rows(connection, kind, found, held)
        touched.update(row["id"] if kind.name == "child" else row["child_id"] for row in found
                       if kind.name == "child" or "child_id" in row)
        if point is not None:
            point(kind.name)
    return touched


def refresh(connection: Connection, child_ids: Iterable[UUID]) -> None:
    """The caseload summary worked out again, and stored attention marked to be worked out again (by the owner's
    job on the server, ``server refresh-attention``)."""
    ids = list(child_ids)
    refresh_child_summaries(connection, ids)
    for batch in chunks(ids):
        connection.execute(update(orm.children).where(orm.children.c.id.in_(batch)).values(attention_basis=""))


def _originals_first(assessments: list[dict]) -> list[dict]:
    inside = {row["id"] for row in assessments}
    placed: set[UUID] = set()
    ordered: list[dict] = []
    waiting = list(assessments)
    while waiting:
        ready = [row for row in waiting if row["amends_id"] not in inside or row["amends_id"] in placed]
        ready = ready or waiting
        ordered += ready
        placed.update(row["id"] for row in ready)
        waiting = [row for row in waiting if row["id"] not in placed]
    return ordered
