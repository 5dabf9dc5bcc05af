"""Countersigned reports signed on the team server with the organisation's key, which only the owner role can read:
who may ask (direct SQL as each person's own login), the owner's job, and the signed PDF verified."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server_support import connect

from gcp_desk.domain.errors import PermissionDenied
from gcp_desk.server.signing import finish, request_signature, sign_requests

DIGEST = "ab" * 32


def a_report() -> bytes:
    from reportlab.pdfgen import canvas

    page = io.BytesIO()
    drawing = canvas.Canvas(page)
    drawing.drawString(72, 720, "Invented report for a test")
    drawing.drawString(72, 700, "Verification hash (SHA-256): " + "cd" * 32)
    drawing.save()
    return page.getvalue()


def countersign(server, assessment) -> None:
    with connect(server.url) as su:
        su.execute(text("UPDATE assessments SET status = 'countersigned' WHERE id = :id"), {"id": assessment})


def ask(person, assessment) -> None:
    with person.connection() as connection:
        connection.execute(text("INSERT INTO server_signing_requests (assessment_id, digest, requested_by) "
                                "VALUES (:a, :d, :by)"), {"a": assessment, "d": DIGEST, "by": person.id})


def test_rls_only_a_supervisor_of_the_team_asks_for_a_countersigned_assessment(two_teams):
    t = two_teams
    north = t["assessments"][t["north_child"]]
    with pytest.raises(DBAPIError, match="row-level security"):
        ask(t["sol"], north)  # not countersigned yet
    countersign(t["server"], north)
    for someone in (t["nia"], t["sue"], t["pip"]):  # a practitioner, a supervisor of another team
        with pytest.raises(DBAPIError, match="row-level security"):
            ask(someone, north)
    ask(t["sol"], north)
    with t["nia"].connection() as nia:
        assert nia.execute(text("SELECT count(*) FROM server_signing_requests")).scalar_one() == 1
    with t["sue"].connection() as sue:
        assert sue.execute(text("SELECT count(*) FROM server_signing_requests")).scalar_one() == 0


def test_insert_only_nobody_but_the_owner_writes_a_signature_or_reads_the_key(two_teams):
    t = two_teams
    north = t["assessments"][t["north_child"]]
    countersign(t["server"], north)
    ask(t["sol"], north)
    for person in (t["sol"], t["server"].administrator):
        with person.connection() as connection:
            with pytest.raises(DBAPIError, match="permission denied"):
                connection.execute(text("UPDATE server_signing_requests SET signature = '\\x00'"))
            with pytest.raises(DBAPIError, match="permission denied"):
                connection.execute(text("SELECT pkcs12 FROM server_signing_key"))


def test_a_report_signed_on_the_server_verifies_against_the_organisation_certificate(two_teams):
    from gcp_desk.reports.verify import verify_pdf

    t = two_teams
    north = t["assessments"][t["north_child"]]
    with t["nia"].connection(autocommit=False) as nia:
        with pytest.raises(PermissionDenied, match="supervisor of the child's team"):
            request_signature(nia, north, a_report(), reason="Countersigned", location="Testbury")
    countersign(t["server"], north)
    with t["sol"].connection(autocommit=False) as sol:
        pending = request_signature(sol, north, a_report(), reason="Countersigned", location="Testbury")
        with connect(t["server"].url, autocommit=False) as owner:
            owner.exec_driver_sql(f'SET ROLE "{t["server"].owner_role}"')
            assert sign_requests(owner) == 1
            assert sign_requests(owner) == 0, "a request is signed once"
        signed = finish(sol, pending, wait_seconds=5)
        certificate = sol.execute(text("SELECT certificate_pem FROM server_certificate")).scalar_one()
    result = verify_pdf(signed, expected_hash=None, trust_self_signed_cert=certificate.encode())
    assert result.ok, result.problems
    assert result.certificate_checked and result.signer_name.startswith("Testbury Council")
    with connect(t["server"].url) as su:
        events = su.execute(text("SELECT count(*) FROM audit_events WHERE action = 'report.sign-on-server'"))
        assert events.scalar_one() == 1


def test_the_owners_job_signs_from_the_command_line(two_teams):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
    from cli_runner import gcp_desk

    t = two_teams
    north = t["assessments"][t["north_child"]]
    countersign(t["server"], north)
    ask(t["sol"], north)
    url = t["server"].url.render_as_string(hide_password=False).replace("postgresql+psycopg", "postgresql")
    done = gcp_desk("server", "sign-requests", url, "--no-owner-password")
    assert done.returncode == 0, done.stderr
    assert "1 report signed with the organisation's key" in done.stdout
    with connect(t["server"].url) as su:
        assert su.execute(text("SELECT count(*) FROM server_signing_requests WHERE signature IS NOT NULL")
                          ).scalar_one() == 1
