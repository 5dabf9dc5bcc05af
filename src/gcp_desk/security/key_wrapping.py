"""The cryptography of the key file: the data key, password keys (argon2id), AEAD wrapping (AES-256-GCM), the
recovery key people copy onto paper, and sealing other secrets (the organisation's signing key) under the data key.

Pure: no files, no Qt, no database.

- The data key is 32 random bytes; SQLCipher takes it as the raw database key.
- A password becomes a 32-byte wrapping key through one argon2id derivation (``ARGON2``: 64 MiB, 3 passes, 4 lanes,
  RFC 9106's second recommended profile; about 0.2-0.4 s on a two-core laptop, so each guess costs that much).
  Unwrapping the data key with it (AES-256-GCM, whose tag fails on any other key) is the password check.
- The recovery key is 160 random bits written as 32 characters of Crockford's base32, plus a 4-character check, in
  groups of four. Being random it needs no slow derivation: HKDF-SHA256 turns it into a wrapping key. Typing is
  forgiving: case, spaces and dashes are ignored, and O/I/L read as 0/1/1.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..domain.errors import GcpDeskError

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
RECOVERY_BYTES = 20  # 160 bits
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}
_CHECK_CHARACTERS = 4  # 20 bits: a typing mistake is caught before the key is tried
_SEALED_MAGIC = b"GCPSEAL1"


class UnwrapFailed(Exception):
    """The wrapping key, the nonce, the associated data or the wrapped bytes are not the ones that were sealed."""


class RecoveryKeyMistyped(GcpDeskError):
    """The text is not a recovery key as printed: a character is missing, extra or mistyped."""


@dataclass(frozen=True)
class Argon2Parameters:
    memory_kib: int
    time_cost: int
    parallelism: int

    def to_json(self) -> dict[str, int | str]:
        return {"algorithm": "argon2id", "memory_kib": self.memory_kib, "time_cost": self.time_cost,
                "parallelism": self.parallelism}

    @classmethod
    def from_json(cls, data: dict) -> Argon2Parameters:
        if data.get("algorithm") != "argon2id":
            raise ValueError(f"unknown key derivation {data.get('algorithm')!r}")
        parameters = cls(int(data["memory_kib"]), int(data["time_cost"]), int(data["parallelism"]))
        if not (8 * parameters.parallelism <= parameters.memory_kib <= 4 * 1024 * 1024
                and 1 <= parameters.time_cost <= 64 and 1 <= parameters.parallelism <= 64):
            raise ValueError("key derivation parameters out of range")
        return parameters


ARGON2 = Argon2Parameters(memory_kib=64 * 1024, time_cost=3, parallelism=4)
"""Today's cost for new slots. Each slot records its own, so raising this later leaves older slots usable."""


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def password_key(password: str, salt: bytes, parameters: Argon2Parameters) -> bytes:
    """The 32-byte wrapping key for ``password``: one argon2id derivation. The password is NFC-normalised, so the
    same word typed on two keyboards that compose accents differently gives the same key."""
    secret = unicodedata.normalize("NFC", password).encode("utf-8")
    return hash_secret_raw(secret, salt, time_cost=parameters.time_cost, memory_cost=parameters.memory_kib,
                           parallelism=parameters.parallelism, hash_len=32, type=Type.ID)


def wrap(wrapping_key: bytes, secret: bytes, associated: bytes) -> tuple[bytes, bytes]:
    """``(nonce, sealed)``: ``secret`` encrypted and authenticated with AES-256-GCM, bound to ``associated``."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(wrapping_key).encrypt(nonce, secret, associated)


def unwrap(wrapping_key: bytes, nonce: bytes, sealed: bytes, associated: bytes) -> bytes:
    try:
        return AESGCM(wrapping_key).decrypt(nonce, sealed, associated)
    except (InvalidTag, ValueError) as error:
        raise UnwrapFailed() from error


def key_check(data_key: bytes) -> str:
    """A short public value that tells whether a key is this database's data key, without revealing it."""
    return hmac.new(data_key, b"gcp-desk data key check", hashlib.sha256).hexdigest()[:32]


