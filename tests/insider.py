"""What an insider with a colleague's password can do with the stock tools: open the encrypted database file
directly (the key unwrapped from the key file) and change rows behind GCP Desk's back. The tamper tests use it to
show that such changes are still found."""

from __future__ import annotations

from pathlib import Path

KNOWN_PASSWORDS = ("quiet harbour lantern 42", "kestrel-morning-41", "a long walk home 7")
"""Passwords the tests give the accounts they make, besides the demo's."""


def data_key(database: Path) -> bytes:
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS
    from gcp_desk.security.keyfile import KeyFile
    from gcp_desk.vault import UNCLAIMED

    waiting = database.with_name(UNCLAIMED)
    if waiting.exists():
        return bytes.fromhex(waiting.read_text())
    keys = KeyFile.load(KeyFile.beside(database))
    demo = {account.name: account.password for account in DEMO_ACCOUNTS}
    for account in keys.accounts():
        for password in ([demo[account.name]] if account.name in demo else list(KNOWN_PASSWORDS)):
            try:
                return keys.unlock(account.user_id, password)
            except Exception:  # noqa: BLE001 - not this one: try the next
                continue
    raise AssertionError(f"no known password opens {database}")


def insider_connection(database: Path):
    """A raw SQLCipher connection to the database, in autocommit mode, as the stock tools would give."""
    from gcp_desk.storage import cipher

    return cipher.connect(database, key=data_key(database))
