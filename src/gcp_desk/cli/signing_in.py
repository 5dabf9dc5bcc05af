"""Signing in from the command line: ``--as NAME`` and that person's password, asked for or read from standard
input (``--password-stdin``, one line a password).

A command that needs a password and has no way to get one (no terminal, no ``--password-stdin``) stops at once with
exit 2 rather than waiting for a prompt nobody will answer. Who may do what is for the services to say, against the
roles as stored; this module only finds the account and checks the password.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..domain.errors import GcpDeskError, InvalidInput, NotFound
from ..paths import AppPaths

if TYPE_CHECKING:
    from ..app import Backend
    from ..domain.people import User
    from ..vault import Account

ReadPassword = Callable[[str], str]


class SignInNeeded(GcpDeskError):
    """The command reads or changes records and nobody has signed in: exit 2, saying how to."""


def how_to_sign_in(command: str) -> str:
    return (f"'{command}' reads or changes records, so it needs you to sign in: add --as \"YOUR NAME\" and type your "
            "password when asked, or give it on standard input with --password-stdin "
            f"(for example: echo \"$PASSWORD\" | gcp-desk {command} --as \"Sam Whitfield\" --password-stdin).")


def password_reader(from_stdin: bool, command: str) -> ReadPassword:
    """``getpass`` (nothing echoed) at a terminal, or the next line of standard input with ``--password-stdin``."""
    if from_stdin:
        def next_line(prompt: str) -> str:
            line = sys.stdin.readline() if sys.stdin is not None else ""
            if not line:
                raise InvalidInput(f"Standard input ended before a password was given ({prompt.strip()})")
            return line.rstrip("\r\n")

        return next_line
    if not can_ask():
        def refuse(prompt: str) -> str:
            raise SignInNeeded(f"{prompt.strip().rstrip(':')} cannot be asked for: there is no terminal. "
                               + how_to_sign_in(command))

        return refuse
    return getpass.getpass


def can_ask() -> bool:
    """Whether a person can be asked for a password: standard input is a terminal."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def find_account(backend: Backend, name: str) -> Account:
    wanted = " ".join(name.split()).casefold()
    found = next((account for account in backend.accounts() if account.name.casefold() == wanted), None)
    if found is None:
        raise NotFound(f"There is no account called '{name}' in this database.")
    return found


def sign_in(backend: Backend, acting_as: str | None, read: ReadPassword, command: str) -> User:
    """The person named by ``--as``, once their password has been given: on an encrypted database it unwraps the
    data key, which is what opens the database."""
    if not acting_as:
        raise SignInNeeded(how_to_sign_in(command))
    if backend.settings.team_server:  # a linked laptop: the team server can make or renew a person's slot here
        from ..server.online_sign_in import sign_in_linked

        try:
            account = find_account(backend, acting_as)
        except NotFound:
            user = sign_in_linked(backend, None, acting_as, read(f"Server password for {acting_as}: "))
        else:
            user = sign_in_linked(backend, account.id, account.name, read(f"Password for {account.name}: "))
    else:
        account = find_account(backend, acting_as)
        user = backend.unlock(account.id, read(f"Password for {account.name}: "))
    recovery = backend.take_recovery_key()
    if recovery is not None and not backend.encrypted_now:  # a new laptop's first sign-in through the team server
        print_recovery_key(recovery, headline="This laptop's records are kept encrypted.")
    elif recovery is not None:  # a plain database from an older version was encrypted just now
        print_recovery_key(recovery, backend.plain_backups_encrypted)
    return user


def print_recovery_key(recovery: str, plain_backups: int = 0, *,
                       headline: str = "The records in this folder are now encrypted.") -> None:
    """Shown once, at the moment it is made."""
    print(headline + (
        f" {plain_backups} older backup(s) were encrypted too." if plain_backups else ""), file=sys.stderr)
    print("RECOVERY KEY (shown once; print it or write it down and keep it in the organisation's safe):",
          file=sys.stderr)
    print(f"    {recovery}", file=sys.stderr)
    print("Without a password or this recovery key, nobody can read these records: not GCP Desk, not IT.",
          file=sys.stderr)


@contextmanager
def signed_in(paths: AppPaths, acting_as: str | None, password_stdin: bool, command: str, *,
              migrate: bool = True) -> Iterator[tuple[Backend, User]]:
    """The opened backend and the signed-in person, for the length of one command; the backend is closed after.

    Nothing is opened before it is known that a password can be had, so a command run by a script without one ends
    at once, having read nothing.
    """
    from ..app import open_backend

    if not acting_as:
        raise SignInNeeded(how_to_sign_in(command))
    read = password_reader(password_stdin, command)
    from .anchoring import anchor_after_writing

    backend = open_backend(paths, migrate=migrate)
    signed = False
    try:
        user = sign_in(backend, acting_as, read, command)
        signed = True
        from ..sync.limit import check_offline_limit

        assert backend.db is not None
        check_offline_limit(backend.db, backend.settings.offline_days)
        yield backend, user
    finally:
        if signed:  # signing in is itself recorded: the trail's new end is signed into the head file
            anchor_after_writing(backend)
        backend.close()
