"""What the worker finds on opening a database, and what it reads once a password has been given. No Qt here, so
start-up can begin this work before Qt's widgets are even imported.

Nothing about children is read before a right password: ``StartState.open`` reads only the accounts, and
``sign_in`` checks the password first and reads the caseload after, in the same call on the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from .session import Session

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.caseload_window import CaseloadCounts, CaseloadPage
    from ..domain.people import User

STILL_OPENING = "GCP Desk is still opening its database. Try again in a moment; nothing was changed."


@dataclass
class StartState:
    """What the worker found: the backend and its accounts; once signed in, the session and its caseload."""

    backend: Backend
    users: list[User]
    session: Session | None = None
    first: tuple[CaseloadPage, CaseloadCounts] | None = None
    """The caseload's first page and its filters' counts: the rest is read as the table scrolls."""
    stale: int = 0
    """Children whose stored reasons no longer hold today: worked out again behind the caseload."""
    titles: dict[str, str] | None = None
    recovery_key: str | None = None
    """A recovery key made just now (first account, or a plain database encrypted): shown once."""
    plain_backups_encrypted: int = 0
    encrypted_now: bool = False
    """The database was plain (an older version's) and was encrypted at this sign-in."""

    @classmethod
    def open(cls, open_backend: Callable[[], Backend]) -> StartState:
        """Runs on the worker: open (and migrate) the database and list its accounts."""
        return cls.of(open_backend())

    @classmethod
    def of(cls, backend: Backend) -> StartState:
        return cls(backend, backend.accounts())

    @classmethod
    def signed_in(cls, backend: Backend, user: User, today: Callable[[], date] = date.today) -> StartState:
        """Runs on the worker once the password was right: the session and the first page of the caseload it opens
        on (``CaseloadRequest``'s first order, with who needs attention on its rows)."""
        from ..domain.caseload_window import CaseloadRequest
        from .views.history.history_access import HistoryAccess

        session = Session(backend, user, today)
        encrypted_now = backend.encrypted_now
        request = CaseloadRequest(user_id=user.id)
        first = (session.children.caseload_page(request), session.children.caseload_counts(request))
        stale = HistoryAccess(session).history().attention_index([]).stale  # a count; no one's reasons are read
        return cls(backend, [user], session, first, titles=session.domain_titles(), stale=stale,
                   recovery_key=backend.take_recovery_key(),
                   plain_backups_encrypted=backend.plain_backups_encrypted, encrypted_now=encrypted_now)

    @property
    def last_user_id(self) -> UUID | None:
        """The account that used this laptop last, if it is still there: offered first."""
        last = self.backend.settings.last_user_id
        return next((user.id for user in self.users if str(user.id) == last), None)


class OwnPasswordNeeded(Exception):
    """The password was right but is a one-time one an administrator gave: the person chooses their own first."""


def sign_in(backend: Backend, user_id: UUID, password: str, today: Callable[[], date] = date.today, *,
            new_password: str | None = None) -> StartState:
    """Runs on the worker: check the password, and if it is a one-time password replace it with ``new_password``
    (``OwnPasswordNeeded`` until one is given); remember the account for next time, then read the caseload.
    ``WrongPassword`` leaves everything as it was; an account with no password at all is refused with words
    saying who can give it one."""
    user = backend.sign_in(user_id, password)
    from ..sync.limit import check_offline_limit

    check_offline_limit(backend.db, backend.settings.offline_days)  # children held offline too long: sync first
    users = backend.users()
    if users.must_change_password(user_id):
        if new_password is None:
            raise OwnPasswordNeeded()
        backend.users(user).change_password(user_id, password, new_password)
    remember_user(backend, user)
    return StartState.signed_in(backend, user, today)


def sign_in_through_server(backend: Backend, name: str, password: str,
                           today: Callable[[], date] = date.today) -> StartState:
    """Runs on the worker: a person new to this linked laptop signs in through the team server (their account
    copied here, their slot made), then the caseload is read."""
    user = backend.sign_in(None, password, name=name)
    remember_user(backend, user)
    return StartState.signed_in(backend, user, today)


class BackendOpening:
    """The backend while it opens on the worker behind the sign-in screen.

    Whatever the person asks for meanwhile (a password typed quickly) is queued on the same ordered worker, so by
    the time it runs the opening has finished: ``require`` hands over the backend, or the reason it did not open.
    """

    def __init__(self, open_backend: Callable[[], Backend]):
        self._open_backend = open_backend
        self._backend: Backend | None = None
        self._error: Exception | None = None

    def open(self) -> StartState:
        try:
            self._backend = self._open_backend()
            return StartState.of(self._backend)
        except Exception as error:
            self._error = error
            if self._backend is not None:
                self._backend.close()
                self._backend = None
            raise

    def require(self) -> Backend:
        if self._backend is not None:
            return self._backend
        if self._error is not None:
            raise self._error
        from ..domain.errors import DatabaseUnavailable

        raise DatabaseUnavailable(STILL_OPENING)


def remember_user(backend: Backend, user: User) -> None:
    """Offer this account first next time. Runs on the worker (it writes the settings file)."""
    if backend.settings.last_user_id != str(user.id):
        backend.settings.last_user_id = str(user.id)
        backend.settings.save(backend.paths.settings_file)
