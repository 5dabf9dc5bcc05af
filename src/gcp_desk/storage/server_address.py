"""A team server's address as GCP Desk uses it, and the roles it keeps there.

TLS is checked in full unless the URL says otherwise (``sslmode=verify-full``): the server's certificate must be
signed by an authority this computer trusts (``sslrootcert=FILE`` names the organisation's) and name the host.
The roles are named after the database, so that two GCP Desk databases on one server never share a role:
``<database>_owner`` owns the schema and runs migrations; ``<database>_person`` is the group each person's own
login joins, holding only the grants the app needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import URL, make_url

from ..domain.errors import InvalidInput, Problem

DRIVER = "postgresql+psycopg"
DEFAULT_SSLMODE = "verify-full"
CONNECT_TIMEOUT_SECONDS = "10"
_ROLE_LIMIT = 63


@dataclass(frozen=True)
class ServerRoles:
    owner: str
    person: str


def server_url(url: str | URL, *, user: str | None = None, password: str | None = None) -> URL:
    """``url`` as GCP Desk connects to it: the psycopg driver, TLS verified in full unless the URL chooses
    another ``sslmode``, a connection timeout, and ``user``/``password`` when given (never typed into a URL)."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except Exception:  # noqa: BLE001 - SQLAlchemy's own words do not help a person who typed a URL
        raise InvalidInput([Problem("Server", f"'{_without_password(str(url))}' is not a database URL; write it as "
                                    "postgresql://USER@HOST/DATABASE")]) from None
    if parsed.get_backend_name() != "postgresql":
        raise InvalidInput([Problem("Server", "a team server is a PostgreSQL database: write its address as "
                                    "postgresql://USER@HOST/DATABASE")])
    if not parsed.database:
        raise InvalidInput([Problem("Server", "the URL names no database: write it as postgresql://USER@HOST/DATABASE")])
    query = dict(parsed.query)
    query.setdefault("sslmode", DEFAULT_SSLMODE)
    query.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    parsed = parsed.set(drivername=DRIVER, query=query)
    if user is not None:
        parsed = parsed.set(username=user)
    if password is not None:
        parsed = parsed.set(password=password)
    return parsed


def without_password(url: URL) -> URL:
    """``url`` with no password in it (``URL.set(password=None)`` would keep the old one)."""
    return URL.create(url.drivername, username=url.username, password=None, host=url.host, port=url.port,
                      database=url.database, query=url.query)


def roles_for(url: URL) -> ServerRoles:
    database = (url.database or "").lower()
    base = re.sub(r"[^a-z0-9_]", "_", database)
    if not base or base[0].isdigit():
        base = f"gcp_{base}"
    base = base[: _ROLE_LIMIT - len("_person")]
    return ServerRoles(owner=f"{base}_owner", person=f"{base}_person")


def describe(url: URL) -> str:
    """Where the server is, for messages: host, port and database, never a password."""
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"{host}{port}/{url.database}"


def login_name(name: str) -> str:
    """The default login for a person: their name in lower case, words joined by dots ("sam.whitfield")."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return ".".join(words)[:_ROLE_LIMIT] or "person"


def check_login(login: str) -> str:
    login = login.strip()
    if not login or len(login) > _ROLE_LIMIT or login.startswith("pg_") or any(c in login for c in "\"'\\\0"):
        raise InvalidInput([Problem("Login", f"'{login}' cannot be a login on the server: use 1 to 63 letters, "
                                    "digits, dots or underscores, not starting with pg_")])
    return login


def _without_password(text: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", text)
