"""The public part of the organisation's certificate as a linked laptop keeps it, given by its team server: reports
signed with the organisation's key (on the server, or wherever it is configured) verify against it here."""

from __future__ import annotations

from pathlib import Path

ORGANISATION_CERTIFICATE_FILE = "team-server-organisation-certificate.pem"
"""In the data folder's ``signing`` folder, beside the laptop's own signing files."""


def keep_organisation_certificate(signing_dir: Path, pem: str) -> Path:
    """Write the certificate (replaced whole, never half); nothing is written when it is the same."""
    from ..security.file_modes import secure_folder

    secure_folder(signing_dir)
    target = Path(signing_dir) / ORGANISATION_CERTIFICATE_FILE
    if target.exists() and target.read_text(encoding="ascii") == pem:
        return target
    temporary = target.with_suffix(".partial")
    temporary.write_text(pem, encoding="ascii")
    temporary.replace(target)
    return target


def organisation_certificate_der(signing_dir: Path) -> bytes | None:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    file = Path(signing_dir) / ORGANISATION_CERTIFICATE_FILE
    if not file.exists():
        return None
    return x509.load_pem_x509_certificate(file.read_bytes()).public_bytes(Encoding.DER)
