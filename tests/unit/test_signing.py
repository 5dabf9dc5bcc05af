"""Signed reports: a countersigned report signed with the organisation's certificate checks out, and any change to
the file, a stranger's certificate or a hash that differs from the record makes the check fail and say why."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
import io
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from pypdf import PdfReader
from report_builders import page_texts, sample_report_data

from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.reports.assessment_report import build_assessment_report
from gcp_desk.reports.signing import (
    CERTIFICATE_FILE,
    SELF_SIGNED_FILE,
    OrganisationSigner,
    SigningKeyUnavailable,
    create_self_signed,
    sign_pdf,
)
from gcp_desk.reports.verify import (
    ALTERED,
    NO_PRINTED_HASH,
    NO_SIGNATURE,
    NOT_WHOLE_FILE,
    SIGNATURE_CHANGED,
    verify_pdf,
)
from gcp_desk.scoring.signing_content import assessment_content_hash

ORGANISATION = "Testbury Children's Services"


def report_with_content_hash(status: AssessmentStatus = AssessmentStatus.COUNTERSIGNED):
    """A report whose signatures carry the content hash, as the services will record it."""
    data = sample_report_data(status=status)
    content = assessment_content_hash(data.assessment)
    signatures = tuple(s.model_copy(update={"content_hash": content}) for s in data.signatures)
    return dataclasses.replace(data, signatures=signatures), content


@pytest.fixture(scope="session")
def signing_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("signing") / "keys"


@pytest.fixture(scope="session")
def signer(signing_folder) -> OrganisationSigner:
    return OrganisationSigner.load_or_create(signing_folder, ORGANISATION)


@pytest.fixture(scope="session")
def stranger(tmp_path_factory) -> OrganisationSigner:
    return OrganisationSigner.load_or_create(tmp_path_factory.mktemp("stranger"), ORGANISATION)


@pytest.fixture(scope="session")
def report() -> tuple[bytes, str]:
    data, content = report_with_content_hash()
    return build_assessment_report(data), content


@pytest.fixture(scope="session")
def signed(report, signer) -> bytes:
    return sign_pdf(report[0], signer, reason="Countersigned assessment", location="Testbury")


@pytest.fixture(scope="session")
def record_hash(report) -> str:
    return report[1]


def check(pdf: bytes, signer: OrganisationSigner, record_hash: str):
    return verify_pdf(pdf, expected_hash=record_hash, trust_self_signed_cert=signer.certificate_pem)


def flipped(pdf: bytes, position: int) -> bytes:
    changed = bytearray(pdf)
    changed[position] ^= 0x01
    return bytes(changed)


def signature_slot(pdf: bytes) -> tuple[int, int]:
    """Where the signature's own hex string sits: the one part of the file its digest does not cover."""
    start = pdf.rindex(b"/Contents <") + len(b"/Contents ")
    return start, pdf.index(b">", start) + 1


# A report that checks out ---------------------------------------------------------------------------------------


def test_a_signed_report_checks_out(signed, signer, record_hash):
    result = check(signed, signer, record_hash)
    assert result.problems == ()
    assert result.ok and result.certificate_checked and result.hash_checked
    assert result.printed_hash == record_hash
    assert result.signer_name == f"{ORGANISATION} (GCP Desk self-signed)"
    assert abs(result.signed_at - datetime.now(UTC)) < timedelta(hours=1)


def test_the_certificate_may_be_given_as_der_or_pem(signed, signer, record_hash):
    assert verify_pdf(signed, expected_hash=record_hash, trust_self_signed_cert=signer.certificate_der).ok


def test_signing_keeps_every_page_and_word(report, signed):
    assert page_texts(signed) == page_texts(report[0])
    assert signed.startswith(report[0])  # an incremental update: the report's own bytes are untouched


def test_the_signature_is_pades_and_forbids_any_later_change(signed):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import MDPPerm

    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.docmdp_level == MDPPerm.NO_CHANGES
    assert embedded.field_name == "OrganisationSignature"


def test_where_no_certificate_is_trusted_an_intact_signature_is_not_trusted(signed):
    result = verify_pdf(signed, expected_hash=None, trust_self_signed_cert=None)
    assert not result.ok
    assert result.problems[0].startswith("Signature intact, signer not trusted: no organisation certificate")
    assert not result.certificate_checked and not result.hash_checked
    assert any("printed hash was not compared" in note for note in result.notes)


# Files that must fail, each with its own message ----------------------------------------------------------------


