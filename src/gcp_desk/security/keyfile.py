"""The key file beside the encrypted database (``gcp-desk.keys``): all the sign-in screen reads before a password.

It holds the database's id, the names of the accounts (no case data), each account's copy of the data key wrapped
under its password (argon2id, then AES-256-GCM bound to the database id and the account), one more copy wrapped
under the recovery key, the lockout counts and the failed attempts waiting to be written to the audit trail.

    keys, data_key, recovery_key = KeyFile.create(KeyFile.beside(database_path))  # show recovery_key once
    keys.set_slot(admin.id, admin.name, password, data_key)
    ...
    keys = KeyFile.load(KeyFile.beside(database_path))
    data_key = keys.unlock(user_id, password)     # WrongPassword, AccountLockedOut, NoPasswordSlot

Adding an account, a password change, an administrator's reset and a one-time password each rewrap one slot;
nothing is re-encrypted. Re-keying (``rekey``) wraps a new data key for the accounts whose passwords are given; the
others stay listed with no slot and need a one-time password from an administrator again.
"""

from __future__ import annotations

import copy

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from ..domain.errors import WrongPassword
from . import key_wrapping as kw
from .key_errors import AccountLockedOut, NoPasswordSlot, NotThisDatabasesKey, WrongRecoveryKey
from .key_file_format import (
    KeyFileDamaged,
    KeyFileExists,
    KeyFileForAnotherDatabase,
    KeyFileMissing,
    KeyFileProblem,
    KeyFileTooNew,
    b64,
    locked,
    read_document,
    sealed_json,
    unb64,
    write_document,
)
from .key_wrapping import RecoveryKeyMistyped
from .lockout import seconds_left

__all__ = [
    "AccountLockedOut", "FailedAttempt", "KeyAccount", "KeyFile", "KeyFileDamaged", "KeyFileExists",
    "KeyFileForAnotherDatabase", "KeyFileMissing", "KeyFileProblem", "KeyFileTooNew", "NoPasswordSlot",
    "NotThisDatabasesKey", "RecoveryKeyMistyped", "WrongPassword", "WrongRecoveryKey",
]

FILE_NAME = "gcp-desk.keys"
RECOVERY_NAME = "recovery key"
_PENDING_LIMIT = 1000
_WRONG_PASSWORD = "That password is not right for {name}. Check Caps Lock and try again."


@dataclass(frozen=True)
class KeyAccount:
    user_id: str
    name: str
    must_change: bool
    has_slot: bool


@dataclass(frozen=True)
class FailedAttempt:
    at: datetime
    user_id: str | None
    """``None`` for a wrong recovery key."""
    name: str


