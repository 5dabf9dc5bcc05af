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


def a_linked_supervisors_laptop(team_server, tmp_path):
    """A demo laptop linked to the server, with Dee Okafor (a supervisor) and one of her team's countersigned
    assessments put on the server as sync would; the laptop and the assessment's id."""
    import sys
    from pathlib import Path
    from uuid import UUID

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
    from cli_runner import gcp_desk, open_unlocked
    from gcp_desk.server.logins import create_login
    from server_support import PASSWORD
    from test_laptop_link import address

    laptop = tmp_path / "laptop"
    assert gcp_desk("demo", "--quiet", data_dir=laptop).returncode == 0
    backend = open_unlocked(laptop, "Dee Okafor")
    try:
        dee = next(user for user in backend.users().accounts() if user.name == "Dee Okafor")
        with backend.db.transaction() as uow:
            team = uow.users.team(dee.team_id)
        with backend.db.engine.connect() as local:
            chosen_id, child_id = local.execute(text(
                "SELECT a.id, a.child_id FROM assessments a JOIN children c ON c.id = a.child_id "
                "WHERE c.team_id = :team AND a.status = 'countersigned' LIMIT 1"), {"team": team.id.hex}).one()
        chosen_id, child_id = UUID(chosen_id), UUID(child_id)
    finally:
        backend.close()
    login = "dee.okafor"  # the default login for her name, as an administrator makes it
    with team_server.administrator.connection() as admin:
        admin.execute(text("INSERT INTO teams (id, name, created_at) VALUES (:id, :name, now())"),
                      {"id": team.id, "name": team.name})
        admin.execute(text("INSERT INTO users (id, name, role, roles, created_at, team_id, password_must_change) "
                           "VALUES (:id, :name, 'supervisor', 'supervisor', now(), :team, false)"),
                      {"id": dee.id, "name": dee.name, "team": team.id})
        create_login(admin, login, PASSWORD, dee.id)
    with connect(team_server.url) as su:
        su.execute(text(
            "INSERT INTO children (id, given_name, family_name, date_of_birth, sex, ethnicity, identifiers,"
            " identifier_text, search_text, plan_type, team_id, created_at, updated_at) VALUES (:id, 'Invented',"
            " 'Child', '2019-03-01', 'female', '', '[]', '', '', 'child-in-need', :team, now(), now())"),
            {"id": child_id, "team": team.id})
        su.execute(text(
            "INSERT INTO assessments (id, child_id, instrument_id, instrument_version, instrument_hash, status,"
            " visits, how_seen, context, adults, action_reviews, child_voice, carers_views, strengths, analysis,"
            " created_at, updated_at, amendment_reason, concern_domains) VALUES (:id, :child, 'x', '1', 'x',"
            " 'countersigned', '[]', '{}', '[]', '[]', '[]', '', '', '', '', now(), now(), '', '')"),
            {"id": chosen_id, "child": child_id})
    assert gcp_desk("server", "link", address(team_server), data_dir=laptop).returncode == 0
    return laptop, chosen_id


def test_a_supervisor_saves_a_report_signed_on_the_server_and_it_verifies(team_server, tmp_path):
    """The whole path: a linked laptop's countersigned assessment (here the demo's, put on the server as sync
    would), ``report --sign-on-server`` waiting while the owner's job signs, then ``verify`` with the record."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
    from cli_runner import DEMO_PASSWORDS, gcp_desk
    from server_support import PASSWORD

    laptop, chosen_id = a_linked_supervisors_laptop(team_server, tmp_path)

    report = tmp_path / "signed-on-server.pdf"
    command = [sys.executable, "-m", "gcp_desk", "--data-dir", str(laptop), "report", str(chosen_id), "-o",
               str(report), "--sign-on-server", "--as", "Dee Okafor", "--password-stdin"]
    running = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    running.stdin.write(f"{DEMO_PASSWORDS['Dee Okafor']}\n{PASSWORD}\n")
    running.stdin.close()
    signed, deadline = 0, time.monotonic() + 60
    while not signed and time.monotonic() < deadline and running.poll() is None:
        with connect(team_server.url, autocommit=False) as owner:
            owner.exec_driver_sql(f'SET ROLE "{team_server.owner_role}"')
            signed = sign_requests(owner)
        time.sleep(0.3)
    running.wait(timeout=60)
    out, err = running.stdout.read(), running.stderr.read()
    assert running.returncode == 0, out + err
    assert signed == 1

    kept = Path(__file__).resolve().parents[2] / "test-artefacts" / "reports"
    kept.mkdir(parents=True, exist_ok=True)
    (kept / "report-signed-on-server.pdf").write_bytes(report.read_bytes())  # to look at
    checked = gcp_desk("verify", str(report), data_dir=laptop, as_="Dee Okafor")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Testbury Council" in checked.stdout
    assert any("hash" in line and "database" in line for line in checked.stdout.splitlines()
               if line.startswith("Valid: "))


def test_the_app_has_a_report_signed_on_the_server_waits_and_says_when_the_job_does_not_answer(team_server, tmp_path):
    """``report_signed_on_server``, as the app's print preview calls it: signed while the owner's job runs, refused
    in words when it does not answer in time (the request stays), and stopped at once when the person stops."""
    import sys
    import threading
    import time

    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
    from cli_runner import DEMO_PASSWORDS, open_unlocked
    from gcp_desk.reports.verify import verify_pdf
    from gcp_desk.server.report_on_server import may_sign_on_server, report_signed_on_server
    from gcp_desk.server.signing import NotSignedYet, SigningCancelled
    from server_support import PASSWORD

    laptop, chosen_id = a_linked_supervisors_laptop(team_server, tmp_path)
    backend = open_unlocked(laptop, "Dee Okafor", DEMO_PASSWORDS["Dee Okafor"])
    try:
        dee = next(user for user in backend.users().accounts() if user.name == "Dee Okafor")
        assert may_sign_on_server(backend, dee, chosen_id)

        started = time.monotonic()
        with pytest.raises(NotSignedYet, match="has not signed the report within 2 seconds"):
            report_signed_on_server(backend, dee, chosen_id, PASSWORD, wait_seconds=2)
        assert time.monotonic() - started < 20
        with connect(team_server.url) as su:
            assert su.execute(text("SELECT count(*) FROM server_signing_requests WHERE signature IS NULL")
                              ).scalar_one() == 1, "the request stays on the server"

        stop = threading.Event()
        threading.Timer(0.5, stop.set).start()
        with pytest.raises(SigningCancelled, match="stopped waiting"):
            report_signed_on_server(backend, dee, chosen_id, PASSWORD, wait_seconds=60, cancelled=stop.is_set)

        def owners_job() -> None:
            for _ in range(100):
                with connect(team_server.url, autocommit=False) as owner:
                    owner.exec_driver_sql(f'SET ROLE "{team_server.owner_role}"')
                    sign_requests(owner)
                if done.is_set():
                    return
                time.sleep(0.3)

        done = threading.Event()
        job = threading.Thread(target=owners_job, daemon=True)
        job.start()
        try:
            pdf, file_name = report_signed_on_server(backend, dee, chosen_id, PASSWORD, wait_seconds=30)
        finally:
            done.set()
            job.join(10)
        assert file_name.endswith(".pdf")
        with connect(team_server.url) as su:
            certificate = su.execute(text("SELECT certificate_pem FROM server_certificate")).scalar_one()
        result = verify_pdf(pdf, expected_hash=None, trust_self_signed_cert=certificate.encode())
        assert result.ok, result.problems
        assert result.signer_name.startswith("Testbury Council")
    finally:
        backend.close()
