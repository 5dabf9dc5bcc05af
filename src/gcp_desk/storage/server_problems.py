"""Why a team server refused a connection, in words an IT officer or a practitioner can act on.

libpq's own messages are matched here because they are all psycopg gives: its error classes do not tell a wrong
password from an unreachable host. Every message ends by saying that nothing was changed, which is true: a refused
connection has written nothing.
"""

from __future__ import annotations

from ..domain.errors import DatabaseUnavailable


class ServerRefused(DatabaseUnavailable):
    """The team server could not be reached or would not let us in."""


class ServerUnreachable(ServerRefused):
    pass


class ServerCertificateRefused(ServerRefused):
    pass


class ServerPasswordRefused(ServerRefused):
    pass


class ServerLoginDisabled(ServerPasswordRefused):
    """The password was right, and the login is disabled (PostgreSQL says so only after a right password)."""


DISABLED = "This account has been disabled on the team server at {where}; ask an administrator."


_NOTHING = " Nothing was changed."


def explain(reason: str, where: str, user: str | None = None) -> ServerRefused | None:
    """The refusal ``reason`` (libpq's words) as one of the errors above, or ``None`` if it is none of them."""
    lowered = reason.lower()
    who = f" for {user}" if user else ""
    if "password authentication failed" in lowered or "no password supplied" in lowered or (
            "gssapi authentication failed" in lowered):
        return ServerPasswordRefused(
            f"The team server at {where} refused the password{who}: check the login name and the password (they are "
            "the person's own server login, not a laptop's)." + _NOTHING)
    if "root certificate file" in lowered and "does not exist" in lowered:
        return ServerCertificateRefused(
            f"GCP Desk checks the team server's certificate, and no certificate authority is given to check it "
            f"against ({where}). Add sslrootcert=FILE to the server's URL, naming the organisation's CA certificate "
            "(PEM), or sslrootcert=system to use this computer's trusted authorities." + _NOTHING)
    if "does not match host name" in lowered or "certificate verify failed" in lowered or (
            "certificate" in lowered and "ssl" in lowered):
        return ServerCertificateRefused(
            f"The team server at {where} did not prove who it is: its TLS certificate is not signed by the authority "
            "GCP Desk was told to trust, or does not name this server. It may be the wrong server or someone in "
            "between; ask IT to check the certificate (and the sslrootcert file given)." + _NOTHING)
    if "server does not support ssl" in lowered or "ssl is not enabled" in lowered:
        return ServerCertificateRefused(
            f"The team server at {where} does not offer TLS, and GCP Desk never sends passwords or records "
            "unencrypted. Ask IT to turn on TLS (ssl = on) on the server." + _NOTHING)
    if "no pg_hba.conf entry" in lowered:
        return ServerRefused(
            f"The team server at {where} does not accept this connection{who} (pg_hba.conf has no entry for it: "
            "the login, this computer's address or the use of TLS). Ask IT to allow it." + _NOTHING)
    if "does not exist" in lowered and "database" in lowered:
        return ServerRefused(f"The team server at {where} has no such database. Check the URL." + _NOTHING)
    if "role" in lowered and "does not exist" in lowered:
        return ServerPasswordRefused(
            f"The team server at {where} has no login{who}: check the login name, or ask an administrator to "
            "make one." + _NOTHING)
    if "not permitted to log in" in lowered:
        return ServerLoginDisabled(DISABLED.format(where=where) + _NOTHING)
    if "too many clients" in lowered or "remaining connection slots" in lowered:
        return ServerUnreachable(
            f"The team server at {where} is taking no more connections just now: try again in a minute, or ask IT "
            "to raise max_connections." + _NOTHING)
    if any(words in lowered for words in (
            "connection refused", "could not translate host name", "timeout expired", "timed out",
            "no route to host", "network is unreachable", "name or service not known",
            "server closed the connection", "terminating connection", "connection is lost")):
        return ServerUnreachable(
            f"The team server at {where} cannot be reached: check the network connection (and the VPN, away from the "
            "office) and the server's address, or ask IT whether it is running." + _NOTHING)
    return None
