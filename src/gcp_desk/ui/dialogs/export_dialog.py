"""Export…: the records you may see (the open child, their household, or everything) as a bundle encrypted with a
passphrase, or, after a warning that must be acknowledged, as plain JSON; written off the UI thread with a progress
bar, into a file that appears whole or not at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.passphrase_pair import PassphrasePair
from ..widgets.problem_line import ProblemLine
from ..widgets.scope_chooser import ScopeChooser
from .records_common import FileRow, ProgressRelay, progress_bar, show_progress

INTRO = ("Export writes the records you choose, with all their assessments, signatures and history, to one file "
         "that another copy of GCP Desk (or a case management system) can import. Only records you may see are "
         "written. The export is recorded in the audit trail.")
SEALED, PLAIN = "sealed", "plain"
PLAIN_WARNING = ("A plain file is NOT encrypted: anyone who gets it, on a memory stick, in an email or on a shared "
                 "drive, can read every record in it. Use it only where the receiving system cannot open an "
                 "encrypted bundle; keep it as you would a printed record and delete it once it has arrived.")
PLAIN_UNDERSTOOD = "I understand that anyone who gets this file can read it"


class ExportDialog(QDialog):
    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None, *, record: Any | None = None):
        """``record``: the child record open on screen, offered (and chosen) first."""
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.setWindowTitle("Export records")
        self.setModal(True)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        scope_box = QGroupBox("What to export", self)
        self.scope = ScopeChooser(scope_box, record)
        QVBoxLayout(scope_box).addWidget(self.scope)
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
        self.file = FileRow(self, name="File to write")
        self.file.path.setText(str(Path.home() / self._file_name(".bundle")))
        self.file.choose.clicked.connect(self.choose_file)
        form = QFormLayout()
        form.addRow("&File:", self.file)
        self.progress = progress_bar(self, "Export progress")
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was exported")
        self.problem = ProblemLine(self, name="exportProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton("E&xport", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.kinds.buttonToggled.connect(lambda _button, _on: self._kind_changed())
        self.scope.group.buttonToggled.connect(lambda _button, on: on and self._rename())
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(lambda done, total: show_progress(self.progress, done, total, "Starting…"))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # the plain warning never squeezes
        for widget in (intro, scope_box, protection):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.progress, self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)
        self._kind_changed()
        self.resize(680, self.sizeHint().height())

    def kind(self) -> str:
        return self.kinds.checkedButton().property("kind")

    def _file_name(self, suffix: str) -> str:
        return f"GCP Desk export {self.scope.words()} {self._session.today().isoformat()}{suffix}"

    def _suffix(self) -> str:
        return ".bundle" if self.kind() == SEALED else ".json"

    def _rename(self) -> None:
        """A file name still as this dialog proposed it follows the choice; one the person typed is left alone."""
        current = Path(self.file.path.text())
        if current.name.startswith("GCP Desk export "):
            self.file.path.setText(str(current.with_name(self._file_name(self._suffix()))))

    def _kind_changed(self) -> None:
        plain = self.kind() == PLAIN
        self.passphrase.setVisible(not plain)
        self.warning.setVisible(plain)
        self.understood.setVisible(plain)
        if not plain:
            self.understood.setChecked(False)
        self.file.path.setText(str(Path(self.file.path.text()).with_suffix(self._suffix())))

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.file.path.text())
        if chosen:
            self.file.path.setText(chosen)

    def start(self) -> None:
        self.problem.hide()
        self.outcome.clear()
        target = self.file.path.text().strip()
        if not target:
            return self.problem.say("Choose the file to write.")
        passphrase = None
        if self.kind() == SEALED:
            problem = self.passphrase.problem()
            if problem:
                return self.problem.say(problem)
            passphrase = self.passphrase.text()
        elif not self.understood.isChecked():
            return self.problem.say("Read the warning about plain files and tick the box under it, or choose an "
                                    "encrypted bundle.")
        coverage, record_id = self.scope.coverage()
        self.export_button.setEnabled(False)
        show_progress(self.progress, 0, 0, "Starting…")
        context, relay = self._session.context, self.relay

        def work():
            from ...services.export_records import ExportService

            return ExportService(context).export(Path(target), coverage=coverage, record_id=record_id,
                                                 passphrase=passphrase, progress=relay.report)

        self._runner.run(work, self._done, self._failed)

    def _done(self, summary) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        words = (f"Exported {summary.children:,} {'child' if summary.children == 1 else 'children'}, "
                 f"{summary.households:,} households and {summary.assessments:,} assessments to {summary.path}"
                 + (", encrypted." if summary.sealed else ". The file is NOT encrypted."))
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)

    def _failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.problem.say(f"Nothing was exported: {error_in_words(error)}")
