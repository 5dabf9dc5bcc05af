"""Open a report in the print preview: the PDF is made on the task runner, then shown.

    preview = ReportPreview(runner, lambda: session.backend.reports(session.user), parent=window)
    preview.problem.connect(message_bar.show_error)
    preview.open(assessment_id, family=False)     # the full report; family=True: the one-page family summary

``reports_getter`` is called on the worker, so a session whose backend is still opening is asked only when the
report is made. Whatever goes wrong (not allowed, not found, an unreadable file) comes out of ``problem``.

With ``server_signing`` (a ``ServerSigning``) and ``offer`` (called on the worker with the assessment's id: the
signer's name when the team server can sign its report, else ``None``), the full report's preview offers "Sign on
the team server…"; the signed report then replaces the preview.

``build_ahead(assessment_id)``, when a practitioner chooses an assessment, has the worker start on its full report
once the choice has rested a moment, so that "Print report…" finds it made (or under way). Nothing is recorded
then: the print is audited when it is asked for, and the report given is the one the record as read at the click
would make (else it is built again).

Reports are built and signed in the report worker (``reports.worker.ReportWorker``), a separate process that
``warm_up`` starts after sign-in, so that the app holds none of the report libraries. If the worker stops, the
request says so in ``problem`` and the next one starts another. With a synchronous runner (tests) they are built in
this process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ..reports.worker import ReportWorker
from .dialogs.print_preview import PrintPreviewDialog
from .tasks import TaskRunner


AHEAD_AFTER_MS = 150
"""How long a chosen assessment stays chosen before its report is built ahead: moving through a list with the arrow
keys (a step every 30-50 ms held down) builds nothing."""
RELEASE_AFTER_MS = 1000
"""Memory a report left is given back this long after its preview shows, not while its first page is drawn."""


class Reports(Protocol):
    """The part of ``ReportService`` the preview uses."""

    def assessment_report(self, assessment_id: UUID, *, builder: Any = None) -> bytes: ...

    def family_summary(self, assessment_id: UUID, *, builder: Any = None) -> bytes: ...

    def default_file_name(self, assessment_id: UUID, *, family: bool = False) -> str: ...

    def build_ahead(self, assessment_id: UUID, builder: Any) -> None: ...


class ReportPreview(QObject):
    problem = Signal(object)
    """An exception to show in words (``MessageBar.show_error`` takes it as it is)."""
    opened = Signal(object)
    """The ``PrintPreviewDialog`` just shown."""
    busy_changed = Signal(bool)
    """True while a report is being made: a second request is ignored until it is shown."""

    def __init__(self, runner: TaskRunner, reports_getter: Callable[[], Reports], parent: QWidget | None = None, *,
                 server_signing: Any = None, offer: Callable[[UUID], str | None] | None = None):
        super().__init__(parent)
        self._runner = runner
        self._reports_getter = reports_getter
        self._window = parent
        self._busy = False
        self.dialog: PrintPreviewDialog | None = None
        self.server_button: QPushButton | None = None
        self._server_signing, self._offer = server_signing, offer
        self.worker: ReportWorker | None = None if runner.synchronous else ReportWorker()
        self._ahead: UUID | None = None
        self._ahead_timer = QTimer(self, singleShot=True, interval=AHEAD_AFTER_MS)
        self._ahead_timer.timeout.connect(self._send_ahead)
        if server_signing is not None:
            server_signing.signed.connect(self._signed_on_server)
            server_signing.failed.connect(self._not_signed_on_server)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def open(self, assessment_id: UUID, family: bool = False) -> None:
        if self._busy:
            return
        self._ahead_timer.stop()  # asked for now: built by this request, or found built ahead

        def make() -> tuple[bytes, str, str | None]:
            reports, builder = self._reports_getter(), self.worker
            pdf = (reports.family_summary(assessment_id, builder=builder) if family
                   else reports.assessment_report(assessment_id, builder=builder))
            offered = None
            if not family and self._offer is not None and self._server_signing is not None:
                offered = self._offer(assessment_id)
            return pdf, reports.default_file_name(assessment_id, family=family), offered

        self._set_busy(True)
        self._runner.run(make, lambda made: self._show(made[0], made[1], made[2], assessment_id), self._failed)

    def build_ahead(self, assessment_id: UUID | None) -> None:
        """The assessment a practitioner has chosen (``None``: none): its full report is built ahead, in the report
        worker, once the choice has rested ``AHEAD_AFTER_MS``."""
        self._ahead = assessment_id
        if self.worker is None or assessment_id is None:
            self._ahead_timer.stop()
            return
        self._ahead_timer.start()

    def _send_ahead(self) -> None:
        assessment_id, worker = self._ahead, self.worker
        if assessment_id is None or worker is None or self._busy:
            return

        def ahead() -> None:
            self._reports_getter().build_ahead(assessment_id, worker)

        # a read, then a request sent without waiting; a failure is met again, in words, at the click
        self._runner.run(ahead, None, lambda _error: None, background=True)

    def _show(self, pdf: bytes, file_name: str, offered: str | None = None, assessment_id: UUID | None = None
              ) -> None:
        self._set_busy(False)
        title = f"Print preview: {file_name.removesuffix('.pdf')}"
        try:
            dialog = PrintPreviewDialog(self._window, pdf, title=title, default_file_name=file_name)
        except Exception as error:  # noqa: BLE001 - an unreadable PDF is said in words, like any other failure
            self.problem.emit(error)
            return
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = dialog
        self.server_button = None
        if offered is not None and assessment_id is not None:
            from .server_signing import OFFER, OFFER_TIP

            button = QPushButton(OFFER)
            button.setToolTip(OFFER_TIP)
            button.clicked.connect(lambda: self._server_signing.start(assessment_id, offered, dialog))
            dialog.add_tool(button)
            self.server_button = button
        dialog.open()  # window-modal: the record behind stays as it was while the report is looked at
        self.opened.emit(dialog)
        from .warm_up import release_memory

        # on the worker, once the first page is on screen (collecting meanwhile would hold up its drawing)
        QTimer.singleShot(RELEASE_AFTER_MS, self, lambda: self._runner.run(release_memory))

    def signed_out(self) -> None:
        """Nobody is signed in: the report worker ends, and with it the signing key it opened."""
        self.build_ahead(None)
        if self.worker is not None:
            self.worker.stop()

    def close(self) -> None:
        """The window is closing: the report worker ends for good."""
        if self.worker is not None:
            self.worker.close()

    def _signed_on_server(self, pdf: bytes, file_name: str) -> None:
        from .server_signing import SIGNED

        self._show(pdf, file_name)
        if self.dialog is not None:
            self.dialog.message.show_info(SIGNED)

    def _not_signed_on_server(self, error: Any) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.message.show_error(error)
        else:
            self.problem.emit(error)

    def _failed(self, error: Any) -> None:
        self._set_busy(False)
        self.problem.emit(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)
