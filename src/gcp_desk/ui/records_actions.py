""""Records" on the tool bar: a menu of what moves records in and out. Export…, Analysis extract (CSV)… and
Import… for the people who work on cases; Subject access… and Records due for review… for administrators (the
services refuse anyone else too; the actions are only hidden so nobody is offered what fails); and Settings…, the
retention rule, beside the review it sets, which everyone may read and only an administrator changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from ..domain.enums import Role
from .tasks import TaskRunner

if TYPE_CHECKING:
    from .session import Session


class RecordsActions(QObject):
    imported = Signal()
    """Records were added: the caseload should be read again."""
    deleted = Signal()
    """A child's record was deleted under the retention rule: the caseload should be read again."""

    def __init__(self, bar: QToolBar, window: QWidget, runner: TaskRunner, *, session: Callable[[], Session | None],
                 open_record: Callable[[], Any | None] = lambda: None):
        """``open_record``: the child record on screen (a ChildRecord), or ``None``; export offers it first."""
        super().__init__(window)
        self._window, self._runner, self._session, self._open_record = window, runner, session, open_record
        self.menu = QMenu("Records", window)
        self.button = QToolButton(window)
        self.button.setText("Recor&ds")
        self.button.setToolTip("Export, analysis extract and import; subject access and retention for "
                               "administrators")
        self.button.setAccessibleName("Records")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMenu(self.menu)
        self.button_action = bar.addWidget(self.button)
        self.export_action = self._add("E&xport…", "Write the records you choose to a file, encrypted, for "
                                       "another copy of GCP Desk or a case management system", self.open_export)
        self.extract_action = self._add("&Analysis extract (CSV)…", "One row per assessment and domain for a "
                                        "spreadsheet, without names", self.open_extract)
        self.import_action = self._add("I&mport…", "Check a file of records whole and add it to your team's "
                                       "records, all or nothing", self.open_import)
        self.menu.addSeparator()
        self.subject_access_action = self._add(
            "&Subject access…", "Everything held about one child, as a PDF and a bundle, with the third parties "
            "to review before release (administrators)", self.open_subject_access)
        self.retention_action = self._add(
            "Records due for &review…", "Children's records due for review under the retention rule: keep or "
            "delete (administrators)", self.open_retention)
        self.menu.addSeparator()
        self.settings_action = self._add(
            "Se&ttings…", "The retention rule: when a child's record comes up for review (changed by "
            "administrators)", self.open_settings)
        self.dialog: QWidget | None = None

    def _add(self, text: str, tip: str, then: Callable[[], None]) -> QAction:
        action = QAction(text, self._window)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(then)
        self.menu.addAction(action)
        return action

    def show_for(self, user: Any | None, *, enabled: bool) -> None:
        works_on_cases = user is not None and user.works_on_cases
        administrator = user is not None and user.has_role(Role.ADMINISTRATOR)
        for action in (self.export_action, self.extract_action, self.import_action):
            action.setVisible(works_on_cases)
            action.setEnabled(enabled)
        for action in (self.subject_access_action, self.retention_action):
            action.setVisible(administrator)
            action.setEnabled(enabled)
        self.settings_action.setVisible(user is not None)
        self.settings_action.setEnabled(enabled)
        self.button_action.setVisible(works_on_cases or administrator)
        self.button.setEnabled(enabled)

    def open_export(self) -> None:
        from .dialogs.export_dialog import ExportDialog

        self._open(ExportDialog, self.export_action, record=self._open_record())

    def open_extract(self) -> None:
        from .dialogs.extract_dialog import ExtractDialog

        self._open(ExtractDialog, self.extract_action, record=self._open_record())

    def open_import(self) -> None:
        from .dialogs.import_dialog import ImportDialog

        dialog = self._open(ImportDialog, self.import_action)
        if dialog is not None:
            dialog.imported.connect(self.imported)

    def open_subject_access(self) -> None:
        from .dialogs.subject_access_dialog import SubjectAccessDialog

        self._open(SubjectAccessDialog, self.subject_access_action, administrators=True)

    def open_retention(self) -> None:
        from .dialogs.retention_dialog import RetentionDialog

        dialog = self._open(RetentionDialog, self.retention_action, administrators=True)
        if dialog is not None:
            dialog.deleted.connect(self.deleted)

    def open_settings(self) -> None:
        session = self._session()
        if session is None or not self.settings_action.isEnabled():
            return
        from ..services.settings_service import may_change_settings
        from .dialogs.settings_dialog import SettingsDialog

        self.dialog = SettingsDialog(session.backend.settings_editor(session.user), self._runner, self._window,
                                     may_change=may_change_settings(session.user))
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.open()

    def _open(self, dialog_class, action: QAction, *, administrators: bool = False, **options):
        session = self._session()
        if session is None or not action.isEnabled():
            return None
        allowed = session.user.has_role(Role.ADMINISTRATOR) if administrators else session.user.works_on_cases
        if not allowed:
            return None
        self.dialog = dialog_class(session, self._runner, self._window, **options)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.open()
        return self.dialog
