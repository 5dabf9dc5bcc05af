"""What the worker finds on opening a database: its accounts and, for a returning user, the caseload. No Qt here,
so start-up can begin this work before Qt's widgets are even imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .session import Session

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.caseload import CaseloadRow
    from ..domain.people import User


@dataclass
class StartState:
    """What the worker found on opening: the backend, its accounts, and the caseload if the last user is known."""

    backend: Backend
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


def remember_user(backend: Backend, user: User) -> None:
    """Offer this account first next time. Runs on the worker (it writes the settings file)."""
    if backend.settings.last_user_id != str(user.id):
        backend.settings.last_user_id = str(user.id)
        backend.settings.save(backend.paths.settings_file)
