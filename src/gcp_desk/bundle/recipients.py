"""Bundles sealed to a recipient's public key instead of a passphrase: nothing has to be passed on by telephone, and
only the holder of the matching private key opens the bundle.

Each bundle has its own random content key (AES-256-GCM in chunks, as ``envelope``). The content key is wrapped for
the recipient and carried in the bundle's header:

* X25519 (the default for keys GCP Desk makes): a new ephemeral key pair per bundle; the shared secret with the
  recipient's key, through HKDF-SHA256 (salt: both public keys), gives a wrapping key; the content key is sealed
  with it by AES-256-GCM (``x25519-hkdf-sha256-aes-256-gcm``).
* RSA (3072 bits or more, for organisations whose keys are RSA): the content key is encrypted with RSA-OAEP,
  SHA-256 (``rsa-oaep-sha256``).

The header also names the recipient key by its fingerprint (SHA-256 of its public key, DER), so a bundle opened
with another key is told apart from a damaged one. Key files are PEM: the public key (``NAME.pub.pem``) is given to
whoever sends bundles; the private key (``NAME.pem``, PKCS #8) stays with the recipient, protected by a password.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .errors import BundleUnreadable

X25519_SCHEME = "x25519-hkdf-sha256-aes-256-gcm"
RSA_SCHEME = "rsa-oaep-sha256"
MIN_RSA_BITS = 3072
_INFO = b"gcp-desk bundle content key"
_WRAP_NONCE = bytes(12)
"""The wrapping key is used once (a new ephemeral key per bundle), so a fixed nonce is safe."""
WRONG_KEY = ("This bundle was encrypted for another recipient's key, not the one given. Use the private key that "
             "matches the public key the sender used. Nothing was imported.")


@dataclass(frozen=True)
class Recipient:
    """A recipient's public key, read from its PEM file."""

    key: x25519.X25519PublicKey | rsa.RSAPublicKey

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    def wrap(self, content_key: bytes) -> dict[str, Any]:
        """The header's ``recipient`` entry for this content key."""
        if isinstance(self.key, x25519.X25519PublicKey):
            ephemeral = x25519.X25519PrivateKey.generate()
            ephemeral_public = _raw(ephemeral.public_key())
            wrapping = _wrapping_key(ephemeral.exchange(self.key), ephemeral_public, _raw(self.key))
            return {"scheme": X25519_SCHEME, "key": self.fingerprint, "ephemeral": _b64(ephemeral_public),
                    "wrapped": _b64(AESGCM(wrapping).encrypt(_WRAP_NONCE, content_key, _INFO))}
        wrapped = self.key.encrypt(content_key, _oaep())
        return {"scheme": RSA_SCHEME, "key": self.fingerprint, "wrapped": _b64(wrapped)}


def unwrap(entry: dict[str, Any], private_key: Any) -> bytes:
    """The content key from the header's ``recipient`` entry, with the recipient's private key."""
    try:
        scheme, wanted, wrapped = entry["scheme"], entry["key"], base64.b64decode(entry["wrapped"], validate=True)
    except (KeyError, TypeError, ValueError):
        raise BundleUnreadable("The bundle's encryption header cannot be read: the file is damaged, or was made by "
                               "a newer version of GCP Desk.") from None
    if private_key is None:
        raise BundleUnreadable("The bundle is encrypted to a recipient's key: give the private key file that "
                               "matches it (gcp-desk import FILE --key PRIVATE.pem).")
    if wanted != fingerprint(private_key.public_key()):
        raise BundleUnreadable(WRONG_KEY)
    try:
        if scheme == X25519_SCHEME and isinstance(private_key, x25519.X25519PrivateKey):
            ephemeral = base64.b64decode(entry["ephemeral"], validate=True)
            shared = private_key.exchange(x25519.X25519PublicKey.from_public_bytes(ephemeral))
            wrapping = _wrapping_key(shared, ephemeral, _raw(private_key.public_key()))
            content_key = AESGCM(wrapping).decrypt(_WRAP_NONCE, wrapped, _INFO)
        elif scheme == RSA_SCHEME and isinstance(private_key, rsa.RSAPrivateKey):
            content_key = private_key.decrypt(wrapped, _oaep())
        else:
            raise BundleUnreadable(WRONG_KEY)
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise BundleUnreadable(WRONG_KEY) from None
    if len(content_key) != 32:
        raise BundleUnreadable(WRONG_KEY)
    return content_key


# Key files ------------------------------------------------------------------------------------------------------
def make_pair(private_file: Path, password: str | None) -> Path:
    """A new X25519 key pair: the private key at ``private_file`` (readable by its owner only, encrypted with
    ``password`` unless ``None``) and the public key beside it as ``<stem>.pub.pem``; returns the public key's path.
    Neither file is overwritten."""
    private_file = Path(private_file)
    public_file = public_path(private_file)
    for existing in (private_file, public_file):
        if existing.exists():
            raise FileExistsError(f"{existing} exists already; choose another name (keys are never overwritten).")
    key = x25519.X25519PrivateKey.generate()
    protection: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode("utf-8")) if password
        else serialization.NoEncryption())
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection)
    descriptor = os.open(private_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(private_pem)
    public_file.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    return public_file


def public_path(private_file: Path) -> Path:
    name = private_file.name.removesuffix(".pem")
    return private_file.with_name(f"{name}.pub.pem")


def read_recipient(path: Path) -> Recipient:
    """The public key in ``path``: X25519, or RSA of at least 3072 bits."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except OSError as error:
        raise BundleUnreadable(f"{path} cannot be read: {error.strerror or error}") from None
    except ValueError:
        raise BundleUnreadable(f"{path} is not a public key file (PEM). Ask the recipient for their .pub.pem "
                               "file.") from None
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        raise BundleUnreadable(f"{path} is an RSA key of {key.key_size} bits; use one of at least {MIN_RSA_BITS}.")
    if not isinstance(key, (x25519.X25519PublicKey, rsa.RSAPublicKey)):
        raise BundleUnreadable(f"{path} is not an X25519 or RSA public key.")
    return Recipient(key)


def private_key_is_protected(path: Path) -> bool:
    try:
        return b"ENCRYPTED" in Path(path).read_bytes()[:200]
    except OSError:
        return False


def read_private_key(path: Path, password: str | None) -> Any:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise BundleUnreadable(f"{path} cannot be read: {error.strerror or error}") from None
    try:
        key = serialization.load_pem_private_key(data, password.encode("utf-8") if password else None)
    except TypeError:
        raise BundleUnreadable(f"{path} is protected by a password: give it.") from None
    except ValueError:
        raise BundleUnreadable(f"{path} cannot be opened: the password is wrong, or it is not a private key "
                               "file (PEM). Nothing was imported.") from None
    if not isinstance(key, (x25519.X25519PrivateKey, rsa.RSAPrivateKey)):
        raise BundleUnreadable(f"{path} is not an X25519 or RSA private key.")
    return key


def fingerprint(public_key: Any) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def _wrapping_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + recipient_public,
                info=_INFO).derive(shared)


def _raw(public_key: x25519.X25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _oaep() -> padding.OAEP:
    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
