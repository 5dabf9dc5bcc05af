"""Connections to a team server for its own upkeep (``server init``, ``server upgrade``, a person's login), with
every refusal said in words (``problems``). Each is one connection, closed after use: no pool outlives a command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import URL, Connection, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from ..domain.errors import DatabaseUnavailable
from ..storage.server_address import describe
from ..storage.server_problems import explain


@contextmanager
def connected(url: URL) -> Iterator[Connection]:
    """One connection to ``url`` in READ COMMITTED; a refusal to connect raises ``ServerRefused`` in words."""
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True, isolation_level="READ COMMITTED")
    try:
        try:
            connection = engine.connect()
        except DBAPIError as error:
            raise refusal(error, url) from None
        with connection:
            yield connection
    finally:
        engine.dispose()


def reachable_within(url: URL, seconds: float) -> URL:
    """``url`` with its host's address looked up within about a third of ``seconds`` (in a worker thread, so that a
    resolver with no network to ask cannot hold us), and libpq's ``connect_timeout`` set to the rest (libpq's
    shortest is 2 s): the whole connection is then bounded by ``seconds``. Raises ``ServerUnreachable`` in words
    when the name is not found in time."""
    import ipaddress
    import math
    import socket
    import threading

    from ..storage.server_problems import ServerUnreachable

    host = url.host or ""
    lookup = min(1.0, seconds / 3)
    rest = {"connect_timeout": str(max(2, math.floor(seconds - lookup)))}
    if not host or host.startswith("/") or "hostaddr" in url.query:
        return url.update_query_dict(rest)
    try:
        ipaddress.ip_address(host)
        return url.update_query_dict(rest)
    except ValueError:
        pass
    found: list[str] = []

    def look_up() -> None:
        try:
            found.extend(entry[4][0] for entry in socket.getaddrinfo(host, url.port or 5432,
                                                                      type=socket.SOCK_STREAM))
        except OSError:
            pass

    worker = threading.Thread(target=look_up, name="gcp-desk-server-lookup", daemon=True)
    worker.start()
    worker.join(lookup)
    if not found:
        raise ServerUnreachable(f"The team server at {describe(url)} cannot be reached: its name was not found "
                                f"within {lookup:g} s (no network, or the VPN is off). Nothing was changed.")
    return url.update_query_dict({**rest, "hostaddr": found[0]})


def refusal(error: Exception, url: URL) -> DatabaseUnavailable:
    reason = str(getattr(error, "orig", None) or error).strip()
    found = explain(reason, describe(url), url.username)
    if found is not None:
        return found
    return DatabaseUnavailable(f"The team server at {describe(url)} cannot be used just now ({reason.splitlines()[0]})."
                               " Nothing was changed.")


def server_version(connection: Connection) -> int:
    """``server_version_num``: 150004 for 15.4."""
    return int(connection.exec_driver_sql("SHOW server_version_num").scalar_one())


def schema_version_on(connection: Connection) -> str | None:
    from ..storage.migrate import order_key
    from ..storage.schema_version import VERSION_TABLE

    exists = connection.exec_driver_sql(
        "SELECT to_regclass('public.alembic_version') IS NOT NULL").scalar_one()
    if not exists:
        return None
    versions = list(connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars())
    return max(versions, key=order_key) if versions else None
