""""Export…" and "Import…" on the tool bar, for the people who work on cases (the services refuse anyone else
too; the actions are only hidden so nobody is offered what fails)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget

from .tasks import TaskRunner

if TYPE_CHECKING:
    from .session import Session


class RecordsActions(QObject):
    imported = Signal()
    """Records were added: the caseload should be read again."""

    def __init__(self, bar: QToolBar, window: QWidget, runner: TaskRunner, *, session: Callable[[], Session | None]):
        super().__init__(window)
        self._window, self._runner, self._session = window, runner, session
        self.export_action = self._add(bar, "E&xport…", "Write the records you may see to a file, encrypted, for "
                                       "another copy of GCP Desk or a case management system", self.open_export)
        self.import_action = self._add(bar, "I&mport…", "Check a file of records whole and add it to your team's "
                                       "records, all or nothing", self.open_import)
        self.dialog: QWidget | None = None

    def _add(self, bar: QToolBar, text: str, tip: str, then: Callable[[], None]) -> QAction:
        action = QAction(text, self._window)
        action.setToolTip(tip)
        action.triggered.connect(then)
        bar.addAction(action)
        bar.widgetForAction(action).setAccessibleName(text.replace("&", ""))
        return action

    def show_for(self, user: Any | None, *, enabled: bool) -> None:
        works_on_cases = user is not None and user.works_on_cases
        for action in (self.export_action, self.import_action):
            action.setVisible(works_on_cases)
            action.setEnabled(enabled)

    def open_export(self) -> None:
        from .dialogs.export_dialog import ExportDialog

        self._open(ExportDialog, self.export_action)

    def open_import(self) -> None:
        from .dialogs.import_dialog import ImportDialog

        dialog = self._open(ImportDialog, self.import_action)
        if dialog is not None:
            dialog.imported.connect(self.imported)

    def _open(self, dialog_class, action: QAction):
        session = self._session()
        if session is None or not session.user.works_on_cases or not action.isEnabled():
            return None
        self.dialog = dialog_class(session, self._runner, self._window)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.open()
        return self.dialog
