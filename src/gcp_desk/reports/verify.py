"""Checking a signed report: is it the file the organisation signed, byte for byte, and is its content the record's?

    result = verify_pdf(pdf, expected_hash=record_hash, trust_self_signed_cert=organisation_certificate)
    if not result.ok:
        print("\\n".join(result.problems))

What is checked, each with its own message when it fails:

1. The file has a digital signature at all.
2. Every byte is accounted for. The signature's digest covers everything except the signature's own slot, and
   the signature's cryptography covers only part of what sits in that slot. pyHanko alone accepts a changed
   padding digit, a hex digit changed to lower case, or a changed version number or algorithm list in the CMS
   envelope; so the slot must hold the signature exactly as our signer writes it, in DER, with nothing in its
   envelope but what pyHanko puts there. And the signed part must end where the file ends, so nothing was
   appended (not even an incremental update a PDF viewer would call "allowed").
3. The signer is the organisation: its certificate is the one given, byte for byte. Pinning the certificate,
   rather than building a chain to a public authority, works offline and still works long after the certificate
   has expired, which matters for reports read years later.
4. The report prints a verification hash (the last one printed: the signature block comes last and lists the latest
   signature last, so words typed into the record earlier cannot pose as it), and it is the hash of the record.

pyHanko and pypdf are imported on first use, so the CLI starts quickly.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

NO_SIGNATURE = "The file has no digital signature, so nothing shows whether it has been changed."
UNREADABLE = "The file has been changed or damaged: it can no longer be read as a signed PDF."
ALTERED = "The file has been changed since it was signed: its content no longer matches the signature."
SIGNATURE_CHANGED = "The signature stored in the file has been changed since the file was signed."
NOT_WHOLE_FILE = ("The signature does not cover the whole file: something was added to the file after it was "
                  "signed.")
NO_PRINTED_HASH = "No verification hash (SHA-256) is printed in the report."
NO_TRUSTED_CERTIFICATE = ("Signature intact, signer not trusted: no organisation certificate is known in this data "
                          "folder, so whose signature this is cannot be checked. Give the organisation's certificate "
                          "with --trust CERT.pem.")
UNTRUSTED_SIGNER = ("Signature intact, signer not trusted: the file was signed by \"{name}\", not with the "
                    "organisation certificate this folder trusts (SHA-256 {fingerprint}).")

BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")
PRINTED_HASH = re.compile(r"Verification hash \(SHA-256\):\s*((?:[0-9a-f]\s?){64})(?![0-9a-z])")
"""As ``reports.sections.sign_off`` prints it. A long line may wrap inside the hash, hence the optional spaces."""


@dataclass(frozen=True)
class VerificationResult:
    problems: tuple[str, ...]
    """What does not match, one sentence each; empty when the report checks out."""
    signer_name: str | None = None
    """The name in the signing certificate."""
    signed_at: datetime | None = None
    """When the signing computer's clock said the file was signed."""
    printed_hash: str | None = None
    certificate_checked: bool = False
    """False when no organisation certificate was given, so whose signature it is was not checked."""
    hash_checked: bool = False
    """False when no record hash was given, so the printed hash was found but not compared."""
    notes: tuple[str, ...] = field(default=())
    """What was not checked, for the person reading the result."""
    certificate_sha256: str | None = None
    """The SHA-256 fingerprint of the certificate the file was signed with."""
    about: dict | None = None
    """Who and what the report is about, from the signed content embedded in it (``None`` for a report without)."""

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_pdf(pdf_bytes: bytes, *, expected_hash: str | None,
               trust_self_signed_cert: bytes | tuple[bytes, ...] | None) -> VerificationResult:
    """Check a signed report. ``trust_self_signed_cert`` is the organisation's certificate (PEM or DER), or the
    certificates this folder trusts (its own, and the organisation's from its team server);
    ``expected_hash`` is the hash the database holds for the assessment. Pass ``None`` to skip either check."""
    given = (trust_self_signed_cert,) if isinstance(trust_self_signed_cert, bytes) else trust_self_signed_cert
    trusted = tuple(_certificate_der(certificate) for certificate in given) if given else None
    problems: list[str] = []
    notes: list[str] = []
    with _quiet("pyhanko"):  # a damaged signature makes pyHanko log tracebacks; the result says it in words
        signature = _check_signatures(pdf_bytes, trusted, problems)
    printed = _check_printed_hash(pdf_bytes, expected_hash, problems)
    about = _check_embedded_content(pdf_bytes, printed, problems, notes)
    if trusted is None and signature is not None:
        problems.append(NO_TRUSTED_CERTIFICATE)
    if expected_hash is None:
        notes.append("No record was given, so the printed hash was not compared with the database.")
    return VerificationResult(
        problems=tuple(dict.fromkeys(problems)),
        signer_name=signature[0] if signature else None,
        signed_at=signature[1] if signature else None,
        printed_hash=printed,
        certificate_checked=trusted is not None,
        hash_checked=expected_hash is not None,
        notes=tuple(notes),
        certificate_sha256=signature[2] if signature else None,
        about=about,
    )


