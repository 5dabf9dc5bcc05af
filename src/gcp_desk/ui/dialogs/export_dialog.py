"""Export…: the records you may see, as a bundle encrypted with a passphrase (or plain JSON, or the pseudonymised
analysis extract), written off the UI thread with a progress bar, into a file that appears whole or not at all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine
from .records_common import FileRow, ProgressRelay, progress_bar, show_progress

INTRO = ("Export writes every child you may see, with all their assessments, signatures and history, to one file "
         "that another copy of GCP Desk (or a case management system) can import. The export is recorded in the "
         "audit trail.")
SEALED, PLAIN, EXTRACT = "sealed", "plain", "extract"
PLAIN_WARNING = ("A plain file is not encrypted: anyone who gets it can read it. Keep it as you would a printed "
                 "record and delete it once it has arrived.")
MIN_PASSPHRASE = 10


class ExportDialog(QDialog):
    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.setWindowTitle("Export records")
        self.setModal(True)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.kinds = QButtonGroup(self)
        self.sealed = QRadioButton("&Encrypted bundle, opened with a passphrase you give to whoever imports it", self)
        self.plain = QRadioButton("P&lain bundle (JSON, not encrypted)", self)
        self.extract = QRadioButton("Analysis e&xtract (CSV for a spreadsheet: one row per assessment and domain, "
                                    "no names)", self)
        for button, kind in ((self.sealed, SEALED), (self.plain, PLAIN), (self.extract, EXTRACT)):
            button.setProperty("kind", kind)
            self.kinds.addButton(button)
        self.sealed.setChecked(True)
        self.warning = QLabel(PLAIN_WARNING, self)
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("The passphrase again")
        self.file = FileRow(self, name="File to write")
        self.file.path.setText(str(Path.home() / f"GCP Desk export {session.today().isoformat()}.bundle"))
        self.file.choose.clicked.connect(self.choose_file)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("The passphrase a&gain:", self.again)
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
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(lambda done, total: show_progress(self.progress, done, total, "Starting…"))
        layout = QVBoxLayout(self)
        for widget in (intro, self.sealed, self.plain, self.extract, self.warning):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.progress, self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)
        self.resize(640, self.sizeHint().height())

    def kind(self) -> str:
        return self.kinds.checkedButton().property("kind")

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.passphrase.setEnabled(kind == SEALED)
        self.again.setEnabled(kind == SEALED)
        self.warning.setVisible(kind == PLAIN)
        suffix = {SEALED: ".bundle", PLAIN: ".json", EXTRACT: ".csv"}[kind]
        self.file.path.setText(str(Path(self.file.path.text()).with_suffix(suffix)))

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.file.path.text())
        if chosen:
            self.file.path.setText(chosen)

    def start(self) -> None:
        self.problem.hide()
        self.outcome.clear()
        kind, target = self.kind(), self.file.path.text().strip()
        if not target:
            return self.problem.say("Choose the file to write.")
        passphrase = None
        if kind == SEALED:
            passphrase = self.passphrase.text()
            if len(passphrase) < MIN_PASSPHRASE:
                return self.problem.say(f"Use a passphrase of at least {MIN_PASSPHRASE} characters (a few words are "
                                        "easiest to pass on by telephone).")
            if passphrase != self.again.text():
                return self.problem.say("The two passphrases differ: type them again.")
        self.export_button.setEnabled(False)
        show_progress(self.progress, 0, 0, "Starting…")
        context, relay = self._session.context, self.relay

        def work():
            if kind == EXTRACT:
                from ...services.extract import ExtractService

                return ExtractService(context).extract(Path(target))
            from ...services.export_records import ExportService

            return ExportService(context).export(Path(target), passphrase=passphrase, progress=relay.report)

        self._runner.run(work, self._done, self._failed)

    def _done(self, summary) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        if self.kind() == EXTRACT:
            words = f"Wrote {summary.rows:,} rows for {summary.children:,} children to {summary.path}."
        else:
            words = (f"Exported {summary.children:,} children, {summary.households:,} households and "
                     f"{summary.assessments:,} assessments to {summary.path}"
                     + (", encrypted." if summary.sealed else ". The file is NOT encrypted."))
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)

    def _failed(self, error: Exception) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.problem.say(f"Nothing was exported: {error_in_words(error)}")
