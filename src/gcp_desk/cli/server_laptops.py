"""``gcp-desk server laptops URL`` and ``gcp-desk server revoke-laptop URL LAPTOP_ID``: an administrator, as their
own server login (the URL's, or ``--as`` NAME or LOGIN), lists the linked laptops and revokes a lost one."""

from __future__ import annotations

from ..domain.errors import NotAllowed
from .signing_in import SignInNeeded, password_reader
from ..scoring.age import short_date


def _administrator_url(url: str, acting_as: str | None, read, command: str):
    from ..storage.server_address import check_login, login_name, server_url

    address = server_url(url)
    if address.username is None:
        if not acting_as:
            raise SignInNeeded(f"server {command} is for an administrator: give your name or server login with "
                               "--as, and your server password when asked.")
        words = " ".join(acting_as.split())
        login = check_login(words) if " " not in words and words.lower() == words else login_name(words)
        address = server_url(address, user=login)
    return server_url(address, password=read(f"Password for {address.username} (administrator): "))


def _when(moment) -> str:
    return f"{short_date(moment.date())} {moment:%H:%M} UTC" if moment is not None else "never"


def server_laptops(url: str, *, acting_as: str | None, password_stdin: bool) -> int:
    from ..storage.server_address import describe
    from ..server.connect import connected
    from ..server.laptops import laptops

    address = _administrator_url(url, acting_as, password_reader(password_stdin, "server laptops"), "laptops")
    with connected(address) as connection:
        found = laptops(connection)
    if not found:
        print(f"No laptop is linked to the team server at {describe(address)} yet.")
        return 0
    rows = [("laptop id", "name", "linked", "by", "last seen", "held", "state")]
    rows += [(laptop.id, laptop.name, _when(laptop.linked_at), laptop.linked_by, _when(laptop.last_seen_at),
              str(laptop.held), f"revoked {_when(laptop.revoked_at)}" if laptop.revoked_at else "linked")
             for laptop in found]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def server_revoke_laptop(url: str, laptop_id: str, *, acting_as: str | None, password_stdin: bool) -> int:
    from sqlalchemy import text

    from ..storage.server_address import describe
    from ..server.connect import connected
    from ..server.laptops import revoke_laptop

    address = _administrator_url(url, acting_as, password_reader(password_stdin, "server revoke-laptop"),
                                 "revoke-laptop")
    with connected(address) as connection:
        actor = connection.execute(text("SELECT gcp_desk_actor()")).scalar()
        if actor is None:
            raise NotAllowed(f"The login {address.username} is not an active GCP Desk account on the team server. "
                             "Nothing was changed.")
        done = revoke_laptop(connection, actor, laptop_id)
    laptop = done.laptop
    if done.already:
        print(f"The laptop {laptop.id} ({laptop.name}) was already revoked on {_when(laptop.revoked_at)}.")
    else:
        print(f"Revoked the laptop {laptop.id} ({laptop.name}) on {describe(address)}: it can give nobody new a "
              "slot, and cannot be linked again.")
    children = "child" if len(done.released) == 1 else "children"
    print(f"Released {len(done.released)} {children} held offline on it (each in the audit trail).")
    print("People who already had a slot on it keep it under their own password: change those passwords on the "
          "server.")
    return 0
