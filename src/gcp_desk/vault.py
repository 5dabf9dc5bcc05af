"""A data folder's database and its keys: which kind of folder it is, and opening it once a password is right.

- A new folder gets an encrypted database (SQLCipher) and a key file beside it. Until the first account exists,
  the data key waits in a small file (``UNCLAIMED``): the database then holds nothing but its schema. The first
  account's own copy replaces it.
- An encrypted folder stays shut until a password unwraps the data key: before that, only the key file's names can
  be read (``accounts``).
- A plain database from an older version is opened as before; an administrator's sign-in encrypts it in place
  (``encrypt_plain``), with its plain backups, and makes the recovery key to show once.
- A team database (PostgreSQL) has no key file: its passwords are checked by the database's own hashes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from .domain.errors import DatabaseMissing, DatabaseUnavailable
from .paths import AppPaths
from .security.keyfile import FILE_NAME, KeyFile

if TYPE_CHECKING:
    from .storage.db import Database

UNCLAIMED = "gcp-desk.new-key"
"""The data key of a new database that has no account yet: removed when the first account gets its own copy."""


class FolderKind(Enum):
    NEW = "new"
    ENCRYPTED = "encrypted"
    PLAIN = "plain"
    SERVER = "server"


@dataclass(frozen=True)
class Account:
    """An account as the sign-in screen and ``--as`` see it: a name to choose, nothing about any child."""

    id: UUID
    name: str
    roles: tuple = ()
    has_password: bool = True


def folder_kind(paths: AppPaths, database_url: str | None, *, has_held_database: bool = False) -> FolderKind:
    """What is in the folder. A database without its key file, a key file without its database, or an empty file
    where the database should be are refused in words, and nothing is created in their place."""
    if database_url:
        return FolderKind.SERVER
    database, key_path = paths.database, paths.data_dir / FILE_NAME
    empty = database.exists() and database.stat().st_size == 0
    if key_path.exists():
        if (paths.data_dir / UNCLAIMED).exists() and (empty or not database.exists()):
            return FolderKind.NEW  # a new folder left half made: nothing in it yet
        if empty:
            raise DatabaseUnavailable(_EMPTY.format(database=database))
        if database.exists():
            from .storage.encryption import is_plain_sqlite

            return FolderKind.PLAIN if is_plain_sqlite(database) else FolderKind.ENCRYPTED
        raise DatabaseMissing(
            f"The GCP Desk database is missing from {paths.data_dir}: its key file is there, so a database was kept "
            "here before. Put the database file back, or restore it from a backup (gcp-desk db restore). No new, "
            "empty database was made in its place.", paths.data_dir)
    if not database.exists() or (empty and not has_held_database):  # an empty file: a first start cut short
        if has_held_database:
            raise DatabaseMissing(
                f"The GCP Desk database is missing from {paths.data_dir}: this folder has held one, so a new empty one "
                f"is not made in its place. If it was moved, put it back as {database.name} with its key file "
                f"({FILE_NAME}); otherwise restore it from a backup. Nothing was created.", paths.data_dir)
        return FolderKind.NEW
    if empty:
        raise DatabaseUnavailable(_EMPTY.format(database=database))
    from .storage.encryption import is_plain_sqlite

    if is_plain_sqlite(database):
        return FolderKind.PLAIN
    raise DatabaseUnavailable(
        f"The file {database} cannot be opened: it is not a plain database, and there is no key file "
        f"({FILE_NAME}) beside it. Either the key file was lost (put it back: an encrypted database cannot be read "
        "without it), or the file is damaged or is not a GCP Desk database (restore it from a backup). Nothing was "
        "changed.")


_EMPTY = ("The database file {database} is empty (0 bytes): it was damaged or cut short, so restore it from a "
          "backup. Nothing was changed.")


def start_new_folder(paths: AppPaths) -> tuple[KeyFile, bytes, str]:
    """A new key file and the data key for a new database, kept in ``UNCLAIMED`` until the first account."""
    key_path = paths.data_dir / FILE_NAME
    unclaimed = paths.data_dir / UNCLAIMED
    if key_path.exists() and unclaimed.exists():
        key_path.unlink()  # half made before: no database was ever written with it
    key_file, data_key, recovery = KeyFile.create(key_path)
    _write_owner_only(unclaimed, data_key.hex())
    return key_file, data_key, recovery


def unclaimed_key(paths: AppPaths, key_file: KeyFile) -> bytes | None:
    """The waiting data key of a database with no account yet, if it is this key file's."""
    unclaimed = paths.data_dir / UNCLAIMED
    try:
        key = bytes.fromhex(unclaimed.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return key if key_file.is_data_key(key) else None


def _write_owner_only(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())


# Opening a folder, signing in ------------------------------------------------------------------------------------


def open_database(paths: AppPaths, settings) -> Database:
    """The team database named in the settings, or the folder's plain SQLite file (an older, unencrypted one).
    A team server's TLS certificate is checked in full unless its URL says otherwise (``storage.server_address``)."""
    from .storage.db import Database

    if settings.database_url:
        from sqlalchemy import make_url

        from .storage.server_address import server_url

        url = make_url(settings.database_url)
        return Database(server_url(url) if url.get_backend_name() == "postgresql" else url)
    return Database.for_file(paths.database)


def open_folder(backend, *, migrate: bool) -> None:
    """Fill ``backend`` for its folder: open the database now where no password is needed, else keep it shut."""
    from .services.keyring import KeyRing
    from .storage.db import Database
    from .storage.meta import DATABASE_ID, write_meta
    from .storage.migrate import prepare

    paths, settings = backend.paths, backend.settings
    kind = folder_kind(paths, settings.database_url, has_held_database=settings.has_held_database)
    if kind is not FolderKind.SERVER and not settings.has_held_database:
        settings.has_held_database = True  # from now on a missing database is said, never silently replaced
        settings.save(paths.settings_file)
    if kind is FolderKind.NEW:
        key_file, data_key, recovery = start_new_folder(paths)
        db = Database.for_file(paths.database, key=data_key)
        prepare(db, paths.backups_dir, empty_file_is_new=True)
        write_meta(db, DATABASE_ID, key_file.database_id)
        backend.db, backend.key_file, backend.recovery_key = db, key_file, recovery
        backend.keys = KeyRing(key_file, data_key, unclaimed=paths.data_dir / UNCLAIMED)
        return
    if kind is FolderKind.ENCRYPTED:
        key_file = KeyFile.load(paths.data_dir / FILE_NAME)
        backend.key_file = key_file
        waiting = unclaimed_key(paths, key_file)
        if waiting is not None:  # a new database whose first account is still to be made
            _open_encrypted(backend, waiting, migrate=migrate)
            backend.keys = KeyRing(key_file, waiting, unclaimed=paths.data_dir / UNCLAIMED)
            # The recovery key made with the folder was never shown to anyone (nobody got as far as an account):
            # a new one replaces it, to be shown when the first account is made.
            backend.recovery_key = key_file.new_recovery_key(waiting)
        return
    db = open_database(paths, settings)
    if migrate:
        prepare(db, paths.backups_dir if db.is_sqlite else None)
    backend.db = db


def _open_encrypted(backend, data_key: bytes, *, migrate: bool) -> None:
    from .security.keyfile import KeyFileForAnotherDatabase
    from .storage.db import Database
    from .storage.meta import DATABASE_ID, read_meta, write_meta
    from .storage.migrate import prepare

    key_file = backend.key_file
    finish_interrupted_rekey(backend.paths, key_file, data_key)
    db = Database.for_file(backend.paths.database, key=data_key, create=False)
    try:
        if migrate:
            prepare(db, backend.paths.backups_dir)
        stored = read_meta(db, DATABASE_ID)
        if stored is None:
            write_meta(db, DATABASE_ID, key_file.database_id)
        elif stored != key_file.database_id:
            raise KeyFileForAnotherDatabase(
                f"The key file {key_file.path} belongs to another GCP Desk database, not the one beside it. Put back "
                "this database's own key file. Nothing was changed.")
    except BaseException:
        db.dispose()
        raise
    backend.db = db


def finish_interrupted_rekey(paths: AppPaths, key_file: KeyFile, data_key: bytes) -> None:
    """A re-key cut short between the key file and the database (the computer switched off, the app killed) leaves
    the new key in every kept slot and the old one wrapped under it: the database is re-encrypted now if it still
    opens only with the old key, the signing key resealed if it still is under the old key, and the old key
    forgotten. Nothing to do when the last re-key finished."""
    previous = key_file.previous_data_key(data_key)
    if previous is None:
        return
    from .reports.signing import SELF_SIGNED_FILE, SigningKeyUnavailable, pkcs12_bytes, reseal_signing_key
    from .storage.encryption import rekey_in_place

    if not _opens_with(paths.database, data_key) and _opens_with(paths.database, previous):
        rekey_in_place(paths.database, previous, data_key)
    signing_key = paths.signing_dir / SELF_SIGNED_FILE
    if signing_key.exists():
        try:
            pkcs12_bytes(signing_key, data_key)
        except SigningKeyUnavailable:
            reseal_signing_key(paths.signing_dir, previous, data_key)
    key_file.forget_previous_key()


def _opens_with(database: Path, key: bytes) -> bool:
    from .domain.errors import WrongDatabaseKey
    from .storage import cipher

    try:
        cipher.connect(database, key=key, mode="ro").close()
    except WrongDatabaseKey:
        return False
    return True


def accounts_of(backend) -> list[Account]:
    if backend.db is None:
        return [Account(UUID(account.user_id), account.name, (), account.has_slot)
                for account in backend.key_file.accounts()]
    return [Account(user.id, user.name, user.roles) for user in backend.users().accounts()]


def unlock(backend, user_id, password: str):
    from .services.keyring import KeyRing, write_failed_attempts

    user_id = UUID(str(user_id))
    if backend.db is None:  # shut: the password unwraps the data key, and that is the check
        data_key = backend.key_file.unlock(user_id, password)
        _open_encrypted(backend, data_key, migrate=True)
        backend.keys = KeyRing(backend.key_file, data_key)
        backend.context()  # from now on every write keeps the children's stored attention
        write_failed_attempts(backend.db, backend.key_file)
        return _record_sign_in(backend, user_id)
    if backend.keys is not None:  # open already (a new folder, or switching user): the same check, on the key file
        try:
            backend.keys.check(user_id, password)
        finally:
            write_failed_attempts(backend.db, backend.key_file)
        return _record_sign_in(backend, user_id)
    user = backend.users().sign_in(user_id, password)
    if backend.db.is_sqlite:  # a plain file from an older version: encrypted now, at an administrator's sign-in
        encrypt_plain(backend, user, password)
    return user


def _record_sign_in(backend, user_id: UUID):
    with backend.db.transaction() as uow:
        user = uow.users.get(user_id)
        uow.audit.record(user.id, "user.sign-in", "user", str(user.id), None, None)
    return user


# Encrypting a plain database from an older version ---------------------------------------------------------------


def encrypt_plain(backend, user, password: str) -> None:
    """Encrypt the folder's plain database in place, with its plain backups, after ``user`` signed in with
    ``password``: it needs an administrator (or, on a database with none, makes ``user`` one). Every other account
    is listed in the new key file as needing a one-time password from an administrator."""
    from .domain.enums import Role
    from .domain.errors import NotAllowed
    from .services.keyring import KeyRing
    from .storage.db import Database
    from .storage.encryption import encrypt_in_place, encrypt_plain_backups
    from .storage.meta import DATABASE_ID, write_meta

    paths, db = backend.paths, backend.db
    with db.transaction() as uow:
        everyone = uow.users.all()
        me = next(person for person in everyone if person.id == user.id)
        administrators = [person.name for person in everyone if person.has_role(Role.ADMINISTRATOR)]
        if not me.has_role(Role.ADMINISTRATOR):
            if administrators:
                raise NotAllowed(
                    "This laptop's records are not encrypted yet, and are encrypted when an administrator first signs "
                    f"in ({', '.join(administrators)}). Until then nobody else can open them. Nothing was changed.")
            me = me.model_copy(update={"roles": (*me.roles, Role.ADMINISTRATOR)})
            uow.users.set_roles(me.id, me.roles)
            uow.audit.record(me.id, "user.first-administrator", "user", str(me.id), None,
                             {"roles": list(me.roles)})
    key_path = paths.data_dir / FILE_NAME
    key_path.unlink(missing_ok=True)  # left by an attempt that stopped before the swap: it protects nothing
    key_file, data_key, recovery = KeyFile.create(key_path)
    write_meta(db, DATABASE_ID, key_file.database_id)
    key_file.set_slot(me.id, me.name, password, data_key)
    for person in everyone:
        if person.id != me.id:
            key_file.add_account_without_password(person.id, person.name)
    db.dispose()
    encrypt_in_place(paths.database, data_key)
    encrypted_backups = encrypt_plain_backups(paths.backups_dir, data_key)
    backend.db = Database.for_file(paths.database, key=data_key, create=False)
    backend.key_file, backend.keys = key_file, KeyRing(key_file, data_key)
    backend.context()  # every write keeps the children's stored attention
    backend.recovery_key = recovery
    backend.plain_backups_encrypted = len(encrypted_backups)
    backend.encrypted_now = True
    with backend.db.transaction() as uow:
        uow.audit.record(me.id, "database.encrypt", "database", "-", None,
                         {"plain_backups_encrypted": len(encrypted_backups), "accounts_needing_password":
                          len(everyone) - 1})


# Re-keying, after someone has left or a key file may have been copied ---------------------------------------------


def rekey(backend, administrator, password: str) -> str:
    """A new data key for the database: re-encrypted in place (copy, check, swap), wrapped for the administrator
    whose ``password`` is given and under a new recovery key, which is returned to be shown once. Every other
    account needs a one-time password again. Backups made before stay readable only with the old recovery key."""
    from .domain.enums import Role
    from .domain.errors import NotAllowed, PermissionDenied
    from .reports.signing import reseal_signing_key
    from .security.key_wrapping import new_data_key
    from .services.keyring import KeyRing
    from .storage.db import Database
    from .storage.encryption import rekey_in_place

    if backend.keys is None or backend.db is None:
        raise NotAllowed("Only an encrypted database on this computer can be re-keyed.")
    with backend.db.transaction() as uow:
        stored = uow.users.get(administrator.id)
        others = [user for user in uow.users.all() if user.id != administrator.id]
    if not stored.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied("Only an administrator can re-key the database.")
    key_file, old_key, new_key = backend.key_file, backend.keys.data_key, new_data_key()
    before = key_file.snapshot()
    recovery = key_file.rekey(old_key, new_key, keep={administrator.id: password})
    backend.db.dispose()
    try:
        rekey_in_place(backend.paths.database, old_key, new_key)
    except BaseException:
        key_file.restore(before)  # refused before the swap (open elsewhere, a full disk): nothing changed at all
        raise
    reseal_signing_key(backend.paths.signing_dir, old_key, new_key)
    key_file.forget_previous_key()
    for user in others:
        key_file.add_account_without_password(user.id, user.name)
    backend.db = Database.for_file(backend.paths.database, key=new_key, create=False)
    backend.keys = KeyRing(key_file, new_key)
    backend.context()
    with backend.db.transaction() as uow:
        uow.audit.record(administrator.id, "database.rekey", "database", "-", None,
                         {"accounts_needing_password": len(others)})
    return recovery
