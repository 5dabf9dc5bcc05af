"""A laptop linked to a team server keeps one more copy of its data key in the key file, wrapped under a random
secret that only the server holds (``server_laptops``, read only by a person the server has just accepted). So a
person who has a login on the server but no slot on this laptop can be given one at their first online sign-in,
while the laptop alone (stolen, say) opens nothing with it.

Each account's slot also notes when the server last set that person's password (``server_password_at``): a later
change on the server means the old password no longer opens the slot, which is then removed at the next refresh.
"""

from __future__ import annotations

import os
from datetime import datetime
from uuid import UUID

from . import key_wrapping as kw
from .key_file_format import b64, sealed_json, unb64
from .keyfile import KeyFile, _uid

LINK = "laptop_link"
SECRET_BYTES = 32
_AAD = "laptop-link"


def new_link_secret() -> bytes:
    return os.urandom(SECRET_BYTES)


def set_link_copy(key_file: KeyFile, secret: bytes, data_key: bytes) -> None:
    """Wrap ``data_key`` under ``secret`` (which then goes to the server, and never rests on this laptop)."""
    key_file._require_data_key(data_key)
    salt = kw.new_salt()
    nonce, wrapped = kw.wrap(kw.recovery_wrapping_key(secret, salt), data_key, key_file._aad(_AAD))
    sealed = sealed_json(nonce, wrapped, salt=b64(salt), key_check=kw.key_check(data_key))
    key_file._change(lambda doc: doc.__setitem__(LINK, sealed))


def has_link_copy(key_file: KeyFile) -> bool:
    """Whether the copy is there and wraps today's data key (a re-key leaves an old one, of no use)."""
    sealed = key_file._doc.get(LINK)
    return bool(sealed) and sealed.get("key_check") == key_file._doc["key_check"]


def unlock_with_link_secret(key_file: KeyFile, secret: bytes) -> bytes | None:
    """The data key, if ``secret`` is the one this laptop's copy was wrapped under; else ``None``."""
    key_file.reload()
    if not has_link_copy(key_file):
        return None
    sealed = key_file._doc[LINK]
    try:
        data_key = kw.unwrap(kw.recovery_wrapping_key(secret, unb64(sealed["salt"])), unb64(sealed["nonce"]),
                             unb64(sealed["wrapped"]), key_file._aad(_AAD))
    except kw.UnwrapFailed:
        return None
    return data_key if key_file.is_data_key(data_key) else None


def note_server_password(key_file: KeyFile, user_id: UUID | str, set_at: datetime | None, *,
                         login: str | None = None) -> None:
    """The server's password stamp (and the person's server login) for the slot just made with that password."""
    user = _uid(user_id)

    def note(doc: dict) -> None:
        if user in doc["accounts"]:
            doc["accounts"][user]["server_password_at"] = set_at.isoformat() if set_at else None
            if login:
                doc["accounts"][user]["server_login"] = login

    key_file._change(note)


def server_password_noted(key_file: KeyFile, user_id: UUID | str) -> datetime | None:
    slot = key_file._doc["accounts"].get(_uid(user_id)) or {}
    noted = slot.get("server_password_at")
    return datetime.fromisoformat(noted) if noted else None


def server_login_noted(key_file: KeyFile, user_id: UUID | str) -> str | None:
    return (key_file._doc["accounts"].get(_uid(user_id)) or {}).get("server_login")


def drop_slot_key(key_file: KeyFile, user_id: UUID | str) -> None:
    """The slot's wrapped key removed (its password changed on the server), its name and server login kept: the
    person's next sign-in here goes to the server, which makes the slot again under the new password."""
    user = _uid(user_id)

    def drop(doc: dict) -> None:
        if user in doc["accounts"]:
            doc["accounts"][user].update(key=None, failures=0, last_failure_at=None)

    key_file._change(drop)
