"""Export…: the records you may see (the open child, their household, or everything) as a bundle encrypted with a
passphrase, or, after a warning that must be acknowledged, as plain JSON; written off the UI thread with a progress
bar, into a file that appears whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QGroupBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from ..widgets.passphrase_pair import PassphrasePair
from .records_file_dialog import RecordsFileDialog

INTRO = ("Export writes the records you choose, with all their assessments, signatures and history, to one file "
         "that another copy of GCP Desk (or a case management system) can import. Only records you may see are "
         "written. The export is recorded in the audit trail.")
SEALED, PLAIN = "sealed", "plain"
PLAIN_WARNING = ("A plain file is NOT encrypted: anyone who gets it, on a memory stick, in an email or on a shared "
                 "drive, can read every record in it. Use it only where the receiving system cannot open an "
                 "encrypted bundle; keep it as you would a printed record and delete it once it has arrived.")
PLAIN_UNDERSTOOD = "I understand that anyone who gets this file can read it"


class ExportDialog(RecordsFileDialog):
    TITLE, INTRO, SCOPE_TITLE, NAME = "Export records", INTRO, "What to export", "Export"
    FILE_PREFIX, ACTION, ACTION_DONE, STARTING = "GCP Desk export ", "E&xport", "exported", "Starting…"
    CHOOSE_TITLE, NOTHING_DONE = "Export to", "Nothing was exported"

    def __init__(self, session, runner, parent: QWidget | None = None, *, record: Any | None = None):
        super().__init__(session, runner, parent, record=record)
        self.export_button = self.action_button
        self.kinds.buttonToggled.connect(lambda _button, _on: self._kind_changed())
        self._kind_changed()
        self.resize(680, self.sizeHint().height())

    def extra(self) -> tuple[QWidget, ...]:
        protection = QGroupBox("How to protect it", self)
        self.kinds = QButtonGroup(self)
        self.sealed = QRadioButton("&Encrypted bundle, opened with a passphrase you give to whoever imports it "
                                   "(by telephone, never with the file)", protection)
        self.plain = QRadioButton("P&lain bundle (JSON, not encrypted)", protection)
        for button, kind in ((self.sealed, SEALED), (self.plain, PLAIN)):
            button.setProperty("kind", kind)
            button.setAccessibleName(button.text().replace("&", ""))
            self.kinds.addButton(button)
        self.sealed.setChecked(True)
        self.passphrase = PassphrasePair(protection)
        self.warning = QLabel(PLAIN_WARNING, protection)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("plainWarning")
        self.warning.setStyleSheet("color: #8a1c1c;")
        self.understood = QCheckBox(PLAIN_UNDERSTOOD, protection)
        self.understood.setAccessibleName(PLAIN_UNDERSTOOD)
        box = QVBoxLayout(protection)
        for widget in (self.sealed, self.passphrase, self.plain, self.warning, self.understood):
            box.addWidget(widget)
        return (protection,)

    def kind(self) -> str:
        return self.kinds.checkedButton().property("kind")

    def suffix(self) -> str:
        return ".bundle" if self.kind() == SEALED else ".json"

    def _kind_changed(self) -> None:
        plain = self.kind() == PLAIN
        self.passphrase.setVisible(not plain)
        self.warning.setVisible(plain)
        self.understood.setVisible(plain)
        if not plain:
            self.understood.setChecked(False)
        self.file.path.setText(str(Path(self.file.path.text()).with_suffix(self.suffix())))

    def work(self, target: Path) -> Callable[[], Any] | str:
        passphrase = None
        if self.kind() == SEALED:
            problem = self.passphrase.problem()
            if problem:
                return problem
            passphrase = self.passphrase.text()
        elif not self.understood.isChecked():
            return ("Read the warning about plain files and tick the box under it, or choose an encrypted "
                    "bundle.")
        coverage, record_id = self.scope.coverage()
        context, relay = self._session.context, self.relay

        def work():
            from ...services.export_records import ExportService

            return ExportService(context).export(target, coverage=coverage, record_id=record_id,
                                                 passphrase=passphrase, progress=relay.report)

        return work

    def words(self, summary) -> str:
        return (f"Exported {summary.children:,} {'child' if summary.children == 1 else 'children'}, "
                f"{summary.households:,} households and {summary.assessments:,} assessments to {summary.path}"
                + (", encrypted." if summary.sealed else ". The file is NOT encrypted."))
