"""Import…: a bundle checked whole, then written into your team's records in one step or not at all, off the UI
thread with progress. Every problem is listed with its place in the bundle; nothing is written unless there are
none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine
from .records_common import FileRow, ProgressRelay, progress_bar, show_progress

INTRO = ("Import checks the whole bundle first and lists every problem with its place in the file. Only a bundle "
         "with none is written, all of it in one step, into your team's records. Records already here are left as "
         "they are; a record that differs from one held here is refused, never overwritten.")
SEALED_MAGIC = b"GCPDESK-BUNDLE-SEALED-1\n"


class ImportDialog(QDialog):
    imported = Signal()

    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.setWindowTitle("Import records")
        self.setModal(True)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.file = FileRow(self, name="Bundle to import")
        self.file.choose.clicked.connect(self.choose_file)
        self.file.path.textChanged.connect(lambda _text: self._file_changed())
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase of the bundle")
        self.passphrase_label = QLabel("&Passphrase:", self)
        self.passphrase_label.setBuddy(self.passphrase)
        form = QFormLayout()
        form.addRow("&Bundle:", self.file)
        form.addRow(self.passphrase_label, self.passphrase)
        self.progress = progress_bar(self, "Import progress")
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was imported")
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems found in the bundle")
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.problems.setMinimumHeight(self.problems.fontMetrics().lineSpacing() * 12)
        self.problems.hide()
        self.problem = ProblemLine(self, name="importProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.start)
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(lambda done, total: show_progress(
            self.progress, done, total, "Checking every record of the bundle…"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        for widget in (self.progress, self.outcome, self.problem, self.problems, self.buttons):
            layout.addWidget(widget)
        self._file_changed()
        self.resize(680, self.sizeHint().height())

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Bundle to import", str(Path.home()),
                                                "GCP Desk bundles (*.bundle *.json);;All files (*)")
        if chosen:
            self.file.path.setText(chosen)

    def is_sealed(self) -> bool:
        try:
            with open(self.file.path.text().strip(), "rb") as stream:
                return stream.read(len(SEALED_MAGIC)) == SEALED_MAGIC
        except OSError:
            return False

    def _file_changed(self) -> None:
        sealed = self.is_sealed()
        self.passphrase.setVisible(sealed)
        self.passphrase_label.setVisible(sealed)

    def start(self) -> None:
        self.problem.hide()
        self.problems.hide()
        self.outcome.clear()
        path = Path(self.file.path.text().strip())
        if not path.is_file():
            return self.problem.say("Choose the bundle to import: there is no file by that name.")
        passphrase = self.passphrase.text()
        if self.is_sealed() and not passphrase:
            return self.problem.say("The bundle is encrypted: type its passphrase.")
        self.import_button.setEnabled(False)
        show_progress(self.progress, 0, 0, "Checking every record of the bundle…")
        context, relay = self._session.context, self.relay

        def work():
            from ...bundle.reading import BundleFile
            from ...services.import_records import ImportService

            bundle = BundleFile(path, lambda: passphrase)
            return ImportService(context).import_bundle(bundle, progress=relay.report)

        self._runner.run(work, self._done, self._failed)

    def _done(self, outcome) -> None:
        self.import_button.setEnabled(True)
        self.progress.hide()
        if not outcome.ok:
            self.problem.say(f"Nothing was imported: the bundle has {len(outcome.problems):,} problem(s), listed "
                             "below with their places in the file.")
            self.problems.setPlainText("\n".join(outcome.problems))
            self.problems.show()
            self.resize(max(self.width(), 760), max(self.height(), self.sizeHint().height()))
            return
        words = (f"Imported {outcome.added_children:,} children, {outcome.added_households:,} households and "
                 f"{outcome.added_assessments:,} assessments"
                 + (f"; {outcome.already_held:,} records were here already." if outcome.already_held else "."))
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)
        self.imported.emit()

    def _failed(self, error: Exception) -> None:
        self.import_button.setEnabled(True)
        self.progress.hide()
        self.problem.say(f"Nothing was imported: {error_in_words(error)}")
