"""What every service needs: the database, the instruments, who is acting, and what day it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from ..domain.people import User
from ..scoring.instruments import InstrumentLibrary
from ..settings import Settings
from ..storage.db import Database
from ..storage.unit_of_work import UnitOfWork
from .keyring import KeyRing


@dataclass(frozen=True)
class ServiceContext:
    db: Database
    instruments: InstrumentLibrary
    actor: User | None = None
    settings: Settings = field(default_factory=Settings)
    today: Callable[[], date] = date.today
    """Injected so tests can fix the date that "a visit in the future" is judged against."""
    keys: KeyRing | None = None
    """The key file and the data key, on an encrypted database: account changes rewrap one account's copy."""

    @property
    def actor_id(self) -> UUID | None:
        return self.actor.id if self.actor else None

    def __post_init__(self) -> None:
        # Every write through this database keeps the children's stored attention, worked out with these
        # instruments, settings and day (the newest context wins: one backend shares them all).
        from .stored_attention import AttentionKeeper

        self.db.keep_attention = AttentionKeeper(self.instruments, self.settings, self.today)

    def acting_as(self, user: User | None) -> ServiceContext:
        return replace(self, actor=user)

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[UnitOfWork]:
        """A unit of work that sees only the children the signed-in person may see, judged by their roles and
        team as stored at this moment (not as they were at sign-in)."""
        with self.db.transaction(write=write) as uow:
            if self.actor is not None:
                stored = uow.users.get(self.actor.id)
                uow.scope.limit_to(uow.session, team_id=stored.team_id, works_on_cases=stored.works_on_cases)
            yield uow

    def read(self):
        """``transaction`` for a unit that only reads: it takes no write lock, so it runs beside a writer (a read
        of part of a screen, on its own thread, never holds up a grade being stored)."""
        return self.transaction(write=False)
