"""The organisation's digital signature on a report (PAdES, with pyHanko), so any PDF reader shows an altered file.

    signer = OrganisationSigner.load_or_create(data_dir / "signing", "Testbury Children's Services")
    signed = sign_pdf(pdf, signer, reason="Countersigned assessment", location="Testbury")

The organisation's own certificate comes as a PKCS#12 file (``.p12``/``.pfx``) with its passphrase. Until one is
configured, the app makes a self-signed certificate on first use: an EC P-256 key (it signs in about 25 ms, where
an RSA-3072 key takes about 0.4 s), valid for ten years, kept in a PKCS#12 file only its owner may read, with the
public certificate beside it as PEM for anyone who wants to check reports against it.

With the database encrypted, ``data_key`` is given: the self-signed key file then holds the PKCS#12 bundle sealed
with AES-256-GCM under a key derived from the data key (``security.key_wrapping.seal``), so it opens only after
someone has signed in; the certificate beside it stays public. A key file made before encryption is sealed the
first time it is opened with the data key, and its plain bytes are erased.

The signature certifies the document with "no changes allowed", so a reader's PDF viewer flags any later edit,
even one a viewer would otherwise accept (a form fill, a comment). pyHanko takes a moment to import: import this
module when a report is first signed, not at start-up.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.sign import fields, signers

from ..domain.clock import utc_now
from ..domain.errors import GcpDeskError
from ..files import erase_file, write_whole_file
from ..security.key_wrapping import UnwrapFailed, is_sealed, open_sealed, seal

SELF_SIGNED_FILE = "organisation-signing.p12"
CERTIFICATE_FILE = "organisation-signing-certificate.pem"
SELF_SIGNED_MARK = " (GCP Desk self-signed)"
VALIDITY = timedelta(days=3653)
"""Ten years: reports are read for much longer, which is why ``verify`` pins the certificate instead of trusting
it only while it is in date."""
FIELD_NAME = "OrganisationSignature"
_NAME_LIMIT = 64  # RFC 5280's upper bound for a common name; cryptography refuses longer ones
_FOLDER_MODE = 0o700
SEALED_PURPOSE = "organisation signing key"


class SigningKeyUnavailable(GcpDeskError):
    """The organisation's signing key could not be opened (wrong passphrase, wrong kind of file, no file)."""


@dataclass(frozen=True, eq=False)
class OrganisationSigner:
    """The key and certificate reports are signed with. Make one with ``from_pkcs12`` or ``load_or_create``."""

    _signer: signers.SimpleSigner

    @classmethod
    def from_pkcs12(cls, path: str | Path, passphrase: str | bytes | None = None, *,
                    data_key: bytes | None = None) -> OrganisationSigner:
        """The key and certificate in a PKCS#12 file, or in one sealed under ``data_key`` (see the module)."""
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            raise SigningKeyUnavailable(
                f"The organisation's signing certificate file {path} could not be read: {reason}.") from error
        if is_sealed(data):
            data = _unseal(data, data_key, path)
        return cls.from_pkcs12_bytes(data, passphrase)

    @classmethod
    def from_pkcs12_bytes(cls, data: bytes, passphrase: str | bytes | None = None) -> OrganisationSigner:
        if isinstance(passphrase, str):
            passphrase = passphrase.encode("utf-8")
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase or None)
        except ValueError as error:
            raise SigningKeyUnavailable(
                "The organisation's signing certificate could not be opened: the passphrase is wrong, or the file "
                "is not a PKCS#12 (.p12 or .pfx) file holding a key and its certificate.") from error
        return cls(signer)

    @classmethod
    def load_or_create(cls, folder: str | Path, organisation_name: str, *,
                       data_key: bytes | None = None) -> OrganisationSigner:
        """The self-signed certificate kept in ``folder``, made there first if there is none yet; with
        ``data_key``, kept sealed under it (a plain key file found there is sealed now)."""
        folder = Path(folder)
        key_file = folder / SELF_SIGNED_FILE
        if not key_file.exists():
            create_self_signed(folder, organisation_name, data_key=data_key)
        elif data_key is not None:
            seal_signing_key(folder, data_key)
        signer = cls.from_pkcs12(key_file, data_key=data_key)
        certificate_file = folder / CERTIFICATE_FILE
        if not certificate_file.exists():  # the public half is only a copy; put it back if someone removed it
            certificate_file.write_bytes(signer.certificate_pem)
        return signer

    @property
    def certificate_der(self) -> bytes:
        """The certificate as DER bytes: what ``verify_pdf`` is given to recognise the organisation's reports."""
        return self._signer.signing_cert.dump()

    @property
    def certificate_pem(self) -> bytes:
        return x509.load_der_x509_certificate(self.certificate_der).public_bytes(serialization.Encoding.PEM)

    @property
    def name(self) -> str:
        """The certificate's common name, as a PDF reader shows it."""
        return self._signer.signing_cert.subject.native.get("common_name", "")

    @property
    def is_self_signed(self) -> bool:
        certificate = self._signer.signing_cert
        return certificate.subject == certificate.issuer

    @property
    def pyhanko_signer(self) -> signers.SimpleSigner:
        return self._signer