def _check_embedded_content(pdf_bytes: bytes, printed: str | None, problems: list[str],
                            notes: list[str]) -> dict | None:
    """The signed content embedded in the signed part of the file, recomputed and matched to the printed hash."""
    from .embedded_content import content_problems, read_signed_content

    signed_length = _signed_length(pdf_bytes)
    try:
        with _quiet("pypdf"):
            found = read_signed_content(pdf_bytes[:signed_length] if signed_length else pdf_bytes)
    except Exception:  # noqa: BLE001 - an unreadable attachment is one more sign of a changed file
        problems.append("The signed content embedded in the report cannot be read: the file has been changed.")
        return None
    if found is None:
        notes.append("The report carries no embedded signed content (it was made by an older GCP Desk), so the "
                     "printed hash could not be recomputed from the file itself.")
        return None
    problems.extend(content_problems(found, printed))
    return found.get("about") or {}


def _check_signatures(pdf_bytes: bytes, trusted: tuple[bytes, ...] | None,
                      problems: list[str]) -> tuple[str, datetime | None, str] | None:
    """Add what is wrong with the file's signatures to ``problems``; return the last signer's name and time."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        signatures = PdfFileReader(io.BytesIO(pdf_bytes)).embedded_signatures
    except Exception:  # a damaged file fails in many ways inside the parser; all mean the same to the reader
        signed_length = _signed_length(pdf_bytes)
        if signed_length is None or signed_length >= len(pdf_bytes):
            problems.append(UNREADABLE)
            return None
        # Bytes added after the end can stop the whole file being read; the signed part may still be intact.
        problems.append(NOT_WHOLE_FILE)
        return _check_signatures(pdf_bytes[:signed_length], trusted, problems)
    if not signatures:
        problems.append(NO_SIGNATURE)
        return None
    last: tuple[str, datetime | None, str] | None = None
    for embedded in signatures:
        try:
            certificate = embedded.signer_cert
            # Trust is decided below by pinning; this context only lets pyHanko finish its own checks quietly.
            context = ValidationContext(trust_roots=[certificate], allow_fetching=False)
            status = validate_pdf_signature(embedded, context)
        except Exception:
            problems.append(UNREADABLE)
            continue
        if not status.intact:
            problems.append(ALTERED)
        elif not status.valid or not _slot_holds_exactly_the_signature(pdf_bytes, embedded):
            problems.append(SIGNATURE_CHANGED)
        name = certificate.subject.native.get("common_name") or certificate.subject.human_friendly
        if trusted is not None and certificate.dump() not in trusted:
            problems.append(UNTRUSTED_SIGNER.format(name=name, fingerprint=" or ".join(
                hashlib.sha256(one).hexdigest() for one in trusted)))
        last = (name, status.signer_reported_dt, hashlib.sha256(certificate.dump()).hexdigest())
        if embedded is signatures[-1] and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problems.append(NOT_WHOLE_FILE)
    return last


def _signed_length(pdf_bytes: bytes) -> int | None:
    """How long the file was when last signed, from the last signature's byte range, if one can be found."""
    ranges = BYTE_RANGE.findall(pdf_bytes)
    if not ranges:
        return None
    _, _, resume, last_length = (int(number) for number in ranges[-1])
    return resume + last_length


