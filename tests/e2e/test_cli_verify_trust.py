"""``verify`` that cannot be fooled: the report names whose it is from the signed content embedded in it, the
signer must be the certificate this folder trusts (or one given with --trust), and an incremental update, another
child's genuine report or another key's signature are each seen for what they are."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli_runner import gcp_desk

PRACTITIONER = "Sam Whitfield"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[Path, dict, Path, Path]:
    """A demo folder; two countersigned reports of different children."""
    data_dir = tmp_path_factory.mktemp("demo")
    assert gcp_desk("demo", data_dir=data_dir).returncode == 0
    listed = json.loads(gcp_desk("list", "assessments", "--json", data_dir=data_dir, as_=PRACTITIONER).stdout)
    signed = [a for a in listed if a["status"] == "countersigned"]
    first = signed[0]
    second = next(a for a in signed if a["child_id"] != first["child_id"])
    files = []
    for assessment in (first, second):
        target = data_dir.parent / f"{assessment['id']}.pdf"
        assert gcp_desk("report", assessment["id"], "-o", str(target), data_dir=data_dir,
                        as_=PRACTITIONER).returncode == 0
        files.append(target)
    return data_dir, first, files[0], files[1]


def certificate_fingerprint(data_dir: Path) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    pem = (data_dir / "signing" / "organisation-signing-certificate.pem").read_bytes()
    return x509.load_pem_x509_certificate(pem).fingerprint(hashes.SHA256()).hex()


def text_of(pdf: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages))


def test_verify_names_the_child_assessment_and_signers_and_the_certificate(reports):
    data_dir, first, report, _ = reports
    result = gcp_desk("verify", str(report), data_dir=data_dir)
    assert result.returncode == 0, result.stdout
    assert f"Child: {first['child']}" in result.stdout
    assert f"Assessment: {first['id']}, dated {first['date']}" in result.stdout
    assert "Practitioner: " in result.stdout and "countersigned by " in result.stdout
    printed = re.search(r"Signing certificate SHA-256 fingerprint: ([0-9a-f ]{64,})", text_of(report))
    said = re.search(r"Signing certificate SHA-256: ([0-9a-f]{64})", result.stdout).group(1)
    assert printed and printed.group(1).replace(" ", "")[:64] == said == certificate_fingerprint(data_dir)
    assert "Audit trail at event" in text_of(report)


def test_another_childs_genuine_report_is_seen_for_what_it_is(reports):
    data_dir, first, _, other = reports
    result = gcp_desk("verify", str(other), data_dir=data_dir)
    assert result.returncode == 0
    assert f"Child: {first['child']}" not in result.stdout and "Child: " in result.stdout


def test_where_no_certificate_is_trusted_the_signer_is_not_trusted_unless_given(reports, tmp_path):
    data_dir, _, report, _ = reports
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(data_dir, elsewhere)
    shutil.rmtree(elsewhere / "signing")
    refused = gcp_desk("verify", str(report), data_dir=elsewhere)
    assert refused.returncode == 1
    assert "Signature intact, signer not trusted: no organisation certificate is known" in refused.stdout
    trusted = gcp_desk("verify", str(report), "--trust",
                       str(data_dir / "signing" / "organisation-signing-certificate.pem"), data_dir=elsewhere)
    assert trusted.returncode == 0, trusted.stdout


def test_a_report_signed_by_another_key_is_not_trusted(reports, tmp_path):
    data_dir, first, _, _ = reports
    impostor_dir = tmp_path / "impostor"
    shutil.copytree(data_dir, impostor_dir)
    shutil.rmtree(impostor_dir / "signing")  # a copy of the data, but a key of its own
    forged = tmp_path / "forged.pdf"
    assert gcp_desk("report", first["id"], "-o", str(forged), data_dir=impostor_dir,
                    as_=PRACTITIONER).returncode == 0
    result = gcp_desk("verify", str(forged), data_dir=data_dir)
    assert result.returncode == 1
    assert "Signature intact, signer not trusted: the file was signed by" in result.stdout


def test_an_incremental_update_after_signing_fails(reports, tmp_path):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    data_dir, _, report, _ = reports
    writer = IncrementalPdfFileWriter(io.BytesIO(report.read_bytes()))
    writer.root["/Lang"] = generic.TextStringObject("en-GB")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    updated = tmp_path / "updated.pdf"
    updated.write_bytes(out.getvalue())
    result = gcp_desk("verify", str(updated), data_dir=data_dir)
    assert result.returncode == 1 and "does not cover the whole file" in result.stdout
