"""Accounts and teams on a team server, made by an administrator connected as their own login: the server's
policies let only an administrator add them, and its SECURITY DEFINER function makes the person's login (see
``logins``). Each addition and its audit event are one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from ..domain.enums import Role
from ..domain.errors import InvalidInput, PermissionDenied, Problem
from ..domain.people import Team, User
from ..security.passwords import password_problems
from ..storage.db import CHAIN_LOCK
from ..storage.server_address import check_login, login_name
from .logins import create_login

ADMINISTRATORS_ONLY = "Only an administrator adds accounts and teams on the team server. Nothing was changed."


def add_person(connection: Connection, name: str, roles: Sequence[Role], *, password: str,
               team: str | None = None, login: str | None = None) -> tuple[User, str]:
    """A new account and its own login; ``team`` by name. Returns the account and its login."""
    from ..services.validation import build

    user = build(User, name=name, roles=tuple(roles) or (Role.PRACTITIONER,))
    login = check_login(login or login_name(user.name))
    problems = [Problem("Password", words) for words in password_problems(password, user_name=user.name)]
    if problems:
        raise InvalidInput(problems)
    with connection.begin():
        actor = _administrator(connection)
        if team is not None:
            team_id = connection.execute(text("SELECT id FROM teams WHERE lower(name) = lower(:name)"),
                                         {"name": team.strip()}).scalar()
            if team_id is None:
                raise InvalidInput([Problem("Team", f"there is no team called '{team}' on the server")])
            user = user.model_copy(update={"team_id": team_id})
        if connection.execute(text("SELECT 1 FROM users WHERE lower(name) = lower(:name)"),
                              {"name": user.name}).first():
            raise InvalidInput([Problem("Name", f"an account called '{user.name}' already exists")])
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :login"), {"login": login}).first():
            raise InvalidInput([Problem("Login", f"a role called '{login}' already exists on the server; choose "
                                        "another login")])
        from ..storage.repositories import UserRepository

        session = Session(bind=connection)
        UserRepository(session).add(user, password_hash=None)  # the password is the server login's, nowhere else
        session.flush()
        create_login(connection, login, password, user.id)
        _record(connection, actor, "user.create", "user", user.id, user)
    return user, login


def add_team(connection: Connection, name: str) -> Team:
    from ..services.validation import build

    team = build(Team, name=name)
    with connection.begin():
        actor = _administrator(connection)
        if connection.execute(text("SELECT 1 FROM teams WHERE lower(name) = lower(:name)"),
                              {"name": team.name}).first():
            raise InvalidInput([Problem("Name", f"a team called '{team.name}' already exists")])
        from ..storage.repositories import UserRepository

        session = Session(bind=connection)
        UserRepository(session).add_team(team)
        session.flush()
        _record(connection, actor, "team.create", "team", team.id, team)
    return team


def _administrator(connection: Connection) -> UUID:
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    actor, is_administrator = connection.execute(text(
        "SELECT gcp_desk_actor(), gcp_desk_actor_has_role('administrator')")).one()
    if actor is None or not is_administrator:
        raise PermissionDenied(ADMINISTRATORS_ONLY)
    return actor


def _record(connection: Connection, actor: UUID, action: str, entity: str, entity_id: UUID, model) -> None:
    from ..services import audit_payloads
    from ..storage.repositories import AuditRepository

    AuditRepository(Session(bind=connection)).record(actor, action, entity, entity_id, None,
                                                     audit_payloads.created(model))