# The recovery key

def new_recovery_key() -> tuple[str, bytes]:
    """``(text to show once, secret)``: e.g. ``7K2M-Q9XD-...`` (9 groups of four)."""
    secret = os.urandom(RECOVERY_BYTES)
    body = _base32(secret)
    text = body + _check(body)
    return "-".join(text[index:index + 4] for index in range(0, len(text), 4)), secret


def read_recovery_key(text: str) -> bytes:
    """The secret in a typed recovery key, forgiving case, spaces, dashes and O/I/L; ``RecoveryKeyMistyped`` if
    it cannot be one (wrong length, a character outside the alphabet, or its check does not match)."""
    cleaned = "".join(_READ_AS.get(char, char) for char in text.upper() if char not in " -\t\r\n")
    length = _base32_length(RECOVERY_BYTES) + _CHECK_CHARACTERS
    if len(cleaned) != length or any(char not in _CROCKFORD for char in cleaned):
        raise RecoveryKeyMistyped(
            f"That is not a recovery key as printed: it should be {length} letters and digits in groups of four. "
            "Check it against the sheet and type it again.")
    body, check = cleaned[:-_CHECK_CHARACTERS], cleaned[-_CHECK_CHARACTERS:]
    if not hmac.compare_digest(_check(body), check):
        raise RecoveryKeyMistyped("The recovery key has a typing mistake (its last group does not match the rest). "
                                  "Check it against the sheet and type it again.")
    return _from_base32(body, RECOVERY_BYTES)


def recovery_wrapping_key(secret: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"gcp-desk recovery key").derive(secret)


# Sealing other secrets under the data key

def seal(data_key: bytes, plaintext: bytes, purpose: str) -> bytes:
    """``plaintext`` encrypted under a key derived from the data key for ``purpose`` alone (never the data key
    itself), as one blob: magic, nonce, AES-256-GCM ciphertext and tag."""
    nonce, sealed = wrap(_purpose_key(data_key, purpose), plaintext, purpose.encode("utf-8"))
    return _SEALED_MAGIC + nonce + sealed


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(_SEALED_MAGIC)


def open_sealed(data_key: bytes, blob: bytes, purpose: str) -> bytes:
    """What ``seal`` sealed; ``UnwrapFailed`` if the key or purpose is another or the blob was changed."""
    if not is_sealed(blob) or len(blob) < len(_SEALED_MAGIC) + NONCE_BYTES + 16:
        raise UnwrapFailed()
    nonce = blob[len(_SEALED_MAGIC):len(_SEALED_MAGIC) + NONCE_BYTES]
    return unwrap(_purpose_key(data_key, purpose), nonce, blob[len(_SEALED_MAGIC) + NONCE_BYTES:],
                  purpose.encode("utf-8"))


def _purpose_key(data_key: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"gcp-desk sealed: " + purpose.encode("utf-8")).derive(data_key)


def _base32(data: bytes) -> str:
    number, bits = int.from_bytes(data, "big"), len(data) * 8
    length = _base32_length(len(data))
    number <<= length * 5 - bits
    return "".join(_CROCKFORD[(number >> (5 * (length - 1 - index))) & 31] for index in range(length))


def _from_base32(text: str, size: int) -> bytes:
    number = 0
    for char in text:
        number = (number << 5) | _CROCKFORD.index(char)
    return (number >> (len(text) * 5 - size * 8)).to_bytes(size, "big")


def _base32_length(size: int) -> int:
    return -(-size * 8 // 5)


def _check(body: str) -> str:
    return _base32(hashlib.sha256(b"gcp-desk recovery check " + body.encode("ascii")).digest()[:3])[
        :_CHECK_CHARACTERS]
