"""Accounts and teams: who may sign in, with which role, and which supervisor reviews whose work.

Passwords are stored only as argon2id hashes. Hashing takes about 0.15 s on purpose: call these off the UI thread.
"""

from __future__ import annotations

from uuid import UUID

from ..domain.enums import Role
from ..domain.errors import InvalidInput, NotAllowed, PermissionDenied, Problem, WrongPassword
from ..domain.people import Team, User
from ..security.passwords import hash_password, password_problems
from ..storage.unit_of_work import UnitOfWork
from .context import ServiceContext
from .credentials import require_password
from .validation import build

ADMINISTRATORS_ONLY = "Only an administrator can {what}. You are signed in as {name}, a {role}."


class UserService:
    def __init__(self, context: ServiceContext):
        self._context = context

    @property
    def actor_id(self) -> UUID | None:
        """Who is signed in, for screens that treat one's own account differently."""
        return self._context.actor_id

    # Accounts ---------------------------------------------------------------------------------------------
    def create(self, name: str, role: Role = Role.PRACTITIONER, *, password: str,
               team_id: UUID | None = None) -> User:
        """A new account. Only an administrator makes accounts, with two exceptions for setting up: the first
        account of an empty database, and the first administrator of a database that has none (one upgraded from
        before accounts had roles that mattered). Whoever can open the database file can already do both."""
        user = build(User, name=name, role=role, team_id=team_id)
        problems = [Problem("Password", text) for text in password_problems(password, user_name=user.name)]
        if problems:
            raise InvalidInput(problems)
        password_hash = hash_password(password)
        with self._context.db.transaction() as uow:
            setting_up = not uow.users.any() or (
                user.role is Role.ADMINISTRATOR and not uow.users.any_with_role(Role.ADMINISTRATOR))
            if not setting_up:
                self._require_administrator(uow, "add accounts")
            if uow.users.by_name(user.name) is not None:
                raise InvalidInput([Problem("Name", f"an account called '{user.name}' already exists")])
            if team_id is not None:
                uow.users.team(team_id)
            uow.users.add(user, password_hash=password_hash)
            uow.audit.record(self._context.actor_id, "user.create", "user", str(user.id), None,
                             user.model_dump(mode="json"))
        return user

    def all(self) -> list[User]:
        with self._context.db.transaction() as uow:
            return uow.users.all()

    def get(self, user_id: UUID) -> User:
        with self._context.db.transaction() as uow:
            return uow.users.get(user_id)

    # Passwords --------------------------------------------------------------------------------------------
    def sign_in(self, user_id: UUID, password: str) -> User:
        """The account, when ``password`` is its password; ``WrongPassword`` (recorded) otherwise."""
        with self._context.db.transaction() as uow:
            user = require_password(self._context.db, uow, user_id, password, "sign in")
            uow.audit.record(user.id, "user.sign-in", "user", str(user.id), None, None)
            return user

    def check_password(self, user_id: UUID, password: str) -> None:
        """Unlocking after the idle lock: the same check as signing in."""
        with self._context.db.transaction() as uow:
            user = require_password(self._context.db, uow, user_id, password, "unlock")
            uow.audit.record(user.id, "user.unlock", "user", str(user.id), None, None)

    def needs_password(self, user_id: UUID) -> bool:
        """True for an account made before passwords existed: it chooses one at its next sign-in."""
        with self._context.db.transaction() as uow:
            return uow.users.password_hash(user_id) is None

    def set_first_password(self, user_id: UUID, password: str) -> User:
        with self._context.db.transaction() as uow:
            user = uow.users.get(user_id)
            if uow.users.password_hash(user_id) is not None:
                raise NotAllowed(f"{user.name} already has a password. Sign in with it, or ask an administrator.")
            self._store_new(uow, user, password, "user.first-password")
            return user

    def change_password(self, user_id: UUID, old: str, new: str) -> None:
        with self._context.db.transaction() as uow:
            try:
                user = require_password(self._context.db, uow, user_id, old, "change password")
            except WrongPassword as wrong:
                raise InvalidInput([Problem("Current password", str(wrong))]) from None
            self._store_new(uow, user, new, "user.change-password")

    def reset_password(self, user_id: UUID, new: str) -> None:
        """An administrator sets a new password for someone who has forgotten theirs."""
        with self._context.db.transaction() as uow:
            self._require_administrator(uow, "reset passwords")
            if self._context.actor_id == user_id:
                raise NotAllowed("Use \"Change my password\" for your own: it asks for the current one first.")
            self._store_new(uow, uow.users.get(user_id), new, "user.reset-password")

    def _store_new(self, uow: UnitOfWork, user: User, password: str, action: str) -> None:
        problems = password_problems(password, user_name=user.name)
        if problems:
            raise InvalidInput([Problem("New password", text) for text in problems])
        uow.users.set_password_hash(user.id, hash_password(password))
        uow.audit.record(self._context.actor_id or user.id, action, "user", str(user.id), None, None)

    # Teams ------------------------------------------------------------------------------------------------
    def create_team(self, name: str) -> Team:
        team = build(Team, name=name)
        with self._context.db.transaction() as uow:
            self._require_administrator(uow, "add teams")
            if uow.users.team_by_name(team.name) is not None:
                raise InvalidInput([Problem("Team name", f"a team called '{team.name}' already exists")])
            uow.users.add_team(team)
            uow.audit.record(self._context.actor_id, "team.create", "team", str(team.id), None,
                             team.model_dump(mode="json"))
        return team

    def teams(self) -> list[Team]:
        with self._context.db.transaction() as uow:
            return uow.users.teams()

    def team_members(self, team_id: UUID) -> list[User]:
        with self._context.db.transaction() as uow:
            uow.users.team(team_id)
            return uow.users.in_team(team_id)

    def set_team(self, user_id: UUID, team_id: UUID | None) -> User:
        with self._context.db.transaction() as uow:
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
        if stored.role is not Role.ADMINISTRATOR:
            raise PermissionDenied(ADMINISTRATORS_ONLY.format(what=what, name=stored.name, role=stored.role.value))
