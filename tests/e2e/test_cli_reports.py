"""``gcp-desk report`` and ``gcp-desk verify`` on the demo caseload, as a practitioner preparing for a conference and
a conference chair checking a report months later would run them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli_runner import gcp_desk

PRACTITIONER = "Sam Whitfield"
"""A Northgate practitioner: the demo gives each team assessments in every state."""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A data folder with the demo caseload, and its assessments as ``list assessments --json`` gives them."""
    data_dir = tmp_path_factory.mktemp("demo")
    made = gcp_desk("demo", data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    listed = gcp_desk("list", "assessments", "--json", data_dir=data_dir, as_=PRACTITIONER)
    assert listed.returncode == 0, listed.stderr
    return data_dir, json.loads(listed.stdout)


def one(assessments: list[dict], status: str) -> dict:
    return next(a for a in reversed(assessments) if a["status"] == status)


def pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages]


def test_a_countersigned_report_is_signed_and_verifies(demo, tmp_path):
    data_dir, assessments = demo
    countersigned = one(assessments, "countersigned")
    target = tmp_path / "report.pdf"
    result = gcp_desk("report", countersigned["id"], "-o", str(target), data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout and "digitally signed" in result.stdout
    text = pages(target)
    assert len(text) > 1 and all("OFFICIAL-SENSITIVE" in page for page in text)
    assert countersigned["child"] in text[0]
    assert not list(tmp_path.glob("*.part")), "nothing half-written is left beside the report"

    checked = gcp_desk("verify", str(target), data_dir=data_dir, as_=PRACTITIONER)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    valid = [line for line in checked.stdout.splitlines() if line.startswith("Valid: ")]
    assert len(valid) >= 3 and any("hash" in line and "database" in line for line in valid)


def test_one_changed_byte_fails_verification_and_says_so(demo, tmp_path):
    data_dir, assessments = demo
    target = tmp_path / "report.pdf"
    assert gcp_desk("report", one(assessments, "countersigned")["id"], "-o", str(target),
                    data_dir=data_dir, as_=PRACTITIONER).returncode == 0
    changed = bytearray(target.read_bytes())
    changed[len(changed) // 4] ^= 0x01
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(bytes(changed))
    result = gcp_desk("verify", str(copy), data_dir=data_dir)
    assert result.returncode == 1
    assert "NOT VALID" in result.stdout and "changed since it was signed" in result.stdout
    assert "Valid: " not in result.stdout


def test_a_report_checked_against_another_database_is_not_found_there(demo, tmp_path):
    data_dir, assessments = demo
    target = tmp_path / "report.pdf"
    assert gcp_desk("report", one(assessments, "countersigned")["id"], "-o", str(target),
                    data_dir=data_dir, as_=PRACTITIONER).returncode == 0
    elsewhere = tmp_path / "elsewhere"  # another laptop's own database, with its own first account
    assert gcp_desk("user", "add", "Lee Otherplace", "--role", "administrator", "--password-stdin", data_dir=elsewhere,
                    stdin="another laptop here 4\n").returncode == 0
    result = gcp_desk("verify", str(target), data_dir=elsewhere, as_=("Lee Otherplace", "another laptop here 4"))
    assert result.returncode == 1
    assert "not in this database" in result.stdout
    assert not (elsewhere / "signing").exists(), "checking a report never makes a signing key"


def test_verify_with_no_database_says_so_and_creates_nothing(demo, tmp_path):
    data_dir, assessments = demo
    target = tmp_path / "report.pdf"
    assert gcp_desk("report", one(assessments, "countersigned")["id"], "-o", str(target),
                    data_dir=data_dir, as_=PRACTITIONER).returncode == 0
    nowhere = tmp_path / "no-database-here"
    result = gcp_desk("verify", str(target), data_dir=nowhere)
    assert result.returncode == 2
    assert "There is no GCP Desk database in" in result.stderr
    assert not nowhere.exists()


def test_the_family_summary_is_one_page_in_plain_words(demo, tmp_path):
    data_dir, assessments = demo
    countersigned = one(assessments, "countersigned")
    target = tmp_path / "family.pdf"
    result = gcp_desk("report", "--family", countersigned["id"], "-o", str(target), data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 0, result.stderr
    assert "family summary" in result.stdout
    [text] = pages(target)
    given_name = countersigned["child"].split()[0]
    assert f"How things are for {given_name}" in text and "OFFICIAL-SENSITIVE" in text


def test_a_draft_report_says_draft_and_does_not_verify(demo, tmp_path):
    data_dir, assessments = demo
    draft = one(assessments, "draft")
    result = gcp_desk("report", draft["id"], data_dir=data_dir, as_=PRACTITIONER, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "DRAFT" in result.stdout
    [saved] = tmp_path.glob("*.pdf")
    assert saved.name.startswith(f"{draft['child']} neglect profile")
    assert "DRAFT" in pages(saved)[0]
    checked = gcp_desk("verify", str(saved), data_dir=data_dir)
    assert checked.returncode == 1 and "no digital signature" in checked.stdout


@pytest.mark.parametrize("argument, words", [
    ("not-an-id", "not an assessment id"),
    ("00000000-0000-4000-8000-000000000000", "00000000-0000-4000-8000-000000000000"),
])
def test_a_report_of_an_unknown_assessment_is_refused(demo, tmp_path, argument, words):
    data_dir, _ = demo
    result = gcp_desk("report", argument, "-o", str(tmp_path / "r.pdf"), data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 2
    assert words in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_a_report_into_a_missing_folder_is_refused_in_words(demo, tmp_path):
    data_dir, assessments = demo
    result = gcp_desk("report", one(assessments, "countersigned")["id"], "-o", str(tmp_path / "no" / "r.pdf"),
                      data_dir=data_dir, as_=PRACTITIONER)
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_verify_without_sign_in_checks_the_file_alone(demo, tmp_path):
    data_dir, assessments = demo
    target = tmp_path / "report.pdf"
    assert gcp_desk("report", one(assessments, "countersigned")["id"], "-o", str(target), data_dir=data_dir,
                    as_=PRACTITIONER).returncode == 0
    checked = gcp_desk("verify", str(target), data_dir=data_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "signature is intact" in checked.stdout and "not compared" in checked.stdout


def test_a_report_of_another_teams_child_is_refused(demo, tmp_path):
    data_dir, assessments = demo
    result = gcp_desk("report", one(assessments, "countersigned")["id"], "-o", str(tmp_path / "r.pdf"),
                      data_dir=data_dir, as_="Jo Macintyre")
    assert result.returncode == 2 and "another team" in result.stderr
    assert not (tmp_path / "r.pdf").exists()