class KeyFile:
    """One key file. Every change is written at once, whole (see ``key_file_format``)."""

    FILE_NAME = FILE_NAME

    def __init__(self, path: Path, document: dict[str, Any]):
        self._path = Path(path)
        self._doc = document

    # Making and opening

    @staticmethod
    def beside(database: Path) -> Path:
        return Path(database).with_name(FILE_NAME)

    @staticmethod
    def new_database_id() -> str:
        return uuid.uuid4().hex

    @classmethod
    def create(cls, path: Path, database_id: str | None = None) -> tuple[KeyFile, bytes, str]:
        """A new key file with a new random data key: ``(key file, data key, recovery key text)``. It has no
        accounts yet (``set_slot`` adds them). Never replaces an existing file (``KeyFileExists``)."""
        path = Path(path)
        if path.exists():
            raise KeyFileExists(f"A key file already exists at {path}; it is never replaced, as that would lock "
                                "everyone out of the database it opens.")
        data_key = kw.new_data_key()
        database_id = database_id or cls.new_database_id()
        document: dict[str, Any] = {
            "database_id": database_id, "created_at": _iso(_now(None)), "key_check": kw.key_check(data_key),
            "accounts": {}, "pending_failures": [], "previous": None,
        }
        keys = cls(path, document)
        recovery = keys._new_recovery(data_key)
        with locked(path):
            if path.exists():
                raise KeyFileExists(f"A key file already exists at {path}; it is never replaced.")
            write_document(path, keys._doc)
        return keys, data_key, recovery

    @classmethod
    def load(cls, path: Path, *, database_id: str | None = None) -> KeyFile:
        """The key file at ``path``; ``KeyFileMissing``, ``KeyFileDamaged``, ``KeyFileTooNew``, or (when
        ``database_id`` is given and differs) ``KeyFileForAnotherDatabase``."""
        keys = cls(Path(path), read_document(Path(path)))
        if database_id is not None:
            keys.check_database(database_id)
        return keys

    def reload(self) -> None:
        self._doc = read_document(self._path)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def database_id(self) -> str:
        """Store it in the encrypted database too (app_meta) and check it with ``check_database`` when opening."""
        return self._doc["database_id"]

    def check_database(self, database_id: str) -> None:
        if database_id != self.database_id:
            raise KeyFileForAnotherDatabase(
                f"The key file {self._path} belongs to another GCP Desk database, not the one beside it. Put back "
                "this database's own key file, or sign in with its recovery key. Nothing was changed.")

    def is_data_key(self, data_key: bytes) -> bool:
        return len(data_key) == kw.DATA_KEY_BYTES and kw.key_check(data_key) == self._doc["key_check"]

    # What the sign-in screen shows

    def accounts(self) -> list[KeyAccount]:
        """Every account, by name: no case data. ``has_slot`` False means it needs a one-time password first."""
        return sorted((KeyAccount(user_id, slot["name"], slot["must_change"], slot["key"] is not None)
                       for user_id, slot in self._doc["accounts"].items()), key=lambda a: a.name.casefold())

    def must_change(self, user_id: UUID | str) -> bool:
        return self._slot(_uid(user_id))["must_change"]

    def failures(self, user_id: UUID | str) -> int:
        return self._slot(_uid(user_id))["failures"]

    def seconds_until_next_try(self, user_id: UUID | str, *, now: datetime | None = None) -> float:
        slot = self._slot(_uid(user_id))
        return seconds_left(slot["failures"], _parse(slot["last_failure_at"]), _now(now))

    # Unlocking

    def unlock(self, user_id: UUID | str, password: str, *, now: datetime | None = None) -> bytes:
        """The data key, if ``password`` is this account's: one argon2id derivation and one AES-GCM unwrap.

        A wrong password raises ``WrongPassword`` and is counted and queued (``pending_failures``); after five in a
        row each try must wait (``AccountLockedOut``, refused without deriving anything). A right one resets the
        count.
        """
        user, moment = _uid(user_id), _now(now)
        with locked(self._path):
            self.reload()
            slot = self._slot(user)
            if slot["key"] is None:
                raise NoPasswordSlot(f"{slot['name']} has no password on this laptop yet. An administrator gives a "
                                     "one-time password, to be changed at first sign-in.")
            waiting = seconds_left(slot["failures"], _parse(slot["last_failure_at"]), moment)
            if waiting > 0:
                raise AccountLockedOut(slot["name"], waiting)
            sealed = slot["key"]
            wrapping = kw.password_key(password, unb64(sealed["salt"]), kw.Argon2Parameters.from_json(sealed["kdf"]))
            try:
                data_key = kw.unwrap(wrapping, unb64(sealed["nonce"]), unb64(sealed["wrapped"]), self._aad(user))
            except kw.UnwrapFailed:
                slot["failures"] += 1
                slot["last_failure_at"] = _iso(moment)
                self._queue_failure(moment, user, slot["name"])
                _write_if_possible(self._path, self._doc)
                raise WrongPassword(_WRONG_PASSWORD.format(name=slot["name"])) from None
            self._check_unwrapped(data_key)
            if slot["failures"] or slot["last_failure_at"]:
                slot["failures"], slot["last_failure_at"] = 0, None
                _write_if_possible(self._path, self._doc)
            return data_key

    def unlock_with_recovery(self, text: str, *, now: datetime | None = None) -> bytes:
        """The data key from the recovery key as typed (case, spaces and dashes do not matter).
        ``RecoveryKeyMistyped`` for a typing mistake; ``WrongRecoveryKey`` (queued as a failed attempt) for a
        well-formed key that is not this database's."""
        secret = kw.read_recovery_key(text)
        with locked(self._path):
            self.reload()
            sealed = self._doc["recovery"]
            wrapping = kw.recovery_wrapping_key(secret, unb64(sealed["salt"]))
            try:
                data_key = kw.unwrap(wrapping, unb64(sealed["nonce"]), unb64(sealed["wrapped"]),
                                     self._aad("recovery"))
            except kw.UnwrapFailed:
                self._queue_failure(_now(now), None, RECOVERY_NAME)
                _write_if_possible(self._path, self._doc)
                raise WrongRecoveryKey("That recovery key does not belong to this database. Nothing was "
                                       "opened.") from None
        self._check_unwrapped(data_key)
        return data_key

    # Changing slots

    def set_slot(self, user_id: UUID | str, name: str, password: str, data_key: bytes, *,
                 one_time: bool = False) -> None:
        """Add or replace one account's slot (new account, password change, administrator's reset, or, with
        ``one_time``, a password to be changed at first sign-in). Other slots are untouched; this account's
        wrong-password count is cleared."""
        self._require_data_key(data_key)
        user, salt = _uid(user_id), kw.new_salt()
        nonce, wrapped = kw.wrap(kw.password_key(password, salt, kw.ARGON2), data_key, self._aad(user))
        key = sealed_json(nonce, wrapped, salt=b64(salt), kdf=kw.ARGON2.to_json())
        self._change(lambda doc: doc["accounts"].__setitem__(user, _account(name, key, one_time)))

    def add_account_without_password(self, user_id: UUID | str, name: str) -> None:
        """List an account that has no slot yet (made before encryption): its name shows, and it needs an
        administrator's one-time password. Does nothing to an account that already has a slot."""
        user = _uid(user_id)
        self._change(lambda doc: doc["accounts"].setdefault(user, _account(name, None, True)))

    def rename_account(self, user_id: UUID | str, name: str) -> None:
        user = _uid(user_id)
        self._change(lambda doc: doc["accounts"][user].__setitem__("name", name) if user in doc["accounts"]
                     else None)

    def remove_slot(self, user_id: UUID | str) -> None:
        """Take the account off this laptop's key file (a disabled account): it can no longer unlock anything."""
        user = _uid(user_id)
        self._change(lambda doc: doc["accounts"].pop(user, None))

    def lift_lockout(self, user_id: UUID | str) -> None:
        """An administrator's lift: the account's count of wrong passwords starts again at nought."""
        user = _uid(user_id)

        def lift(doc: dict[str, Any]) -> None:
            if user in doc["accounts"]:
                doc["accounts"][user].update(failures=0, last_failure_at=None)
        self._change(lift)

    def new_recovery_key(self, data_key: bytes) -> str:
        """Replace the recovery key (the sheet was lost or seen): the old one stops working."""
        self._require_data_key(data_key)
        recovery: list[str] = []

        def replace(doc: dict[str, Any]) -> None:  # ``doc`` is ``self._doc``, just re-read under the lock
            recovery.append(self._new_recovery(data_key))
        self._change(replace)
        return recovery[0]

    # Failed attempts waiting for the audit trail

    def pending_failures(self) -> list[FailedAttempt]:
        self.reload()
        return [FailedAttempt(_parse(item["at"]), item.get("user_id"), item["name"])
                for item in self._doc["pending_failures"]]

    def clear_pending_failures(self, written: list[FailedAttempt] | None = None) -> None:
        """Forget the attempts now in the audit trail (``written``; all when ``None``), keeping any queued since."""
        done = None if written is None else {(_iso(a.at), a.user_id, a.name) for a in written}

        def clear(doc: dict[str, Any]) -> None:
            doc["pending_failures"] = [] if done is None else [
                item for item in doc["pending_failures"]
                if (item["at"], item.get("user_id"), item["name"]) not in done]
        self._change(clear)

    # Re-keying

    def rekey(self, current_data_key: bytes, new_data_key: bytes, keep: Mapping[UUID | str, str]) -> str:
        """Wrap ``new_data_key`` for the accounts in ``keep`` (each with its current password, checked first) and
        under a new recovery key, which is returned; every other account stays listed without a slot and needs a
        one-time password again. The old data key is kept, wrapped under the new one (``previous_data_key``), until
        the database is re-encrypted (``storage.encryption.rekey_in_place``) and ``forget_previous_key`` is called,
        so a crash between the two leaves a database someone can open. Backups made before stay readable only with
        the old recovery key."""
        self._require_data_key(current_data_key)
        if len(new_data_key) != kw.DATA_KEY_BYTES or new_data_key == current_data_key:
            raise ValueError("the new data key must be 32 new random bytes")
        with locked(self._path):
            self.reload()
            for user_id, password in keep.items():
                slot = self._slot(_uid(user_id))
                sealed = slot["key"]
                if sealed is None:
                    raise NoPasswordSlot(f"{slot['name']} has no password to keep.")
                wrapping = kw.password_key(password, unb64(sealed["salt"]),
                                           kw.Argon2Parameters.from_json(sealed["kdf"]))
                try:
                    kw.unwrap(wrapping, unb64(sealed["nonce"]), unb64(sealed["wrapped"]), self._aad(_uid(user_id)))
                except kw.UnwrapFailed:
                    raise WrongPassword(_WRONG_PASSWORD.format(name=slot["name"])) from None
            kept = {_uid(user_id) for user_id in keep}
            for user, slot in self._doc["accounts"].items():
                if user not in kept:
                    slot.update(key=None, must_change=True)
            self._doc["key_check"] = kw.key_check(new_data_key)
            for user_id, password in keep.items():
                user, salt = _uid(user_id), kw.new_salt()
                nonce, wrapped = kw.wrap(kw.password_key(password, salt, kw.ARGON2), new_data_key, self._aad(user))
                self._doc["accounts"][user]["key"] = sealed_json(nonce, wrapped, salt=b64(salt),
                                                                 kdf=kw.ARGON2.to_json())
            nonce, wrapped = kw.wrap(new_data_key, current_data_key, self._aad("previous"))
            self._doc["previous"] = sealed_json(nonce, wrapped)
            recovery = self._new_recovery(new_data_key)
            write_document(self._path, self._doc)
        return recovery

    def previous_data_key(self, data_key: bytes) -> bytes | None:
        """The data key before the last ``rekey``, while the database may still be encrypted with it."""
        sealed = self._doc.get("previous")
        if not sealed:
            return None
        try:
            return kw.unwrap(data_key, unb64(sealed["nonce"]), unb64(sealed["wrapped"]), self._aad("previous"))
        except kw.UnwrapFailed:
            raise NotThisDatabasesKey("That is not this key file's data key.") from None

    def forget_previous_key(self) -> None:
        self._change(lambda doc: doc.__setitem__("previous", None))

    def snapshot(self) -> dict[str, Any]:
        """The whole document as it is now, for ``restore`` if a step that follows cannot be finished."""
        self.reload()
        return copy.deepcopy(self._doc)

    def restore(self, snapshot: dict[str, Any]) -> None:
        """Put back a ``snapshot``: a re-key refused before the database was touched leaves the key file as it was."""
        def put_back(doc: dict[str, Any]) -> None:
            doc.clear()
            doc.update(copy.deepcopy(snapshot))

        self._change(put_back)

    # Inside

    def _slot(self, user: str) -> dict[str, Any]:
        try:
            return self._doc["accounts"][user]
        except KeyError:
            raise NoPasswordSlot("There is no such account on this laptop.") from None

    def _aad(self, who: str) -> bytes:
        return f"gcp-desk-keys/1|{self.database_id}|{who}".encode()

    def _new_recovery(self, data_key: bytes) -> str:
        text, secret = kw.new_recovery_key()
        salt = kw.new_salt()
        nonce, wrapped = kw.wrap(kw.recovery_wrapping_key(secret, salt), data_key, self._aad("recovery"))
        self._doc["recovery"] = sealed_json(nonce, wrapped, salt=b64(salt))
        return text

    def _require_data_key(self, data_key: bytes) -> None:
        if not self.is_data_key(data_key):
            raise NotThisDatabasesKey("That key is not this database's data key; nothing was written.")

    def _check_unwrapped(self, data_key: bytes) -> None:
        if not self.is_data_key(data_key):
            raise KeyFileDamaged(f"The key file {self._path} is damaged: a slot holds a key that is not this "
                                 "database's. Sign in with the recovery key and reset that password.")

    def _queue_failure(self, moment: datetime, user: str | None, name: str) -> None:
        queue = self._doc["pending_failures"]
        queue.append({"at": _iso(moment), "user_id": user, "name": name})
        del queue[:-_PENDING_LIMIT]

    def _change(self, change: Any) -> None:
        with locked(self._path):
            self.reload()
            change(self._doc)
            write_document(self._path, self._doc)


def _write_if_possible(path: Path, document: dict[str, Any]) -> None:
    """Record a sign-in's outcome; a key file that cannot be written (read-only media, a full disk) must not turn a
    wrong password into a different error or stop a right one. The count is then lost, which the lockout can bear:
    it guards the keyboard, while argon2id's cost guards a copied file."""
    try:
        write_document(path, document)
    except OSError:
        pass


def _account(name: str, key: dict[str, Any] | None, must_change: bool) -> dict[str, Any]:
    return {"name": name, "key": key, "must_change": must_change, "failures": 0, "last_failure_at": None}


def _uid(user_id: UUID | str) -> str:
    if isinstance(user_id, UUID):
        return str(user_id)
    try:
        return str(UUID(str(user_id)))
    except ValueError:
        return str(user_id)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
