"""What unlocking the key file can refuse, besides a wrong password (``domain.errors.WrongPassword``) and a key file
that cannot be used (``key_file_format.KeyFileProblem`` and its kinds)."""

from __future__ import annotations

from ..domain.errors import GcpDeskError


class AccountLockedOut(GcpDeskError):
    """Too many wrong passwords in a row: this try was refused without checking the password."""

    def __init__(self, name: str, seconds: float):
        self.seconds_left = seconds
        whole = max(1, round(seconds))
        minutes, rest = divmod(whole, 60)
        wait = " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((minutes, "minute"), (rest, "second"))
                        if n or (unit == "second" and not minutes))
        super().__init__(f"Too many wrong passwords for {name}. Wait {wait} before trying again, or ask an "
                         "administrator to lift the wait.")


class NoPasswordSlot(GcpDeskError):
    """The account has no password on this laptop (unknown, or waiting for a one-time password)."""


class WrongRecoveryKey(GcpDeskError):
    """The recovery key is well formed but is not this database's."""


class NotThisDatabasesKey(GcpDeskError):
    """A key given to wrap is not this database's data key (a programming error the file must not record)."""
