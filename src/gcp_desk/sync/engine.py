"""Take offline and sync, step by step, each step journaled on the laptop.

Every step can be cut off anywhere (a pulled plug, a dropped network) and the sync simply run again: what the server
committed is found there next time and agreed without being sent again (versions, ids), what the laptop committed
likewise, and audit events already carried are recognised by their origin ids. So a sync run after any interruption
ends with both sides holding the same records and the server holding every laptop event.

Steps: connect (organisation checked), read both sides' files of the children in the sync, plan (``plan``), send
(the records to send as a bundle read from the laptop and checked as an import checks one, then written from its
records in one server transaction, ``wire``), receive (likewise, a bundle read from the server, checked, then
written in one laptop transaction with the conflicts found and the versions agreed), carry the audit trail (a batch
per transaction), return the children (unless kept, or in conflict), done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID, uuid4

from sqlalchemy import URL, Connection, select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from ..domain.clock import utc_now
from ..domain.errors import DatabaseUnavailable, GcpDeskError, NotAllowed, NotFound
from ..domain.people import User
from ..server import holds
from ..storage.server_address import describe
from ..server.connect import connected
from ..server.laptop_session import name_this_laptop, withdrawn
from ..storage import orm
from ..storage.attention_changes import note_children
from ..storage.db import Database
from ..storage.server_problems import ServerCertificateRefused, ServerPasswordRefused
from ..scoring.instruments import InstrumentLibrary
from . import changes, deletions, held_elsewhere, local, server_side, trail, wire
from .faults import StopPoints
from .plan import Plan, make_plan
from .records import CHILD, Row, read_files
from .release import Removal, deleted_here, remove_returned

Progress = Callable[[str, int, int], None]
OnConnected = Callable[[Connection], None]
STEPS = ("connect", "read", "send", "receive", "trail", "return", "done")
CUT = ("The connection to the team server at {where} was lost during the sync. Nothing is half-written: run the sync "
       "again when the connection is back, and it carries on from where it stopped.")


@dataclass
class SyncOutcome:
    children: int = 0
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    events_sent: int = 0
    returned: int = 0
    kept: int = 0
    removal: Removal | None = None
    """Returned children taken off this laptop, and those kept here for now with why (``release``)."""


class SyncEngine:
    def __init__(self, db: Database, actor: User, server_url: URL, *, laptop: str = "a laptop",
                 laptop_id: str | None = None, progress: Progress | None = None,
                 on_connected: OnConnected | None = None, instruments: InstrumentLibrary,
                 today: Callable[[], date] = date.today):
        """``laptop``: the name others see beside the children held here; ``laptop_id``: the id the laptop's link
        made, which its holds carry. ``on_connected`` runs once the organisation is checked, before anything is
        read or sent (a linked laptop brings the server's account changes and holds here). ``instruments``: those
        the laptop's assessments are graded with, for checking what moves as an import checks a bundle (``wire``)."""
        self._db = db
        self._actor = actor
        self._url = server_url
        self._where = describe(server_url)
        self._laptop = laptop
        self._laptop_id = laptop_id
        self._on_connected = on_connected
        self._instruments = instruments
        self._today = today
        self._progress = progress
        self._points = StopPoints()
        self._sync_id = uuid4()
        self._server: Connection | None = None
        self._deleted_there: set[UUID] = set()

    # The two jobs ---------------------------------------------------------------------------------------------
    def take_offline(self, child_ids: Iterable[UUID] | None = None) -> SyncOutcome:
        """Hold the children on the server in this person's name and copy their files here, whole."""
        with self._connected() as server:
            chosen = list(dict.fromkeys(child_ids or []))
            if not chosen:
                with server.begin():
                    chosen = server_side.own_caseload(server, self._actor.id)
                if not chosen:
                    raise NotFound("None of the children on the team server has an assessment of yours: name the "
                                   "children to take offline (--child ID). Nothing was taken offline.")
            self._step("hold", lambda: holds.take_offline(server, self._actor.id, chosen, self._laptop,
                                                                   self._laptop_id))
            with self._db.transaction() as uow:
                local.set_children(uow.session.connection(), chosen, held=True)
            outcome = self._exchange(server, "take-offline")
            outcome.events_sent = self._carry_trail(server)
            with self._db.transaction() as uow:
                local.set_state(uow.session.connection(), last_sync_at=utc_now())
            self._journal("done", "ended")
        return outcome

    def sync(self, keep: Iterable[UUID] = ()) -> SyncOutcome:
        """Send and receive, carry the audit trail, then return the children not kept (nor in conflict)."""
        with self._connected() as server:
            outcome = self._exchange(server, "sync")
            outcome.events_sent = self._carry_trail(server)
            with self._db.read() as uow:
                connection = uow.session.connection()
                held = set(local.children(connection, held_only=True))
                waiting = {c.child_id for c in local.conflicts(connection)}
            kept = {child for child in held if child in set(keep) or child in waiting}
            giving_back = sorted(held - kept, key=str)
            self._journal("return", "started", f"{len(giving_back)} children")
            if giving_back:
                outcome.returned = self._step(
                    "return", lambda: holds.return_children(server, self._actor.id, giving_back))
                self._point("return.server")
                with self._db.transaction() as uow:
                    local.set_children(uow.session.connection(), giving_back, held=False)
                self._point("return.laptop")
            outcome.kept = len(kept)
            outcome.removal = remove_returned(self._db, server, self._actor.id, giving_back)
            if self._deleted_there:  # deleted here because the server deleted them, not by a person here
                outcome.removal = replace(outcome.removal, deleted_there=sorted(self._deleted_there, key=str),
                                          deleted=[c for c in outcome.removal.deleted if c not in self._deleted_there])
            if outcome.removal.removed:  # their audit events, ids only, follow the rest of the trail
                outcome.events_sent += self._carry_trail(server)
            with self._db.transaction() as uow:
                local.set_state(uow.session.connection(), last_sync_at=utc_now())
            self._journal("done", "ended")
        return outcome

    # Steps ------------------------------------------------------------------------------------------------------
    @contextmanager
    def _connected(self) -> Iterator[Connection]:
        """One connection to the server for the whole sync; its loss, or a refusal by the server's rules, said in
        words. What each side committed stays committed: the next sync carries on from it."""
        self._journal("connect", "started", self._where)
        self._point("connect")
        try:
            with connected(self._url) as server:
                self._server = server
                self._check_organisation(server)
                if self._laptop_id is not None:
                    name_this_laptop(server, self._laptop_id)
                if self._on_connected is not None:
                    self._on_connected(server)
                    if server.in_transaction():
                        server.commit()
                yield server
        except DBAPIError as error:
            if error.connection_invalidated or isinstance(error, OperationalError):
                said: Exception = DatabaseUnavailable(CUT.format(where=self._where))
            else:
                reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
                said = withdrawn(error) or NotAllowed(
                    f"The team server at {self._where} refused part of the sync ({reason}). Nothing is "
                    "half-written; what was agreed before stays agreed.")
            self._stopped(said)
            raise said from None
        except Exception as error:
            self._stopped(error)
            raise
        finally:
            self._server = None

    def _stopped(self, error: Exception) -> None:
        """The journal ends with the sync marked stopped and why, in words (``stop_words``): refused, when running
        it again as it is would be refused again; failed, when it can simply be run again."""
        with suppress(Exception):
            self._journal("stopped", stop_state(error), stop_words(error))

    def _check_organisation(self, server: Connection) -> None:
        with server.begin():
            theirs = server_side.organisation_of(server)
            server_side.check_rules(server, self._where)
        if theirs is None:
            raise NotAllowed(f"The team server at {self._where} has no organisation id yet: ask IT to run "
                             "'gcp-desk server upgrade' on it. Nothing was changed.")
        with self._db.transaction() as uow:
            connection = uow.session.connection()
            state = local.state(connection)
            mine = uow.preferences.get(server_side.ORGANISATION_KEY)
            if mine and UUID(mine) != theirs:
                has_records = connection.execute(select(orm.children.c.id).limit(1)).first() is not None
                if state is not None or has_records:
                    raise NotAllowed(
                        f"This laptop's records belong to another organisation than the team server at {self._where}"
                        " (their organisation ids differ), so they cannot be synced with it. Nothing was sent or "
                        "received.")
            if mine != str(theirs):
                uow.preferences.set(server_side.ORGANISATION_KEY, str(theirs))
            local.set_state(connection, server=address_only(self._url), organisation_id=theirs)
        self._organisation = theirs
        self._point("connected")

    def _exchange(self, server: Connection, job: str) -> SyncOutcome:
        self._journal("read", "started")
        with self._db.read() as uow:
            connection = uow.session.connection()
            scope = set(local.children(connection)) | set(connection.execute(select(orm.children.c.id)).scalars())
            scope -= deleted_here(connection, scope)  # nothing of them comes back; the server's record stays
            here = changes.prints(connection, scope)
            kept = changes.kept_prints(connection)
        with server.begin():
            there = changes.prints(server, scope)
        quiet = changes.unchanged(kept, here, there, scope)
        reading = scope - quiet
        with self._db.read() as uow:
            connection = uow.session.connection()
            mine = read_files(connection, reading)
            bases = local.bases(connection)
        self._point("read.laptop")
        with server.begin():
            theirs = read_files(server, reading)
            teams, users = server_side.accounts(server)
        self._point("read.server")
        # A child synced before that the server no longer shows this person (moved to another team, a share
        # ended) is left as it is here, neither sent nor taken away: only an administrator deletes records. One an
        # administrator deleted on the server (its tombstone there) is deleted here too (``deletions``).
        out_of_sight = {child for child in reading if ("child", child) in bases and (child,) not in theirs.of(CHILD)}
        if out_of_sight:
            with server.begin():
                stones = deletions.deleted_on_server(server, out_of_sight)
            if stones:
                self._deleted_there.update(deletions.delete_here(self._db, self._actor.id, stones))
            scope -= out_of_sight
            reading -= out_of_sight
            with self._db.read() as uow:
                mine = read_files(uow.session.connection(), reading)
            with server.begin():
                theirs = read_files(server, reading)
        # Households and adults that left one side's files (a link or a move gone) but are still held there
        # are compared, not deleted on the other side (``held_elsewhere``).
        if wanted := held_elsewhere.lacking(mine, theirs):
            with self._db.read() as uow:
                held_elsewhere.fill_in(mine, wanted, uow.session.connection())
        if wanted := held_elsewhere.lacking(theirs, mine):
            with server.begin():
                held_elsewhere.fill_in(theirs, wanted, server)
        plan = make_plan(mine, theirs, bases)
        outcome = SyncOutcome(children=len(scope), sent=plan.sent(), received=plan.received(),
                              conflicts=len(plan.conflicts))
        sending = wire.sent(self._db, server, plan.send, **self._wire())
        self._journal("send", "started", f"{plan.sent()} records")
        self._say("send", 0, plan.sent())
        with server.begin():
            server_side.take_the_chain(server)
            held_elsewhere.keep_links_of_merged(server, sending["alias"], plan.delete_there["adult"])
            touched = server_side.apply(server, sending, plan.delete_there, plan.replace_parts_there,
                                        point=lambda name: self._point(f"send.{name}", cut=self._cut))
            server_side.refresh(server, touched & scope)
            self._point("send.commit", cut=self._cut)
        self._journal("send", "ended")
        self._point("send.done")
        self._journal("receive", "started", f"{plan.received()} records")
        self._say("receive", 0, plan.received())
        receiving = wire.received(self._db, server, plan.receive, **self._wire())
        self._receive(plan, receiving, teams, users, scope, job, outcome, (here, there))
        self._journal("receive", "ended")
        self._point("receive.done")
        return outcome

    def _wire(self) -> dict:
        return dict(organisation_id=self._organisation, actor_id=self._actor.id, instruments=self._instruments,
                    today=self._today(), where=self._where)

    def _receive(self, plan: Plan, receiving: dict[str, list[Row]], teams: list[dict], users: list[dict],
                 scope: set[UUID], job: str,
                 outcome: SyncOutcome, read: tuple[dict[UUID, int], dict[UUID, int]]) -> None:
        with self._db.transaction() as uow:
            connection = uow.session.connection()
            here, there = read
            # Prints kept for the next sync: the server's as read (anything since, sent now or by others, shows as
            # a change there); the laptop's as this sync leaves it, for the children not edited here meanwhile.
            still = changes.prints(connection, scope)
            settled_here = {child for child in scope if still.get(child) == here.get(child)}
            self._accounts_here(connection, teams, users)
            touched = server_side.apply(connection, receiving, plan.delete_here, plan.replace_parts_here,
                                        point=lambda name: self._point(f"receive.{name}"))
            after = {child: value for child, value in still.items() if child in settled_here}
            after.update(changes.prints(connection, touched & settled_here))
            local.set_bases(connection, {**plan.bases, **changes.agreed(after, there)},
                            [*plan.forget, *changes.stale(scope - settled_here)])
            settled = [key for key in plan.bases if key not in {(c.kind, c.record_id) for c in plan.conflicts}]
            local.keep_conflicts(connection, plan.conflicts, settled)
            # found now, and those still waiting for a person on children whose files did not need reading
            outcome.conflicts = len(local.conflicts(connection))
            known = set(local.children(connection))
            local.set_children(connection, [c for c in scope if c not in known], held=False)
            from ..storage.child_summary import refresh_child_summaries

            refresh_child_summaries(connection, touched)
            note_children(uow.session, touched)
            uow.audit.record(self._actor.id, f"sync.{job}", "sync", str(self._sync_id), None, {
                "sent": outcome.sent, "received": outcome.received, "conflicts": outcome.conflicts,
                "children": outcome.children})
            self._point("receive.commit")

    def _accounts_here(self, connection: Connection, teams: list[dict], users: list[dict]) -> None:
        """Teams and accounts the records name, as the server has them; people with no account on this laptop
        are kept as staff named in records (who cannot sign in here)."""
        held_teams = set(connection.execute(select(orm.teams.c.id)).scalars())
        new_teams = [team for team in teams if team["id"] not in held_teams]
        if new_teams:
            connection.execute(orm.teams.insert(), new_teams)
        held_users = set(connection.execute(select(orm.users.c.id)).scalars())
        new_users = [user for user in users if user["id"] not in held_users]
        if new_users:
            connection.execute(orm.users.insert(), [{**user, "password_hash": None} for user in new_users])
            connection.execute(orm.historical_staff.insert(), [
                {"user_id": user["id"], "organisation_id": self._organisation, "imported_at": utc_now()}
                for user in new_users])
        mine = next((user for user in users if user["id"] == self._actor.id), None)
        if mine is not None:
            connection.execute(update(orm.users).where(orm.users.c.id == self._actor.id)
                               .values(team_id=mine["team_id"]))

    def _carry_trail(self, server: Connection) -> int:
        self._journal("trail", "started")
        sent = 0
        while True:
            with self._db.read() as uow:
                connection = uow.session.connection()
                state = local.state(connection)
                after = state.events_sent_to if state else 0
                events = trail.local_events(connection, after)
            if not events:
                break
            with server.begin():
                server_side.take_the_chain(server)
                sent += trail.send_events(server, self._actor.id, self._organisation, events,
                                          point=lambda name: self._point(name, cut=self._cut))
                self._point("trail.commit", cut=self._cut)
            self._point("trail.sent")
            with self._db.transaction() as uow:
                local.set_state(uow.session.connection(), events_sent_to=events[-1]["seq"])
            self._point("trail.noted")
            self._say("trail", sent, sent)
        self._journal("trail", "ended", f"{sent} events")
        return sent

    # Helpers ---------------------------------------------------------------------------------------------------
    def _step(self, name: str, work: Callable[[], object]):
        self._journal(name, "started")
        self._point(name)
        result = work()
        self._journal(name, "ended")
        return result

    def _journal(self, step: str, state: str, detail: str = "") -> None:
        with self._db.transaction() as uow:
            local.journal(uow.session.connection(), self._sync_id, step, state, detail)
        self._point(f"journal.{step}.{state}")

    def _point(self, name: str, cut: Callable[[], None] | None = None) -> None:
        self._points.point(name, cut)

    def _cut(self) -> None:
        """The server ends this session, as a network that drops mid-transfer would."""
        assert self._server is not None
        self._server.exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")

    def _say(self, step: str, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(step, done, total)


def stop_state(error: BaseException) -> str:
    """"failed" for what a later sync may simply get past (an unreachable server, a dropped connection, an error
    the app did not foresee); "refused" for a refusal said in words, which stands until something changes."""
    if isinstance(error, (ServerCertificateRefused, ServerPasswordRefused)):
        return "refused"
    if isinstance(error, DatabaseUnavailable) or not isinstance(error, GcpDeskError):
        return "failed"
    return "refused"


def stop_words(error: BaseException) -> str:
    return str(error).strip() or type(error).__name__


def address_only(url: URL) -> str:
    """The server's address as the laptop keeps it: no login (a laptop may be shared) and no password."""
    return URL.create(url.drivername, host=url.host, port=url.port, database=url.database,
                      query=url.query).render_as_string(hide_password=True)
