"""Open a report in the print preview: the PDF is made on the task runner, then shown.

    preview = ReportPreview(runner, lambda: session.backend.reports(session.user), parent=window)
    preview.problem.connect(message_bar.show_error)
    preview.open(assessment_id, family=False)     # the full report; family=True: the one-page family summary

``reports_getter`` is called on the worker, so a session whose backend is still opening is asked only when the
report is made. Whatever goes wrong (not allowed, not found, an unreadable file) comes out of ``problem``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from .dialogs.print_preview import PrintPreviewDialog
from .tasks import TaskRunner


class Reports(Protocol):
    """The part of ``ReportService`` the preview uses."""

    def assessment_report(self, assessment_id: UUID) -> bytes: ...

    def family_summary(self, assessment_id: UUID) -> bytes: ...

    def default_file_name(self, assessment_id: UUID, *, family: bool = False) -> str: ...


class ReportPreview(QObject):
    problem = Signal(object)
    """An exception to show in words (``MessageBar.show_error`` takes it as it is)."""
    opened = Signal(object)
    """The ``PrintPreviewDialog`` just shown."""
    busy_changed = Signal(bool)
    """True while a report is being made: a second request is ignored until it is shown."""

    def __init__(self, runner: TaskRunner, reports_getter: Callable[[], Reports], parent: QWidget | None = None):
        super().__init__(parent)
        self._runner = runner
        self._reports_getter = reports_getter
        self._window = parent
        self._busy = False
        self.dialog: PrintPreviewDialog | None = None

    @property
    def is_busy(self) -> bool:
        return self._busy

    def open(self, assessment_id: UUID, family: bool = False) -> None:
        if self._busy:
            return

        def make() -> tuple[bytes, str]:
            reports = self._reports_getter()
            pdf = reports.family_summary(assessment_id) if family else reports.assessment_report(assessment_id)
            return pdf, reports.default_file_name(assessment_id, family=family)

        self._set_busy(True)
        self._runner.run(make, lambda made: self._show(*made), self._failed)

    def _show(self, pdf: bytes, file_name: str) -> None:
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
        dialog.open()  # window-modal: the record behind stays as it was while the report is looked at
        self.opened.emit(dialog)
        from .warm_up import release_memory

        self._runner.run(release_memory)  # on the worker, once the page is on screen

    def _failed(self, error: Any) -> None:
        self._set_busy(False)
        self.problem.emit(error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)