def create_self_signed(folder: str | Path, organisation_name: str, *, passphrase: str | bytes | None = None,
                       now: datetime | None = None, data_key: bytes | None = None) -> Path:
    """Make a self-signed signing key and certificate in ``folder`` and return the PKCS#12 file's path; with
    ``data_key`` the file is sealed under it (see the module).

    Never replaces an existing key (``FileExistsError``): reports already signed with it would then no longer be
    recognised. The key file is readable by its owner alone; the folder is made owner-only if it is new.
    """
    name = organisation_name.strip()
    if not name:
        raise ValueError("the organisation's name is needed to make its signing certificate")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=_FOLDER_MODE)
    key_file = folder / SELF_SIGNED_FILE
    if key_file.exists():
        raise FileExistsError(f"a signing key already exists at {key_file}; it is never replaced")
    if isinstance(passphrase, str):
        passphrase = passphrase.encode("utf-8")

    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _self_signed_certificate(key, name, now or utc_now())
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    bundle = pkcs12.serialize_key_and_certificates(
        b"GCP Desk organisation signing key", key, certificate, None, encryption)
    if data_key is not None:
        bundle = seal(data_key, bundle, SEALED_PURPOSE)
    write_whole_file(key_file, bundle)  # owner-only, and never half a key
    (folder / CERTIFICATE_FILE).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file


def seal_signing_key(folder: str | Path, data_key: bytes) -> bool:
    """Seal a plain self-signed key file in ``folder`` under ``data_key`` and erase its plain bytes; ``True`` if
    there was one to seal. A crash at any moment leaves the key whole, plain or sealed."""
    key_file = Path(folder) / SELF_SIGNED_FILE
    old = key_file.with_name(key_file.name + ".plain-old")
    if old.exists():  # left by a run that was stopped: erase it unless it is still the live key's second name
        old.unlink() if key_file.exists() and os.path.samefile(old, key_file) else erase_file(old)
    if not key_file.exists():
        return False
    data = key_file.read_bytes()
    if is_sealed(data):
        return False
    os.link(key_file, old)  # the plain bytes stay reachable to be erased once the sealed file has the name
    write_whole_file(key_file, seal(data_key, data, SEALED_PURPOSE))
    erase_file(old)
    return True


def reseal_signing_key(folder: str | Path, old_key: bytes, new_key: bytes) -> bool:
    """After a re-key: the self-signed key sealed under the new data key instead of the old (never written plain);
    ``True`` if there was one."""
    key_file = Path(folder) / SELF_SIGNED_FILE
    if not key_file.exists():
        return False
    write_whole_file(key_file, seal(new_key, pkcs12_bytes(key_file, old_key), SEALED_PURPOSE))
    return True


def pkcs12_bytes(path: str | Path, data_key: bytes | None) -> bytes:
    """The PKCS#12 bundle in ``path``, unsealed with ``data_key`` when it is kept sealed."""
    data = Path(path).read_bytes()
    return _unseal(data, data_key, path) if is_sealed(data) else data


def _unseal(data: bytes, data_key: bytes | None, path: str | Path) -> bytes:
    if data_key is None:
        raise SigningKeyUnavailable(
            f"The organisation's signing key in {path} is encrypted with the database's key; it opens only after "
            "someone has signed in.")
    try:
        return open_sealed(data_key, data, SEALED_PURPOSE)
    except UnwrapFailed:
        raise SigningKeyUnavailable(
            f"The organisation's signing key in {path} does not open with this database's key: it belongs to "
            "another database, or the file is damaged.") from None


def sign_pdf(pdf_bytes: bytes, signer: OrganisationSigner, *, reason: str, location: str,
             field_name: str = FIELD_NAME) -> bytes:
    """The PDF with the organisation's PAdES signature added as an incremental update covering the whole file."""
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
        return signers.sign_pdf(writer, metadata, signer=signer.pyhanko_signer).getvalue()
    except PdfError as error:
        raise ValueError(f"the report could not be signed because it is not a readable PDF: {error}") from error


def _self_signed_certificate(key: ec.EllipticCurvePrivateKey, organisation: str, now: datetime) -> x509.Certificate:
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(organisation, _NAME_LIMIT - len(SELF_SIGNED_MARK.encode()))
                           + SELF_SIGNED_MARK),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation, _NAME_LIMIT)),
    ])
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))  # a reader's clock a little behind still sees it in date
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _fit(text: str, limit: int) -> str:
    """``text`` cut short with an ellipsis to at most ``limit`` UTF-8 bytes, the unit the limit is counted in."""
    if len(text.encode("utf-8")) <= limit:
        return text
    while len((text + "…").encode("utf-8")) > limit:
        text = text[:-1]
    return text.rstrip() + "…"
