"""A person's own login on the team server, made by an administrator through the server's SECURITY DEFINER
function. The password never travels or rests as itself: it is turned here into a SCRAM-SHA-256 verifier (as
``psql``'s ``\\password`` does), which is all the server keeps and all it needs to check a sign-in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from uuid import UUID

from sqlalchemy import Connection, text

SCRAM_ITERATIONS = 4096
"""PostgreSQL's own default for scram_iterations."""


def scram_verifier(password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """``SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`` (RFC 5802/7677), as pg_authid keeps it."""
    salt = salt if salt is not None else os.urandom(16)
    # SASLprep, as PostgreSQL applies it; NFKC covers what a person can type on a keyboard.
    prepared = unicodedata.normalize("NFKC", password).encode("utf-8")
    salted = hashlib.pbkdf2_hmac("sha256", prepared, salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def create_login(connection: Connection, login: str, password: str, user_id: UUID) -> None:
    """A login role for the account ``user_id``: NOSUPERUSER NOBYPASSRLS, owning nothing, in the person group.
    ``connection`` is an administrator's (or the owner's, at init), in the caller's transaction."""
    connection.execute(text("SELECT gcp_desk_create_login(:login, :verifier, :person)"),
                       {"login": login, "verifier": scram_verifier(password), "person": user_id})


def set_login_password(connection: Connection, login: str, password: str) -> None:
    connection.execute(text("SELECT gcp_desk_set_login_password(:login, :verifier)"),
                       {"login": login, "verifier": scram_verifier(password)})


def disable_login(connection: Connection, login: str) -> None:
    connection.execute(text("SELECT gcp_desk_disable_login(:login)"), {"login": login})


def login_of(connection: Connection, user_id: UUID) -> str | None:
    return connection.execute(text("SELECT role_name FROM server_logins WHERE user_id = :person"),
                              {"person": user_id}).scalar()
