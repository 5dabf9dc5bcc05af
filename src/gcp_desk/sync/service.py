"""Taking children offline from the team server and syncing them back, for the signed-in person (``sync``).

The server is the one this laptop is linked to (``server link``: its address, sslmode and CA file), unless a URL
is given (an override), or else the one it synced with last. The person signs in to it as their own login (the
URL's; else the one remembered in the key file at their first online sign-in here; else the one given at an earlier
sync; by default their name in lower case with dots, as ``server add-user`` makes it) with the password they signed
in with here. No password is kept on the laptop.

Given the laptop's backend (``Backend.sync``), each sync, once connected, brings the server's holds here, and on a
linked laptop its account changes, the organisation's certificate and "last seen" (``server.online_sign_in.at_sync``);
the children taken offline are held under the laptop's id as its link made it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal
from uuid import UUID

from sqlalchemy import Date, DateTime, Uuid, select, update

from ..domain.errors import InvalidInput, NotFound, Problem
from ..services.base import Service
from ..storage import orm
from ..storage.server_address import login_name, server_url
from . import local
from .engine import SyncEngine, SyncOutcome
from .plan_model import Conflict
from .records import BY_NAME, Kind, read_files

Choice = Literal["mine", "theirs"]
LOGIN_KEY = "sync_login"
"""Kept per person (``sync_login.<user id>``): their login on the team server, as they last gave it."""
WORKED_OUT = {"child": ("identifier_text", "search_text", "sort_name")}
"""Columns worked out from the others, not chosen: worked out again from the fields chosen."""
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SyncStatus:
    server: str | None
    last_sync_at: datetime | None
    held: int
    """Children held offline on this laptop."""
    waiting: int
    """Records changed here since the last sync."""
    conflicts: int
    interrupted: str | None
    """The step the last sync stopped at, if it did not end and running it again may carry it on (cut off, killed,
    the server out of reach); ``None`` after a refusal, which running it again as it is would meet again."""
    stopped: str | None = None
    """Why the last sync stopped, in words, when it was refused or cut off (the journal's ``stopped`` step)."""
    refused: bool = False
    """The last sync was refused (``stopped`` says by what): not a cut that the next sync carries on from."""


class SyncService(Service):
    def __init__(self, context, laptop=None):
        """``laptop``: the laptop's backend (its key file, settings and the holds it shows), for the work done at
        each sync on the server's behalf; without it only the records are synced."""
        super().__init__(context)
        self._laptop_backend = laptop

    def take_offline(self, password: str, *, server: str | None = None, child_ids: Iterable[UUID] | None = None,
                     laptop: str = "a laptop", progress: Progress | None = None) -> SyncOutcome:
        """Hold ``child_ids`` (default: the person's own caseload) on the server and copy their files here."""
        return self._engine(password, server, laptop, progress).take_offline(child_ids)

    def sync_now(self, password: str, *, server: str | None = None, keep: Iterable[UUID] = (),
                 laptop: str = "a laptop", progress: Progress | None = None) -> SyncOutcome:
        """Send and receive, then return the children held here unless kept (or in conflict)."""
        return self._engine(password, server, laptop, progress).sync(keep)

    def status(self) -> SyncStatus:
        with self._context.db.read() as uow:
            connection = uow.session.connection()
            state = local.state(connection)
            held = len(local.children(connection, held_only=True))
            conflicts = len(local.conflicts(connection))
            steps = local.last_journal(connection)
            waiting = _waiting(connection, state.last_sync_at if state else None)
        interrupted, stopped, refused = _how_it_ended(steps)
        return SyncStatus(self._address(state), state.last_sync_at if state else None, held, waiting, conflicts,
                          interrupted, stopped, refused)

    def is_reachable(self, timeout: float = 2.0) -> bool:
        """Whether the team server this laptop syncs with answers on its port now (no sign-in: the window's
        online or offline)."""
        import socket

        with self._context.db.read() as uow:
            address = self._address(local.state(uow.session.connection()))
        if address is None:
            return False
        url = server_url(address)
        try:
            with socket.create_connection((url.host or "localhost", url.port or 5432), timeout=timeout):
                return True
        except OSError:
            return False

    def conflicts(self) -> list[Conflict]:
        with self._context.db.read() as uow:
            return local.conflicts(uow.session.connection())

    def resolve(self, kind: str, record_id: UUID, choice: Choice | Mapping[str, Choice]) -> None:
        """Settle a conflict here: keep mine, keep theirs, or a choice per field (the fields not named keep
        theirs). The result is sent at the next sync as a change made after the server's version."""
        with self._context.transaction() as uow:
            connection = uow.session.connection()
            found = next((c for c in local.conflicts(connection) if c.kind == kind and c.record_id == record_id),
                         None)
            if found is None:
                raise NotFound(f"There is no conflict waiting for the {kind} record {record_id}.")
            record_kind = BY_NAME[kind]
            fields = [name for name in record_kind.columns
                      if name not in (*record_kind.key, "version", *WORKED_OUT.get(kind, ()))]
            if isinstance(choice, str):
                chosen = dict.fromkeys(fields, choice)
            else:
                unknown = sorted(set(choice) - set(fields))
                bad = sorted(name for name, value in choice.items() if value not in ("mine", "theirs"))
                if unknown or bad:
                    raise InvalidInput([Problem("Field", f"'{name}' is not a field of this record") for name in unknown]
                                       + [Problem("Choice", f"'{name}': choose mine or theirs") for name in bad])
                chosen = {name: choice.get(name, "theirs") for name in fields}
            merged = {name: _typed(record_kind, name, (found.mine if chosen[name] == "mine" else found.theirs)
                                   .get(name)) for name in fields}
            if kind in WORKED_OUT:
                from ..storage.rows import child_from, child_values

                worked_out = child_values(child_from({**merged, "id": record_id}))
                merged.update({name: worked_out[name] for name in WORKED_OUT[kind]})
            table = record_kind.table
            connection.execute(update(table).where(table.c.id == record_id).values(
                {**merged, "version": found.theirs_version + 1}))
            local.set_bases(connection, {(kind, record_id): found.theirs_version}, [])
            local.drop_conflict(connection, kind, record_id)
            if found.child_id is not None:
                from ..storage.attention_changes import note_children

                note_children(uow.session, [found.child_id])
            uow.audit.record(self._context.actor_id, "sync.resolve", kind, str(record_id), None, {
                "kept": {name: chosen[name] for name in fields if found.mine.get(name) != found.theirs.get(name)}})

    def _engine(self, password: str, server: str | None, laptop: str, progress: Progress | None) -> SyncEngine:
        """The server's URL as given, or the linked one, or the one kept from the last sync; as the person's login."""
        from ..security.laptop_link_key import server_login_noted

        actor = self._context.actor
        assert actor is not None
        remembered = f"{LOGIN_KEY}.{actor.id}"
        with self._context.db.read() as uow:
            state = local.state(uow.session.connection())
            login = uow.preferences.get(remembered)
        key_file = self._key_file()
        if server is None:
            server = self._address(state)
            if server is None:
                raise InvalidInput([Problem("Server", "this laptop is not linked to a team server and has not synced "
                                            "with one: ask IT to link it (gcp-desk server link URL), or give the "
                                            "server's address (--server postgresql://HOST/DATABASE?sslrootcert=FILE)")])
        url = server_url(server)
        if url.username and url.username != login:
            with self._context.transaction() as uow:
                uow.preferences.set(remembered, url.username)
        noted = server_login_noted(key_file, actor.id) if key_file is not None else None
        url = server_url(url, user=url.username or noted or login or login_name(actor.name), password=password)
        on_connected = None
        if self._laptop_backend is not None:
            from ..storage.server_address import describe
            from ..server.online_sign_in import at_sync

            backend, where = self._laptop_backend, describe(url)
            on_connected = lambda connection: at_sync(backend, connection, actor, where)  # noqa: E731
        return SyncEngine(self._context.db, actor, url, laptop=laptop,
                          laptop_id=key_file.database_id if key_file is not None else None, progress=progress,
                          on_connected=on_connected, instruments=self._context.instruments,
                          today=self._context.today)

    def _address(self, state) -> str | None:
        """The server this laptop syncs with: the one it is linked to, else the one it synced with last."""
        return self._context.settings.team_server or (state.server if state and state.server else None)

    def _key_file(self):
        if self._laptop_backend is not None and self._laptop_backend.key_file is not None:
            return self._laptop_backend.key_file
        return self._context.keys.key_file if self._context.keys is not None else None


def _how_it_ended(steps: list[dict]) -> tuple[str | None, str | None, bool]:
    """From the last sync's journal: the step it was cut off at (to carry on from), why it stopped in words, and
    whether it was refused. A sync that ended says nothing; one killed outright names only its last step."""
    if not steps or steps[-1]["step"] == "done":
        return None, None, False
    last = steps[-1]
    if last["step"] != "stopped":
        return last["step"], None, False
    refused = last["state"] == "refused"
    before = [step["step"] for step in steps[:-1] if step["step"] != "stopped"]
    return (None if refused else (before[-1] if before else "connect")), last["detail"] or None, refused


def _typed(kind: Kind, name: str, value: Any) -> Any:
    """A value kept as JSON in a conflict, back as the column's own type."""
    if value is None:
        return None
    column_type = kind.table.c[name].type
    enum = getattr(column_type, "enum", None)
    if isinstance(enum, type) and issubclass(enum, Enum):
        return enum(value)
    inner = getattr(column_type, "impl", column_type)
    if isinstance(inner, Uuid):
        return UUID(str(value))
    if isinstance(inner, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(inner, Date):
        return date.fromisoformat(value)
    return value


def _waiting(connection, last_sync_at: datetime | None) -> int:
    """Records changed here since they were last agreed with the server (new ones included): read only for the
    children whose print moved since the last sync (``changes``)."""
    from .plan import grouped, unit_hash

    from .changes import HERE, kept_prints, prints

    if last_sync_at is None:
        return 0
    ids = list(connection.execute(select(orm.children.c.id)).scalars())
    kept = kept_prints(connection)
    ids = [child for child, value in prints(connection, ids).items() if kept.get((HERE, child)) != value]
    files = read_files(connection, ids)
    bases = local.bases(connection)
    parts = grouped(files)
    count = 0
    for kind in BY_NAME.values():
        for key, row in files.of(kind).items():
            if kind.versioned:
                count += bases.get((kind.name, key[0])) != row["version"]
            elif kind.name == "assessment":
                count += bases.get((kind.name, key[0])) != unit_hash(row, parts.get(key[0], {}))
    return count