def test_a_byte_changed_in_the_middle_fails(signed, signer, record_hash):
    result = check(flipped(signed, len(signed) // 2), signer, record_hash)
    assert not result.ok
    assert ALTERED in result.problems


def test_bytes_appended_after_signing_fail(signed, signer, record_hash):
    for extra in [b"\n", b"%%EOF\n", b"\n1 0 obj\n<< /Type /Annot >>\nendobj\n"]:
        result = check(signed + extra, signer, record_hash)
        assert result.problems == (NOT_WHOLE_FILE,), extra


@pytest.mark.parametrize("fraction", [i / 40 for i in range(40)])
def test_any_changed_byte_fails(signed, signer, record_hash, fraction):
    result = check(flipped(signed, int(len(signed) * fraction)), signer, record_hash)
    assert not result.ok
    assert result.problems


def test_any_changed_byte_in_the_signature_and_its_update_fails(report, signed, signer, record_hash):
    # The bytes signing added: the signature dictionary, the field, the new cross-reference and the signature.
    for position in range(len(report[0]), len(signed), 97):
        assert not check(flipped(signed, position), signer, record_hash).ok, position


def with_envelope_changed(signed: bytes, change: Callable) -> bytes:
    """The signed file with a part of the CMS envelope that no digest or signature covers edited, re-encoded in
    DER and padded back into the same slot, as a careful forger would."""
    start, end = signature_slot(signed)
    contents = bytes.fromhex(signed[start + 1:end - 1].decode("ascii"))
    envelope = cms.ContentInfo.load(contents)
    change(envelope["content"])
    der = envelope.dump(force=True)
    assert len(der) <= len(contents)
    edited = signed[:start + 1] + (der + bytes(len(contents) - len(der))).hex().upper().encode() + signed[end - 1:]
    assert len(edited) == len(signed) and edited != signed
    return edited


@pytest.mark.parametrize("change", [
    lambda signed_data: signed_data.__setitem__("version", "v3"),
    lambda signed_data: signed_data.__setitem__("digest_algorithms", [{"algorithm": "sha384"}]),
    lambda signed_data: signed_data.__setitem__(
        "digest_algorithms", [{"algorithm": "sha256"}, {"algorithm": "sha512"}]),
], ids=["version", "digest-algorithm", "extra-digest-algorithm"])
def test_an_edited_signature_envelope_fails(signed, signer, record_hash, change):
    assert check(with_envelope_changed(signed, change), signer, record_hash).problems == (SIGNATURE_CHANGED,)


def test_a_changed_digit_in_the_signatures_padding_fails(signed, signer, record_hash):
    # pyHanko alone reads the signature and ignores the zero padding after it, so this needs its own check.
    start, end = signature_slot(signed)
    position = end - 10
    assert signed[position:position + 1] == b"0"
    changed = signed[:position] + b"1" + signed[position + 1:]
    assert check(changed, signer, record_hash).problems == (SIGNATURE_CHANGED,)


def test_a_signature_rewritten_in_lower_case_fails(signed, signer, record_hash):
    start, end = signature_slot(signed)
    changed = signed[:start] + signed[start:end].lower() + signed[end:]
    assert changed != signed
    assert check(changed, signer, record_hash).problems == (SIGNATURE_CHANGED,)


def test_another_certificate_fails_and_names_who_signed(report, stranger, signer, record_hash):
    impostor = sign_pdf(report[0], stranger, reason="Countersigned assessment", location="Elsewhere")
    result = check(impostor, signer, record_hash)
    fingerprint = hashlib.sha256(signer.certificate_der).hexdigest()
    assert result.problems == (
        f"Signature intact, signer not trusted: the file was signed by \"{ORGANISATION} (GCP Desk self-signed)\", "
        f"not with the organisation certificate this folder trusts (SHA-256 {fingerprint}).",)
    assert check(impostor, stranger, record_hash).ok


def test_a_hash_that_differs_from_the_record_fails(signed, signer, record_hash):
    other = assessment_content_hash(sample_report_data().assessment)
    assert other != record_hash
    result = check(signed, signer, other)
    assert result.problems == (
        f"The hash printed in the report ({record_hash[:12]}…) does not match the database record "
        f"({other[:12]}…).",)


def test_a_hash_differing_only_near_its_end_is_shown_in_full(signed, signer, record_hash):
    other = record_hash[:-1] + ("0" if record_hash[-1] != "0" else "1")
    (problem,) = check(signed, signer, other).problems
    assert record_hash in problem and other in problem


def test_an_unsigned_report_fails(report, signer, record_hash):
    assert check(report[0], signer, record_hash).problems == (NO_SIGNATURE,)


def test_a_signed_report_without_a_printed_hash_fails(signer):
    draft, content = report_with_content_hash(AssessmentStatus.DRAFT)
    signed_draft = sign_pdf(build_assessment_report(draft), signer, reason="Test", location="Testbury")
    assert check(signed_draft, signer, content).problems == (NO_PRINTED_HASH,)


def test_a_file_that_is_not_a_pdf_fails_and_cannot_be_signed(signer, record_hash):
    result = check(b"This is not a report.", signer, record_hash)
    assert not result.ok
    with pytest.raises(ValueError, match="not a readable PDF"):
        sign_pdf(b"This is not a report.", signer, reason="Test", location="Testbury")


# The self-signed certificate ------------------------------------------------------------------------------------


def test_the_self_signed_certificate_names_the_organisation_and_lasts_ten_years(signer):
    certificate = x509.load_der_x509_certificate(signer.certificate_der)
    assert signer.is_self_signed
    assert signer.name == f"{ORGANISATION} (GCP Desk self-signed)"
    assert isinstance(certificate.public_key(), ec.EllipticCurvePublicKey)
    assert certificate.public_key().curve.name == "secp256r1"
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=365 * 10) <= lifetime <= timedelta(days=365 * 10 + 4)


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_only_the_owner_can_read_the_key(signing_folder, signer):
    key_mode = stat.S_IMODE((signing_folder / SELF_SIGNED_FILE).stat().st_mode)
    assert key_mode == 0o600
    assert stat.S_IMODE(signing_folder.stat().st_mode) == 0o700
    public = x509.load_pem_x509_certificate((signing_folder / CERTIFICATE_FILE).read_bytes())
    assert public.public_bytes(Encoding.DER) == signer.certificate_der


def test_the_key_is_made_once_and_never_replaced(signing_folder, signer):
    again = OrganisationSigner.load_or_create(signing_folder, "A Different Name")
    assert again.certificate_der == signer.certificate_der
    with pytest.raises(FileExistsError):
        create_self_signed(signing_folder, ORGANISATION)
    assert OrganisationSigner.from_pkcs12(signing_folder / SELF_SIGNED_FILE).certificate_der == signer.certificate_der


def test_a_removed_public_certificate_is_put_back(tmp_path):
    first = OrganisationSigner.load_or_create(tmp_path, ORGANISATION)
    (tmp_path / CERTIFICATE_FILE).unlink()
    OrganisationSigner.load_or_create(tmp_path, ORGANISATION)
    assert (tmp_path / CERTIFICATE_FILE).read_bytes() == first.certificate_pem


def test_a_key_file_with_a_passphrase_opens_only_with_it(tmp_path, report):
    path = create_self_signed(tmp_path, ORGANISATION, passphrase="correct horse battery")
    opened = OrganisationSigner.from_pkcs12(path, "correct horse battery")
    signed = sign_pdf(report[0], opened, reason="Test", location="Testbury")
    assert check(signed, opened, report[1]).ok
    for wrong in ["wrong passphrase", None]:
        with pytest.raises(SigningKeyUnavailable, match="passphrase is wrong"):
            OrganisationSigner.from_pkcs12(path, wrong)


def test_a_missing_key_file_says_so(tmp_path):
    with pytest.raises(SigningKeyUnavailable, match="could not be read"):
        OrganisationSigner.from_pkcs12(tmp_path / "absent.p12")


def test_a_long_organisation_name_still_makes_a_certificate(tmp_path):
    name = "The Royal Borough of Somewhere-upon-Testbury Children's Services Department"
    signer = OrganisationSigner.load_or_create(tmp_path, name)
    assert len(signer.name.encode("utf-8")) <= 64
    assert signer.name.endswith(" (GCP Desk self-signed)")
    assert signer.name.startswith("The Royal Borough of Somewhere")


def test_an_organisation_name_is_needed(tmp_path):
    with pytest.raises(ValueError, match="organisation's name"):
        create_self_signed(tmp_path, "  ")


def test_pypdf_still_reads_a_signed_report(signed, report):
    assert len(PdfReader(io.BytesIO(signed)).pages) == len(PdfReader(io.BytesIO(report[0])).pages)


def issued_pkcs12(passphrase: bytes) -> bytes:
    """An organisation's own key as a certificate authority would issue it: a leaf, its issuer, in one .p12."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    now = datetime.now(UTC)
    authority_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    authority = (x509.CertificateBuilder().subject_name(name("Testbury Test Authority"))
                 .issuer_name(name("Testbury Test Authority")).public_key(authority_key.public_key())
                 .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
                 .not_valid_after(now + timedelta(days=365))
                 .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                 .sign(authority_key, hashes.SHA256()))
    leaf = (x509.CertificateBuilder().subject_name(name(ORGANISATION)).issuer_name(authority.subject)
            .public_key(leaf_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .sign(authority_key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"org", leaf_key, leaf, [authority],
                                                 serialization.BestAvailableEncryption(passphrase))


def test_an_organisations_own_certificate_with_its_issuer_signs_and_checks_out(report, signer):
    organisation = OrganisationSigner.from_pkcs12_bytes(issued_pkcs12(b"org passphrase"), "org passphrase")
    assert not organisation.is_self_signed and organisation.name == ORGANISATION
    signed = sign_pdf(report[0], organisation, reason="Countersigned assessment", location="Testbury")
    assert check(signed, organisation, report[1]).ok
    assert not check(signed, signer, report[1]).ok
