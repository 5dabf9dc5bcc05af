"""What the worker finds on opening a database: its accounts and, for a returning user, the caseload. No Qt here,
so start-up can begin this work before Qt's widgets are even imported.

Two ways in. ``StartState.open`` opens (and if need be migrates) the database and reads the caseload through the
services. ``StartState.at_once`` takes a quick first read (``storage.quick_start``: plain sqlite3, no SQLAlchemy or
pydantic) so the window can show the caseload first; ``StartState.finish`` then opens the backend behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from threading import Event
from typing import TYPE_CHECKING

from .session import Session, domain_titles

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.caseload import CaseloadRow
    from ..domain.people import User
    from ..storage.quick_start import QuickStart


@dataclass
class StartState:
    """What the worker found on opening: the backend, its accounts, and the caseload if the last user is known.

    ``backend`` is ``None`` while a quick first read stands in for it (``at_once``)."""

    backend: Backend | None
    users: list[User]
    session: Session | None = None
    rows: list[CaseloadRow] | None = None
    titles: dict[str, str] | None = None

    @classmethod
    def open(cls, open_backend: Callable[[], Backend], today: Callable[[], date] = date.today) -> StartState:
        """Runs on the worker: open (and migrate) the database; load the caseload at once for a returning user."""
        return cls.of(open_backend(), today)

    @classmethod
    def of(cls, backend: Backend, today: Callable[[], date] = date.today) -> StartState:
        users = backend.users().all()
        last = next((u for u in users if str(u.id) == backend.settings.last_user_id), None)
        if last is None:
            return cls(backend, users)
        session = Session(backend, last, today)
        return cls(backend, users, session, session.children.caseload(), session.domain_titles())

    @classmethod
    def at_once(cls, quick: QuickStart, today: Callable[[], date] = date.today) -> StartState:
        """The returning user's caseload from a quick first read, in a session whose backend is still to come."""
        return cls(None, [quick.user], Session(None, quick.user, today), quick.rows, quick.domain_titles)

    @classmethod
    def finish(cls, session: Session, open_backend: Callable[[], Backend], *, after: Event | None = None) -> StartState:
        """Runs on the worker, queued ahead of anything the user asks for: once ``after`` is set, open the backend
        behind a session started ``at_once`` and attach it. ``rows`` is left ``None``: the caseload on screen came
        from the same file.

        If the account is no longer there, the state has no session and the window asks who is working.
        """
        if after is not None:
            after.wait()
        backend = None
        try:
            backend = open_backend()
            users = backend.users().all()
            user = next((u for u in users if u.id == session.user.id), None)
            if user is None:
                from ..domain.errors import NotFound

                session.could_not_open(NotFound(f"The account of {session.user.name} is no longer in this database. "
                                                "Choose who is working; nothing was changed."))
                return cls(backend, users)
            titles = domain_titles(backend)
        except Exception as error:
            session.could_not_open(error)
            if backend is not None:
                backend.close()
            raise
        session.attach(backend, user, titles)
        return cls(backend, users, session, None, titles)


def remember_user(backend: Backend, user: User) -> None:
    """Offer this account first next time. Runs on the worker (it writes the settings file)."""
    if backend.settings.last_user_id != str(user.id):
        backend.settings.last_user_id = str(user.id)
        backend.settings.save(backend.paths.settings_file)
