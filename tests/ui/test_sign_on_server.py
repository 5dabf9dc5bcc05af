"""Signing a countersigned report on the team server from the print preview: offered to a supervisor on a linked
laptop, the server password asked, the wait shown with a way to stop it, and an owner's job that does not answer
said in words. The team server is stood in for at the service boundary (``report_signed_on_server``), which
tests/server/test_server_signing.py runs against the real server."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from report_builders import sample_report_data  # noqa: E402

from gcp_desk.domain.enums import AssessmentStatus, Role  # noqa: E402
from gcp_desk.server.signing import NOT_SIGNED_YET, NotSignedYet, SigningCancelled  # noqa: E402
from gcp_desk.ui.report_preview import ReportPreview  # noqa: E402
from gcp_desk.ui.server_signing import OFFER, SIGNED, STOPPING, WAITING, ServerSigning  # noqa: E402
from gcp_desk.ui.tasks import TaskRunner  # noqa: E402

FILE_NAME = "Maisie Ashworth neglect profile 2026-03-16.pdf"


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    from gcp_desk.reports.assessment_report import build_assessment_report

    return build_assessment_report(sample_report_data(status=AssessmentStatus.COUNTERSIGNED))


@pytest.fixture(scope="module")
def signed_pdf() -> bytes:
    from gcp_desk.reports.assessment_report import build_assessment_report

    return build_assessment_report(sample_report_data(status=AssessmentStatus.COUNTERSIGNED)) + b"\n%signed\n"


class FakeReports:
    def __init__(self, pdf: bytes):
        self.pdf = pdf

    def assessment_report(self, assessment_id, *, builder=None):
        return self.pdf

    def family_summary(self, assessment_id, *, builder=None):
        return self.pdf

    def default_file_name(self, assessment_id, *, family=False):
        return FILE_NAME


class TeamServerStandIn:
    """``report_signed_on_server`` as the UI calls it: holds until told how the server answered."""

    def __init__(self, signed_pdf: bytes):
        self.signed_pdf = signed_pdf
        self.answer = threading.Event()
        self.outcome: Exception | None = None
        self.asked: list[tuple] = []
        self.started = threading.Event()

    def __call__(self, assessment_id, password, cancelled):
        self.asked.append((assessment_id, password))
        self.started.set()
        while not self.answer.wait(0.05):
            if cancelled():
                raise SigningCancelled("You stopped waiting for the team server's signature. Your request stays on "
                                       "the server; the report was not saved.")
        if self.outcome is not None:
            raise self.outcome
        return self.signed_pdf, FILE_NAME


@pytest.fixture
def server(signed_pdf):
    stand_in = TeamServerStandIn(signed_pdf)
    yield stand_in
    stand_in.answer.set()


def preview_with_offer(qtbot, runner, report_pdf, server, offered="Sol North", *, replaced=False):
    signing = ServerSigning(server, runner=TaskRunner())
    controller = ReportPreview(runner, lambda: FakeReports(report_pdf), server_signing=signing,
                               offer=lambda assessment_id: offered)
    assessment_id = uuid4()
    with qtbot.waitSignal(controller.opened) as opened:
        controller.open(assessment_id)
    dialog = opened.args[0]
    if not replaced:  # a preview replaced by the signed report is deleted by the controller itself
        qtbot.addWidget(dialog)
    return controller, signing, dialog, assessment_id


def give_password(qtbot, signing, password="server password"):
    qtbot.waitUntil(lambda: signing.password_dialog is not None and signing.password_dialog.isVisible())
    dialog = signing.password_dialog
    assert "organisation's key" in dialog.meaning.text()
    dialog.field.setText(password)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)


def test_the_offer_is_made_only_when_the_server_can_sign(qtbot, runner, report_pdf, server):
    controller, _signing, dialog, _id = preview_with_offer(qtbot, runner, report_pdf, server)
    assert controller.server_button is not None and controller.server_button.text() == OFFER
    assert controller.server_button.isVisible()

    not_offered, _signing, plain, _id = preview_with_offer(qtbot, runner, report_pdf, server, offered=None)
    assert not_offered.server_button is None
    with qtbot.waitSignal(not_offered.opened):
        not_offered.open(uuid4(), family=True)
    assert not_offered.server_button is None, "the family summary is never signed"


def test_the_report_is_signed_on_the_server_while_the_wait_is_shown(qtbot, runner, report_pdf, signed_pdf, server,
                                                                      screenshot):
    controller, signing, dialog, assessment_id = preview_with_offer(qtbot, runner, report_pdf, server, replaced=True)
    dialog.resize(1000, 700)
    qtbot.mouseClick(controller.server_button, Qt.MouseButton.LeftButton)
    give_password(qtbot, signing)
    assert server.started.wait(5)
    qtbot.waitUntil(lambda: signing.progress is not None and signing.progress.isVisible())
    assert signing.progress.labelText() == WAITING
    assert server.asked == [(assessment_id, "server password")]
    qtbot.wait(100)
    screenshot(dialog, "sign-on-server-offered")
    signing.progress.grab().save(str(Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"
                                     / "sign-on-server-waiting.png"))

    with qtbot.waitSignal(controller.opened, timeout=5000) as opened:
        server.answer.set()
    signed_dialog = opened.args[0]
    qtbot.addWidget(signed_dialog)
    assert signed_dialog is not dialog and signed_dialog._pdf == signed_pdf
    assert signed_dialog.message.text == SIGNED
    assert signing.progress is None and not signing.is_busy
    screenshot(signed_dialog, "sign-on-server-signed")


def test_a_signing_job_that_does_not_answer_is_said_and_nothing_is_replaced(qtbot, runner, report_pdf, server,
                                                                             screenshot):
    controller, signing, dialog, _id = preview_with_offer(qtbot, runner, report_pdf, server)
    dialog.resize(1000, 700)
    server.outcome = NotSignedYet(NOT_SIGNED_YET.format(seconds=60))
    qtbot.mouseClick(controller.server_button, Qt.MouseButton.LeftButton)
    give_password(qtbot, signing)
    assert server.started.wait(5)
    server.answer.set()
    qtbot.waitUntil(lambda: "has not signed the report within 60 seconds" in dialog.message.text, timeout=5000)
    assert "Your request stays on the server" in dialog.message.text
    assert "sign-requests" in dialog.message.text
    assert controller.dialog is dialog and signing.progress is None
    screenshot(dialog, "sign-on-server-not-answered")


def test_stop_waiting_ends_the_wait_at_once(qtbot, runner, report_pdf, server):
    controller, signing, dialog, _id = preview_with_offer(qtbot, runner, report_pdf, server)
    qtbot.mouseClick(controller.server_button, Qt.MouseButton.LeftButton)
    give_password(qtbot, signing)
    qtbot.waitUntil(lambda: signing.progress is not None and signing.progress.isVisible())
    from PySide6.QtWidgets import QPushButton

    [stop] = signing.progress.findChildren(QPushButton)
    assert stop.text() == "Stop waiting"
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert signing.progress is None or signing.progress.labelText() == STOPPING
    qtbot.waitUntil(lambda: "You stopped waiting" in dialog.message.text, timeout=3000)
    assert not signing.is_busy and controller.dialog is dialog


def test_a_cancelled_password_asks_nothing_of_the_server(qtbot, runner, report_pdf, server):
    controller, signing, dialog, _id = preview_with_offer(qtbot, runner, report_pdf, server)
    qtbot.mouseClick(controller.server_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: signing.password_dialog is not None and signing.password_dialog.isVisible())
    signing.password_dialog.reject()
    qtbot.wait(50)
    assert server.asked == [] and signing.progress is None and signing.password_dialog is None


def test_it_is_offered_to_a_supervisor_on_a_linked_laptop_for_a_countersigned_assessment(demo_backend):
    from gcp_desk.server.report_on_server import may_sign_on_server

    people = demo_backend.users().accounts()
    supervisor = next(user for user in people if user.has_role(Role.SUPERVISOR))
    practitioner = next(user for user in people if not user.has_role(Role.SUPERVISOR)
                        and user.has_role(Role.PRACTITIONER))
    assessments = demo_backend.assessments(supervisor)
    by_status = {}
    for row in demo_backend.children(supervisor).caseload():
        for assessment in assessments.history(row.child_id):
            by_status.setdefault(assessment.status, assessment.id)
    countersigned = by_status[AssessmentStatus.COUNTERSIGNED]
    other = next(aid for status, aid in by_status.items() if status is not AssessmentStatus.COUNTERSIGNED)

    assert not may_sign_on_server(demo_backend, supervisor, countersigned), "not linked: never"
    demo_backend.settings.team_server = "postgresql://db.example.org/gcp_desk?sslrootcert=/x/org-ca.pem"
    assert may_sign_on_server(demo_backend, supervisor, countersigned)
    assert not may_sign_on_server(demo_backend, supervisor, other)
    assert not may_sign_on_server(demo_backend, practitioner, countersigned)


def test_the_windows_preview_offers_it_to_a_supervisor_on_a_linked_laptop(make_window, demo_paths, demo_backend,
                                                                            qtbot):
    from shell_support import demo_user

    from gcp_desk.ui.dialogs.print_preview import PrintPreviewDialog

    supervisor = demo_user(demo_backend, "Dee Okafor")
    countersigned = next(a for row in demo_backend.children(supervisor).caseload()
                         for a in demo_backend.assessments(supervisor).history(row.child_id)
                         if a.status is AssessmentStatus.COUNTERSIGNED)
    window = make_window(demo_paths, supervisor)
    preview = window.supervision.preview
    preview.open(countersigned.id)
    qtbot.waitUntil(lambda: isinstance(preview.dialog, PrintPreviewDialog), timeout=20_000)
    assert preview.server_button is None, "not linked: not offered"

    window.session.backend.settings.team_server = "postgresql://db.example.org/gcp_desk?sslrootcert=/x/org-ca.pem"
    first = preview.dialog
    preview.open(countersigned.id)
    qtbot.waitUntil(lambda: preview.dialog is not first, timeout=20_000)
    assert preview.server_button is not None and preview.server_button.text() == OFFER
