"""Reports from the database: what they print, that a countersigned one is signed, and that verify catches any
change to the file or to the record."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from gcp_desk.domain.enums import Role
from gcp_desk.domain.people import Team
from gcp_desk.reports.sections.sign_off import SIGNATURES, SUPERVISION

from conftest_services import PASSWORD
from test_review_service import child_of, submitted_by

SECTIONS = ["Neglect profile assessment", "Household and significant adults", "Visits and how the child was seen",
            "Profile of care", "Evidence by domain", "The child's voice and lived experience",
            "Parents' and carers' views", "Strengths", "Analysis", "The plan", SUPERVISION, SIGNATURES]


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def people(backend, add_user):
    team = Team(name="Northgate team")
    with backend.db.transaction() as uow:
        uow.users.add_team(team)
    return add_user("Ben Carter", Role.PRACTITIONER, team.id), add_user("Grace Mensah", Role.SUPERVISOR, team.id)


@pytest.fixture
def countersigned(people):
    worker, boss = people
    assessment = submitted_by(worker, child_of(worker))
    boss.review.comment(assessment.id, "physical", "Well evidenced.")
    return boss.review.countersign(assessment.id, PASSWORD)


def test_a_countersigned_report_holds_every_section_the_signatures_and_the_hash(people, countersigned):
    worker, _ = people
    pdf = worker.reports.assessment_report(countersigned.id)
    words = pdf_text(pdf)

    for section in SECTIONS:
        assert section in words, section
    assert "Robin Testcase" in words and "Ben Carter" in words and "Grace Mensah" in words
    assert "Well evidenced." in words
    countersignature = worker.review.history(countersigned.id).signatures[-1]
    assert countersignature.content_hash in words.replace(" ", "")
    assert "OFFICIAL-SENSITIVE" in words and "DRAFT" not in words
    assert b"/ByteRange" in pdf  # PAdES signature present


def test_a_signed_report_verifies_and_any_changed_byte_fails(people, countersigned):
    worker, _ = people
    pdf = worker.reports.assessment_report(countersigned.id)

    result = worker.reports.verify(pdf)
    assert result.ok, result.problems
    assert result.hash_checked and result.certificate_checked

    tampered = bytearray(pdf)
    position = pdf.index(b"/Producer") if b"/Producer" in pdf else len(pdf) // 3
    tampered[position + 2] ^= 0x01
    broken = worker.reports.verify(bytes(tampered))
    assert not broken.ok
    assert any("changed" in problem or "signature" in problem.lower() for problem in broken.problems)


def test_verify_names_a_record_changed_in_the_database_after_countersigning(people, countersigned, backend):
    worker, _ = people
    pdf = worker.reports.assessment_report(countersigned.id)
    with backend.db.transaction() as uow:  # someone edits the database file behind the app's back
        uow.session.execute(text("UPDATE assessments SET analysis = 'Quietly rewritten.' WHERE id = :id"),
                            {"id": str(countersigned.id) if backend.db.engine.dialect.name == "postgresql"
                             else countersigned.id.hex})
    result = worker.reports.verify(pdf)
    assert not result.ok
    assert any("no longer matches what the supervisor countersigned" in p for p in result.problems)


def test_a_draft_report_is_watermarked_unsigned_and_does_not_verify(people):
    worker, _ = people
    child = child_of(worker)
    draft = worker.assessments.start(child.id)
    pdf = worker.reports.assessment_report(draft.id)

    assert "DRAFT" in pdf_text(pdf)
    assert b"/ByteRange" not in pdf
    result = worker.reports.verify(pdf)
    assert not result.ok
    assert any("not been countersigned" in p for p in result.problems)


def test_the_family_summary_is_one_page_in_plain_words(people, countersigned):
    worker, _ = people
    pdf = worker.reports.family_summary(countersigned.id)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "Robin" in pdf_text(pdf)


def test_a_report_checked_against_another_database_says_the_record_is_not_there(people, countersigned, tmp_path):
    from gcp_desk.app import open_backend
    from gcp_desk.paths import AppPaths

    worker, _ = people
    pdf = worker.reports.assessment_report(countersigned.id)
    other = open_backend(AppPaths.at(tmp_path / "another-laptop"))
    try:
        someone = other.users().create("Lee Otherplace", password="another laptop here 4")
        result = other.reports(someone).verify(pdf)
    finally:
        other.close()
    assert f"Assessment {countersigned.id} is not in this database" in result.problems[0]
    assert not result.ok


class AheadBuilder:
    """A report worker that builds in this process and records what it was asked ahead."""

    def __init__(self):
        from gcp_desk.reports.building import LOCAL

        self.ahead: list = []
        self._local = LOCAL

    def build_ahead(self, data, key, *, reason="", location=""):
        self.ahead.append((data, key, reason, location))

    def assessment_report(self, data, key, *, reason="", location=""):
        return self._local.assessment_report(data, key, reason=reason, location=location)


def test_a_report_built_ahead_records_no_print_and_the_report_asked_for_records_one(people, countersigned, backend):
    worker, _ = people
    builder = AheadBuilder()

    def prints() -> int:
        with backend.db.transaction() as uow:
            return len(uow.audit.events_of(("report.print",)))

    worker.reports.build_ahead(countersigned.id, builder)
    [(data, key, reason, _location)] = builder.ahead
    assert prints() == 0  # nothing has left the database yet
    assert data.assessment.id == countersigned.id and data.is_final and key is not None
    assert reason == "Countersigned neglect profile of Robin Testcase"
    worker.reports.assessment_report(countersigned.id, builder=builder)
    assert prints() == 1


def test_a_report_changed_after_signing_is_not_built_ahead(people, countersigned, backend):
    worker, _ = people
    with backend.db.transaction() as uow:  # changed behind the app's back, as verify's test does
        uow.session.execute(text("UPDATE assessments SET analysis = 'Changed after signing.' WHERE id = :id"),
                            {"id": str(countersigned.id) if backend.db.engine.dialect.name == "postgresql"
                             else countersigned.id.hex})
    builder = AheadBuilder()
    worker.reports.build_ahead(countersigned.id, builder)
    assert builder.ahead == []  # the click says why, in words
