"""A laptop's link to its team server: the server's address in the data folder's settings (never a login or a
password). The organisation's certificate the server gives is kept by ``reports.organisation_certificate``.

``gcp-desk server link URL`` stores the address; nothing else changes, and an unlinked laptop works as it always
has. The address keeps the URL's TLS settings (``sslmode``, ``sslrootcert``, the CA file made absolute, so the app
finds it whatever folder it starts in); the login is each person's own, given when they sign in.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, Connection, make_url, text

from ..domain.errors import InvalidInput, NotAllowed, Problem
from ..storage.server_address import DEFAULT_SSLMODE, check_login, describe, login_name, server_url


def link_address(url: str) -> str:
    """The address to keep for ``url``: checked, with no password or login, its CA file made absolute. Refused in
    words when the URL holds a password, or names a CA file that is not there."""
    address = server_url(url)
    if address.password is not None:
        raise InvalidInput([Problem("Server", "give the server's address without a password: each person signs in "
                                    "with their own login and password, and none is stored on the laptop")])
    query = dict(address.query)
    query.pop("connect_timeout", None)
    root = query.get("sslrootcert")
    if root and root != "system":
        file = Path(root).expanduser().resolve()
        if not file.is_file():
            raise InvalidInput([Problem("sslrootcert", f"the certificate authority file {file} is not there: give "
                                        "the organisation's CA certificate (PEM) that signed the server's")])
        query["sslrootcert"] = str(file)
    if query.get("sslmode") == DEFAULT_SSLMODE and not root:
        raise InvalidInput([Problem("sslrootcert", "GCP Desk checks the server's certificate in full: add "
                                    "?sslrootcert=FILE naming the organisation's CA certificate (PEM), or "
                                    "sslrootcert=system to use this computer's trusted authorities")])
    kept = URL.create("postgresql", host=address.host, port=address.port, database=address.database, query=query)
    return kept.render_as_string(hide_password=False)


def linked_address(settings) -> URL | None:
    return make_url(settings.team_server) if settings.team_server else None


def where_linked(settings) -> str | None:
    """host:port/database of the linked server, for the sign-in screen and messages."""
    address = linked_address(settings)
    return describe(address) if address is not None else None


def person_url(settings, name_or_login: str, password: str, *, connect_timeout: int | None = None) -> URL:
    """The linked server's URL as a person's own login: a name ("Sam Whitfield") becomes its default login
    ("sam.whitfield"); a login (no spaces) is used as given."""
    address = linked_address(settings)
    if address is None:
        raise NotAllowed("This laptop is not linked to a team server (gcp-desk server link URL).")
    words = " ".join(name_or_login.split())
    login = check_login(words) if " " not in words and words.lower() == words else login_name(words)
    url = server_url(address, user=login, password=password)
    if connect_timeout is not None:
        url = url.update_query_dict({"connect_timeout": str(connect_timeout)})
    return url


def organisation_certificate(connection: Connection) -> str:
    pem = connection.execute(text("SELECT certificate_pem FROM server_certificate WHERE id = 1")).scalar()
    if not pem:
        raise NotAllowed("The team server has no organisation certificate: it was not set up by 'gcp-desk server "
                         "init'. Nothing was changed.")
    return pem