def _slot_holds_exactly_the_signature(pdf_bytes: bytes, embedded) -> bool:
    """True when the one part of the file its digest leaves out holds the signature exactly as it was made.

    The digest covers the whole file but the signature's slot, and the signature's own cryptography covers only
    its signed attributes. So the slot must read ``<``, the signature in upper-case hex, zero padding, ``>``; the
    signature must be in DER, the one encoding of its values; and the parts of the CMS envelope no signature
    protects must be exactly what our signer writes. Otherwise one changed byte there would go unnoticed.
    """
    from asn1crypto import cms, parser

    start, first_length, resume, _ = embedded.byte_range
    slot = pdf_bytes[start + first_length:resume]
    contents = bytes(embedded.pkcs7_content)
    if slot != b"<" + contents.hex().upper().encode("ascii") + b">":
        return False
    try:
        _, _, _, header, body, trailer = parser.parse(contents)
        signature = contents[:len(header) + len(body) + len(trailer)]
        if any(contents[len(signature):]):
            return False
        envelope = cms.ContentInfo.load(signature, strict=True)
        if envelope.dump(force=True) != signature:
            return False
        return _envelope_as_made(envelope)
    except (ValueError, TypeError, KeyError, IndexError):
        return False


def _envelope_as_made(envelope) -> bool:
    """The unprotected parts of the CMS envelope, held to what pyHanko writes for a PAdES signature."""
    from asn1crypto import core

    if envelope["content_type"].native != "signed_data":
        return False
    signed_data = envelope["content"]
    encapsulated = signed_data["encap_content_info"]
    if (signed_data["version"].native != "v1" or not isinstance(signed_data["crls"], core.Void)
            or encapsulated["content_type"].native != "data" or not isinstance(encapsulated["content"], core.Void)
            or len(signed_data["signer_infos"]) != 1):
        return False
    signer_info = signed_data["signer_infos"][0]
    algorithms = signed_data["digest_algorithms"]
    if (signer_info["version"].native != "v1" or signer_info["sid"].name != "issuer_and_serial_number"
            or not isinstance(signer_info["unsigned_attrs"], core.Void)
            or [a.dump() for a in algorithms] != [signer_info["digest_algorithm"].dump()]):
        return False
    return _certificates_hang_together(signed_data["certificates"], signer_info["sid"].chosen)


def _certificates_hang_together(certificates, signer_id) -> bool:
    """One is the signer's; each other one issued another of them; any that names itself as its issuer really
    signed itself. So none of them can be a changed copy."""
    from cryptography import x509

    if any(choice.name != "certificate" for choice in certificates):
        return False
    chosen = [choice.chosen for choice in certificates]
    is_signer = [c.issuer == signer_id["issuer"] and c.serial_number == signer_id["serial_number"].native
                 for c in chosen]
    if not any(is_signer):
        return False
    loaded = [x509.load_der_x509_certificate(c.dump()) for c in chosen]
    for index, certificate in enumerate(loaded):
        if certificate.issuer == certificate.subject and not _issued(certificate, certificate):
            return False
        others = loaded[:index] + loaded[index + 1:]
        if not is_signer[index] and not any(_issued(child, certificate) for child in others):
            return False
    return True


def _issued(child, issuer) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        child.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _check_printed_hash(pdf_bytes: bytes, expected_hash: str | None, problems: list[str]) -> str | None:
    printed = printed_verification_hash(pdf_bytes)
    if printed is None:
        problems.append(NO_PRINTED_HASH)
    elif expected_hash is not None and printed != (expected := expected_hash.strip().lower()):
        shown = (_short(printed), _short(expected))
        if shown[0] == shown[1]:  # the difference is further in: show it all rather than two equal stubs
            shown = (printed, expected)
        problems.append(f"The hash printed in the report ({shown[0]}) does not match the database record "
                        f"({shown[1]}).")
    return printed


def printed_verification_hash(pdf_bytes: bytes) -> str | None:
    """The last verification hash printed in the report, or ``None`` if there is none (or no text to read)."""
    from pypdf import PdfReader

    with _quiet("pypdf"):  # a damaged file makes pypdf log its repairs; the result already says what is wrong
        try:
            pages = PdfReader(io.BytesIO(pdf_bytes)).pages
            for page in reversed(pages):  # the signature block is at the end: usually found on the first try
                found = PRINTED_HASH.findall(re.sub(r"\s+", " ", page.extract_text()))
                if found:
                    return re.sub(r"\s", "", found[-1])
        except Exception:  # an unreadable file is reported by the signature check; here it just has no hash
            return None
    return None


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _certificate_der(certificate: bytes) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        if certificate.lstrip().startswith(b"-----BEGIN"):
            loaded = x509.load_pem_x509_certificate(certificate)
        else:
            loaded = x509.load_der_x509_certificate(certificate)
    except ValueError as error:
        raise ValueError("the organisation's certificate could not be read (expected PEM or DER)") from error
    return loaded.public_bytes(serialization.Encoding.DER)


def _short(hex_hash: str) -> str:
    return hex_hash[:12] + "…"
