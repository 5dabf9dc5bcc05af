"""A bundle encrypted with a passphrase: AES-256-GCM in chunks (the STREAM construction, as in age), under a key
derived from the passphrase by argon2id (the same cost as a sign-in: 64 MiB, 3 passes).

Layout::

    GCPDESK-BUNDLE-SEALED-1\\n
    {"kdf": "argon2id", "salt": ..., "memory_kib": ..., "time_cost": ..., "parallelism": ..., "cipher":
     "aes-256-gcm-stream", "chunk_bytes": 65536, "nonce_prefix": ...}\\n          (one line of JSON: the header)
    chunk 0, chunk 1, ... chunk n                                                  (each: ciphertext + 16-byte tag)

Each chunk is ``chunk_bytes`` of the plain bundle (the last one shorter, possibly empty), sealed with the nonce
``nonce_prefix (7 bytes) || chunk number (4 bytes, big-endian) || 1 if last else 0`` and the header line as
associated data. So a changed byte, a chunk moved, dropped or added, a file cut short, or a changed header each fail
with the same clear message, and no plain byte is handed on before its chunk's tag has been checked.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .errors import BundleUnreadable
from .recipients import Recipient, unwrap
from ..security.key_wrapping import ARGON2, Argon2Parameters, password_key

MAGIC = b"GCPDESK-BUNDLE-SEALED-1\n"
CHUNK_BYTES = 64 * 1024
TAG_BYTES = 16
PREFIX_BYTES = 7
RECIPIENT_KDF = "recipient-key"
"""The header's ``kdf`` of a bundle sealed to a recipient's public key (``recipients``)."""
MIN_PASSPHRASE = 10
"""Characters. The file may travel by e-mail or memory stick: the passphrase is all that guards it."""
MAX_HEADER = 4096
BAD_PASSPHRASE = ("The bundle cannot be opened with that passphrase, or it has been changed or cut short since it "
                  "was written. Check the passphrase; if it is right, ask for the bundle to be sent again.")


def passphrase_problem(passphrase: str) -> str | None:
    if len(passphrase) < MIN_PASSPHRASE:
        return (f"The passphrase is {len(passphrase)} characters long; use at least {MIN_PASSPHRASE} (a few words "
                "are easiest to pass on by telephone).")
    return None


class SealingWriter:
    """A write-only binary stream that encrypts what is written to ``target``; ``close`` writes the last chunk
    (and must be called, or the bundle reads as cut short)."""

    def __init__(self, target: BinaryIO, passphrase: str | None, parameters: Argon2Parameters = ARGON2, *,
                 recipient: Recipient | None = None):
        """Sealed with ``passphrase``, or to ``recipient``'s public key (``recipients``)."""
        self._prefix = os.urandom(PREFIX_BYTES)
        header: dict[str, object] = {"cipher": "aes-256-gcm-stream", "chunk_bytes": CHUNK_BYTES,
                                     "nonce_prefix": _b64(self._prefix)}
        if recipient is not None:
            key = AESGCM.generate_key(bit_length=256)
            header.update(kdf=RECIPIENT_KDF, recipient=recipient.wrap(key))
        elif passphrase is not None:
            salt = os.urandom(16)
            header.update({**parameters.to_json(), "kdf": "argon2id", "salt": _b64(salt)})
            header.pop("algorithm", None)
            key = password_key(passphrase, salt, parameters)
        else:
            raise ValueError("a passphrase or a recipient")
        self._header = json.dumps(header, sort_keys=True).encode("ascii") + b"\n"
        self._aead = AESGCM(key)
        self._target = target
        self._pending = bytearray()
        self._counter = 0
        target.write(MAGIC + self._header)

    def write(self, data: bytes) -> int:
        self._pending += data
        while len(self._pending) > CHUNK_BYTES:  # keep at least one byte back: the last chunk is marked as last
            self._seal(bytes(self._pending[:CHUNK_BYTES]), last=False)
            del self._pending[:CHUNK_BYTES]
        return len(data)

    def close(self) -> None:
        self._seal(bytes(self._pending), last=True)
        self._pending.clear()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        self._target.write(self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk, self._header))
        self._counter += 1


def is_sealed(start: bytes) -> bool:
    return start.startswith(MAGIC)


class SealedHeader:
    """The header line of a sealed bundle, with the key the passphrase or the recipient's private key gives: read
    once, so a bundle read twice (checked, then written) costs one key derivation."""

    def __init__(self, line: bytes, passphrase: Callable[[], str] | None, private_key: Any = None):
        try:
            header = json.loads(line)
            self.prefix = base64.b64decode(header["nonce_prefix"], validate=True)
            self.chunk_bytes = int(header["chunk_bytes"])
            if (header.get("cipher") != "aes-256-gcm-stream" or len(self.prefix) != PREFIX_BYTES
                    or not 1024 <= self.chunk_bytes <= 1 << 24
                    or header.get("kdf") not in ("argon2id", RECIPIENT_KDF)):
                raise ValueError("unknown scheme")
            if header["kdf"] == "argon2id":
                salt = base64.b64decode(header["salt"], validate=True)
                parameters = Argon2Parameters(int(header["memory_kib"]), int(header["time_cost"]),
                                              int(header["parallelism"]))
                if (not 8 <= parameters.memory_kib <= 1 << 22 or not 1 <= parameters.time_cost <= 20
                        or not 1 <= parameters.parallelism <= 16):
                    raise ValueError("unknown scheme")
            elif not isinstance(header.get("recipient"), dict):
                raise ValueError("unknown scheme")
        except (ValueError, KeyError, TypeError):
            raise BundleUnreadable("The bundle's encryption header cannot be read: the file is damaged, or was made by "
                               "a newer version of GCP Desk.") from None
        self.line = line
        self.to_recipient = header["kdf"] == RECIPIENT_KDF
        if self.to_recipient:
            key = unwrap(header["recipient"], private_key)
        else:
            if passphrase is None:
                raise BundleUnreadable("The bundle is encrypted: give its passphrase to open it.")
            key = password_key(passphrase(), salt, parameters)
        self._aead = AESGCM(key)

    @classmethod
    def read(cls, source: BinaryIO, passphrase: Callable[[], str] | None, private_key: Any = None) -> SealedHeader:
        """From ``source`` positioned after ``MAGIC``; leaves it at the first chunk. ``passphrase`` is asked for
        only when the bundle is sealed with one."""
        return cls(source.readline(MAX_HEADER), passphrase, private_key)

    def chunks(self, source: BinaryIO) -> Iterator[bytes]:
        """The plain bundle, a chunk at a time, each checked before it is given; ``source`` at the first chunk."""
        sealed_size = self.chunk_bytes + TAG_BYTES
        counter = 0
        block = source.read(sealed_size)
        while True:
            following = source.read(sealed_size)
            last = not following
            try:
                plain = self._aead.decrypt(_nonce(self.prefix, counter, last), block, self.line)
            except (InvalidTag, ValueError):
                raise BundleUnreadable(BAD_PASSPHRASE) from None
            yield plain
            if last:
                return
            block, counter = following, counter + 1


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= 1 << 32:
        raise BundleUnreadable("The bundle is too large to encrypt in one file.")
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
