"""The audit chain's head, anchored outside the database: a small file in the data folder with the head's sequence
number and hash, signed with the organisation's key. A tail deleted from the trail, or a middle rewritten and
re-chained, no longer reaches the head this file names.

The file is re-signed at sign-out, close, backup, after each command that writes, and every few minutes while the
app runs; never per event. The key is the organisation's signing certificate (configured) or the self-signed one in
the data folder's ``signing`` folder, made there if there is none yet.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from ..domain.canonical import canonical_json
from ..domain.clock import utc_now
from ..files import write_whole_file
from ..storage.audit_chain import ChainHead

HEAD_FILE = "audit-head.json"
PASSPHRASE_VARIABLE = "GCP_DESK_SIGNING_PASSPHRASE"


@dataclass(frozen=True)
class SignedHead:
    head: ChainHead
    signed_at: datetime
    certificate_sha256: str
    extra: dict = field(default_factory=dict)
    """What else the file says, signed with the head: beside a backup, the backup's name and how its chain was
    checked; during a restore, the head of the database about to take the old one's place (``pending``)."""

    @property
    def pending(self) -> ChainHead | None:
        pending = self.extra.get("pending")
        return None if not pending else ChainHead(int(pending["seq"]), str(pending["hash"]))


class AnchorProblem(Exception):
    """The head file is there but cannot be trusted (altered, or signed with another key)."""


class HeadAnchor:
    def __init__(self, data_dir: Path, signing_dir: Path, signing_certificate: str | None, organisation: str,
                 data_key: bytes | None = None):
        self._data_key = data_key
        """Unseals the self-signed key on an encrypted folder (it is kept sealed under the data key)."""
        self.path = Path(data_dir) / HEAD_FILE
        self._signing_dir = Path(signing_dir)
        self._configured = signing_certificate
        self._organisation = organisation

    def sign(self, head: ChainHead, *, create_key: bool = True, path: Path | None = None,
             extra: dict | None = None) -> SignedHead | None:
        """Sign ``head`` (and ``extra``, JSON values) into the folder's head file, or into ``path`` (the head file
        beside a backup)."""
        found = self._key_and_certificate(create=create_key)
        if found is None:
            return None
        key, certificate = found
        signed_at = utc_now()
        body = {**(extra or {}), **_body(head, signed_at)}
        signature = _sign(key, canonical_json(body))
        fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
        document = {**body, "certificate_sha256": fingerprint, "signature": base64.b64encode(signature).decode()}
        write_whole_file(path or self.path, json.dumps(document, indent=2).encode("utf-8"))
        return SignedHead(head, signed_at, fingerprint, dict(extra or {}))

    def read(self, path: Path | None = None) -> SignedHead | None:
        """The signed head in the folder's head file (or ``path``), ``None`` if there is no file; ``AnchorProblem``
        if it is not what this folder's key signed."""
        path = path or self.path
        if not path.exists():
            return None
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            head = ChainHead(int(document["seq"]), str(document["hash"]))
            signed_at = datetime.fromisoformat(document["signed_at"])
            signature = base64.b64decode(document["signature"])
            extra = {name: value for name, value in document.items()
                     if name not in ("what", "seq", "hash", "signed_at", "certificate_sha256", "signature")}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise AnchorProblem(f"The signed record of the audit trail's end ({path.name}) is damaged "
                                "or has been edited.") from error
        found = self._key_and_certificate(create=False)
        if found is None:
            raise AnchorProblem(f"{path.name} cannot be checked: this folder has no signing key.")
        _, certificate = found
        try:
            _verify(certificate, signature, canonical_json({**extra, **_body(head, signed_at)}))
        except InvalidSignature as error:
            raise AnchorProblem(f"The signed record of the audit trail's end ({path.name}) has been edited, or "
                                "was signed with another key.") from error
        return SignedHead(head, signed_at, certificate.fingerprint(hashes.SHA256()).hex(), extra)

    def _key_and_certificate(self, *, create: bool):
        if self._configured:
            data = Path(self._configured).read_bytes()
            passphrase = os.environ.get(PASSPHRASE_VARIABLE)
        else:
            from ..reports.signing import SELF_SIGNED_FILE

            key_file = self._signing_dir / SELF_SIGNED_FILE
            if not key_file.exists():
                if not create:
                    return None
                from ..reports.signing import create_self_signed

                create_self_signed(self._signing_dir, self._organisation, data_key=self._data_key)
            from ..reports.signing import pkcs12_bytes

            data, passphrase = pkcs12_bytes(key_file, self._data_key), None
        key, certificate, _ = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None)
        assert key is not None and certificate is not None
        return key, certificate


def _body(head: ChainHead, signed_at: datetime) -> dict:
    return {"what": "GCP Desk audit chain head", "seq": head.seq, "hash": head.hash,
            "signed_at": signed_at.isoformat()}


def _sign(key, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    raise AnchorProblem("The organisation's signing key is of a kind GCP Desk cannot sign with (EC or RSA only).")


def _verify(certificate: x509.Certificate, signature: bytes, data: bytes) -> None:
    public = certificate.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
    elif isinstance(public, rsa.RSAPublicKey):
        public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise InvalidSignature()


def certificate_fingerprint(pem_or_der: bytes) -> str:
    try:
        certificate = x509.load_pem_x509_certificate(pem_or_der)
    except ValueError:
        certificate = x509.load_der_x509_certificate(pem_or_der)
    return certificate.fingerprint(hashes.SHA256()).hex()


