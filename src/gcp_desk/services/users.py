"""Accounts and teams: who may sign in, with which role, and which supervisor reviews whose work.

Passwords are stored only as argon2id hashes. Hashing takes about 0.15 s on purpose: call these off the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from ..domain.clock import utc_now
from ..domain.enums import Role, SignIn
from ..domain.errors import InvalidInput, NotAllowed, PermissionDenied, Problem, WrongPassword
from ..domain.people import AccountState, Team, User
from ..security.keyfile import NoPasswordSlot
from ..security.passwords import hash_password, password_problems
from ..storage.unit_of_work import UnitOfWork
from . import audit_payloads as payloads
from .base import Service, open_to_anyone
from .context import ServiceContext
from .credentials import require_password
from .keyring import write_failed_attempts
from .validation import build

ADMINISTRATORS_ONLY = "Only an administrator can {what}. You are signed in as {name}, a {role}."


class UserService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context

    @property
    def actor_id(self) -> UUID | None:
        """Who is signed in, for screens that treat one's own account differently."""
        return self._context.actor_id

    # Accounts ---------------------------------------------------------------------------------------------
    @open_to_anyone
    def create(self, name: str, roles: Role | Sequence[Role] = Role.PRACTITIONER, *, password: str,
               team_id: UUID | None = None, one_time: bool = False) -> User:
        """A new account. Only an administrator makes accounts, with two exceptions for setting up: the first
        account of an empty database, and the first administrator of a database that has none (one upgraded from
        before accounts had roles that mattered). Whoever can open the database file can already do both.

        ``one_time``: the password is one the administrator gives, and the person must choose their own at their
        first sign-in."""
        roles = (roles,) if isinstance(roles, Role) else tuple(roles)
        user = build(User, name=name, roles=roles, team_id=team_id)
        problems = [Problem("Password", text) for text in password_problems(password, user_name=user.name)]
        if problems:
            raise InvalidInput(problems)
        password_hash = hash_password(password)
        with self._context.transaction() as uow:
            first = not uow.users.any()
            if first:
                # The first account sets the laptop up and usually works its cases too: a lone worker must be
                # able to add colleagues later and see their own children now.
                user = user.model_copy(update={"roles": tuple(dict.fromkeys(
                    (Role.ADMINISTRATOR, Role.PRACTITIONER, *user.roles)))})
            setting_up = first or (
                user.has_role(Role.ADMINISTRATOR) and not uow.users.any_with_role(Role.ADMINISTRATOR))
            if not setting_up:
                self._require_administrator(uow, "add accounts")
            if uow.users.by_name(user.name) is not None:
                raise InvalidInput([Problem("Name", f"an account called '{user.name}' already exists")])
            if team_id is not None:
                uow.users.team(team_id)
            must_change = one_time and not setting_up
            uow.users.add(user, password_hash=password_hash, must_change=must_change)
            if self._context.keys is not None:  # the account's own copy of the data key, in the same step
                self._context.keys.set_password(user, password, one_time=must_change)
            uow.audit.record(self._context.actor_id, "user.create", "user", str(user.id), None,
                             payloads.created(user))
        return user

    def all(self) -> list[User]:
        """Every account (historical signers kept from an import are people named in records, not accounts)."""
        with self._context.transaction() as uow:
            return _accounts_only(uow, uow.users.all())

    @open_to_anyone
    def accounts(self) -> list[User]:
        """Who can sign in here: names, roles and teams for the sign-in screen and ``--as``; no case data. Staff
        kept from an import as historical signers are not accounts and are not offered."""
        with self._context.db.transaction() as uow:
            return _accounts_only(uow, uow.users.all())

    @open_to_anyone
    def is_in_use(self) -> bool:
        """Whether the database holds any account or child (the demo fills only an empty one)."""
        with self._context.db.transaction() as uow:
            return uow.users.any() or uow.children.any()

    def get(self, user_id: UUID) -> User:
        with self._context.transaction() as uow:
            return uow.users.get(user_id)

    # Passwords --------------------------------------------------------------------------------------------
    @open_to_anyone
    def sign_in(self, user_id: UUID, password: str) -> User:
        """The account, when ``password`` is its password; ``WrongPassword`` (recorded) otherwise."""
        with self._context.transaction() as uow:
            user = require_password(self._context.db, uow, user_id, password, "sign in")
            uow.audit.record(user.id, "user.sign-in", "user", str(user.id), None, None)
            return user

    def check_password(self, user_id: UUID, password: str) -> None:
        """Unlocking after the idle lock: the same check as signing in, with the same lockout."""
        keys = self._context.keys
        if keys is not None:
            try:
                keys.check(user_id, password)
            finally:  # the key file counted any wrong password; the trail gets it now, not at next sign-in
                write_failed_attempts(self._context.db, keys.key_file)
        with self._context.transaction() as uow:
            if keys is None:
                user = require_password(self._context.db, uow, user_id, password, "unlock")
            else:
                user = uow.users.get(user_id)
            uow.audit.record(user.id, "user.unlock", "user", str(user.id), None, None)

    @open_to_anyone
    def needs_password(self, user_id: UUID) -> bool:
        """True for an account made before passwords existed: it chooses one at its next sign-in."""
        with self._context.transaction() as uow:
            return uow.users.password_hash(user_id) is None

    @open_to_anyone
    def must_change_password(self, user_id: UUID) -> bool:
        """True while the account's password is a one-time one an administrator gave: the person chooses their own
        at sign-in before anything else."""
        with self._context.db.transaction() as uow:
            return uow.users.must_change_password(user_id)

    def change_password(self, user_id: UUID, old: str, new: str) -> None:
        with self._context.transaction() as uow:
            try:
                user = require_password(self._context.db, uow, user_id, old, "change password")
            except WrongPassword as wrong:
                raise InvalidInput([Problem("Current password", str(wrong))]) from None
            self._store_new(uow, user, new, "user.change-password")

    def reset_password(self, user_id: UUID, new: str, *, one_time: bool = True) -> None:
        """An administrator gives a one-time password: to someone who has forgotten theirs, or to an account made
        before passwords existed (which nobody else may claim by choosing one first). The person must choose their
        own at their next sign-in."""
        with self._context.transaction() as uow:
            self._require_administrator(uow, "reset passwords")
            if self._context.actor_id == user_id:
                raise NotAllowed("Use \"Change my password\" for your own: it asks for the current one first.")
            if not _accounts_only(uow, [uow.users.get(user_id)]):
                raise NotAllowed("This person is named in records imported from elsewhere and has no account here: "
                                 "they cannot be given a password. Add an account for them instead.")
            action = "user.one-time-password" if one_time else "user.reset-password"
            self._store_new(uow, uow.users.get(user_id), new, action, must_change=one_time)

    def _store_new(self, uow: UnitOfWork, user: User, password: str, action: str, *,
                   must_change: bool = False) -> None:
        problems = password_problems(password, user_name=user.name)
        if problems:
            raise InvalidInput([Problem("New password", text) for text in problems])
        uow.users.set_password_hash(user.id, hash_password(password), must_change=must_change)
        if self._context.keys is not None:
            self._context.keys.set_password(user, password, one_time=must_change)
        uow.audit.record(self._context.actor_id or user.id, action, "user", str(user.id), None, None)

    def disable(self, user_id: UUID) -> User:
        """Someone who has left: their copy of the data key is removed from the key file and their password
        forgotten, so they can no longer sign in; their name stays on everything they signed. An administrator can
        let them in again with a one-time password. After someone leaves, re-key the database (``vault.rekey``)
        if they could have kept a copy of the key file."""
        with self._context.transaction() as uow:
            self._require_administrator(uow, "disable accounts")
            if self._context.actor_id == user_id:
                raise NotAllowed("You cannot disable your own account; another administrator can.")
            user = uow.users.get(user_id)
            uow.users.disable(user_id, utc_now())
            if self._context.keys is not None:
                self._context.keys.remove(user_id)
            uow.audit.record(self._context.actor_id, "user.disable", "user", str(user_id), None, None)
            return user

    def account_states(self) -> dict[UUID, AccountState]:
        """For an administrator: whether each account can sign in now, and why not (disabled, no password yet, a
        one-time password given, or waiting after wrong passwords)."""
        with self._context.transaction() as uow:
            self._require_administrator(uow, "see who can sign in")
            facts = uow.users.sign_in_facts()
        states = {}
        for user_id, (has_password, one_time, disabled_at) in facts.items():
            if disabled_at is not None and not has_password:
                sign_in = SignIn.DISABLED
            elif not has_password:
                sign_in = SignIn.NO_PASSWORD
            else:
                sign_in = SignIn.ONE_TIME if one_time else SignIn.READY
            states[user_id] = AccountState(sign_in=sign_in, disabled_at=disabled_at,
                                            wait_seconds=self._wait_seconds(user_id))
        return states

    def _wait_seconds(self, user_id: UUID) -> float:
        if self._context.keys is None:
            return 0.0
        try:
            return self._context.keys.key_file.seconds_until_next_try(user_id)
        except NoPasswordSlot:  # no copy of the key: nothing to wait for
            return 0.0

    def lift_lockout(self, user_id: UUID) -> None:
        """An administrator lets someone try their password again at once after too many wrong ones."""
        with self._context.transaction() as uow:
            self._require_administrator(uow, "lift a lockout")
            user = uow.users.get(user_id)
            if self._context.keys is not None:
                self._context.keys.lift_lockout(user.id)
            uow.audit.record(self._context.actor_id, "user.lift-lockout", "user", str(user_id), None, None)

    # Teams ------------------------------------------------------------------------------------------------
    def create_team(self, name: str) -> Team:
        team = build(Team, name=name)
        with self._context.transaction() as uow:
            self._require_administrator(uow, "add teams")
            if uow.users.team_by_name(team.name) is not None:
                raise InvalidInput([Problem("Team name", f"a team called '{team.name}' already exists")])
            uow.users.add_team(team)
            uow.audit.record(self._context.actor_id, "team.create", "team", str(team.id), None,
                             payloads.created(team))
        return team

    @open_to_anyone
    def teams(self) -> list[Team]:
        """The teams' names: organisational, not case data (the sign-in screen shows who is in which)."""
        with self._context.transaction() as uow:
            return uow.users.teams()

    def team_members(self, team_id: UUID) -> list[User]:
        with self._context.transaction() as uow:
            uow.users.team(team_id)
            return uow.users.in_team(team_id)

    def set_team(self, user_id: UUID, team_id: UUID | None) -> User:
        with self._context.transaction() as uow:
            self._require_administrator(uow, "move people between teams")
            before = uow.users.get(user_id)
            if team_id is not None:
                uow.users.team(team_id)
            uow.users.set_team(user_id, team_id)
            uow.audit.record(self._context.actor_id, "user.set-team", "user", str(user_id),
                             {"team_id": before.team_id}, {"team_id": team_id})
            return uow.users.get(user_id)

    def _require_administrator(self, uow: UnitOfWork, what: str) -> None:
        actor = self._context.actor
        if actor is None:
            raise PermissionDenied(f"Sign in as an administrator to {what}.")
        stored = uow.users.get(actor.id)  # the role as stored now, not as it was when the session began
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY.format(what=what, name=stored.name,
                                                              role=" and ".join(r.value for r in stored.roles)))


def _accounts_only(uow: UnitOfWork, users: list[User]) -> list[User]:
    """``users`` without the historical signers an import kept (``storage.orm.HistoricalStaffRow``)."""
    from ..storage import orm

    historical = uow.records.held(orm.historical_staff, [user.id for user in users], column="user_id")
    return [user for user in users if user.id not in historical]
