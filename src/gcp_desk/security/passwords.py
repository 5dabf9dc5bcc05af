"""Password hashes (argon2id) and the rules a new password must meet, in words a practitioner understands.

Hashing uses argon2-cffi's ``PasswordHasher`` with its defaults (argon2id, the RFC 9106 low-memory profile:
64 MiB, 3 passes). It takes about 0.15 s on a small laptop, on purpose: run it off the UI thread. When a later
argon2-cffi raises its defaults, ``needs_rehash`` says so after a successful sign-in, and the service stores a new
hash of the password it has just checked.

The rules follow NCSC and NIST advice: length and a block list of obvious choices, no demands for mixtures of
symbols, which make people write passwords down.
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .common_passwords import COMMON_PASSWORDS

MIN_LENGTH = 10

_hasher = PasswordHasher()


def hash_password(plain: str) -> str:
    """An argon2id hash string (with its own salt and parameters), safe to store."""
    return _hasher.hash(plain)


def verify_password(stored: str, plain: str) -> bool:
    """True only when ``plain`` is the password ``stored`` was made from.

    An unreadable stored hash gives False rather than an error: the person cannot sign in with it either way, and
    the sign-in screen must not reveal more than "wrong password".
    """
    try:
        return _hasher.verify(stored, plain)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with weaker settings than today's (or cannot be read at all)."""
    try:
        return _hasher.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


def password_problems(plain: str, *, user_name: str = "") -> list[str]:
    """What is wrong with ``plain`` as a new password, one sentence each; an empty list when it is fine."""
    problems = []
    length = len(unicodedata.normalize("NFC", plain))
    if length < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters (this has {length}).")
    if user_name.strip() and _is_the_name(plain, user_name):
        problems.append("Do not use your own name as your password.")
    if _is_common(plain):
        problems.append("This is one of the passwords people choose most often, so it is easy to guess. "
                        "Try three or four unrelated words together.")
    return problems


def _letters(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalpha())


def _is_the_name(plain: str, user_name: str) -> bool:
    """The name, or any part of it, with at most numbers and symbols added (``Whitfield2026!``)."""
    core = _letters(plain)
    if not core:
        return False
    parts = {_letters(part) for part in user_name.split()} | {_letters(user_name)}
    return core in {part for part in parts if len(part) >= 3}


def _is_common(plain: str) -> bool:
    folded = unicodedata.normalize("NFKC", plain).casefold().strip()
    if folded in COMMON_PASSWORDS or _letters(plain) in COMMON_PASSWORDS:
        return True
    # One character over and over ("aaaaaaaaaa", "1111111111") is on every guessing list.
    return len(set(folded)) <= 2
