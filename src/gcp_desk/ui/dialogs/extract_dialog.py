"""Analysis extract (CSV)…: one row per assessment and domain for a performance team's spreadsheet, pseudonymised
(no names, dates of birth or written words), of the open child, their household or everything you may see;
written off the UI thread, whole or not at all, and recorded in the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine
from ..widgets.scope_chooser import ScopeChooser
from .records_common import FileRow, progress_bar, show_progress

INTRO = ("The analysis extract is a spreadsheet file (CSV) with one row per assessment and domain: age band, "
         "dates, status, the suggested and chosen domain grade, concerns, change and drift. It holds no names, "
         "dates of birth or written words: each child and assessment is a reference that means nothing outside "
         "this organisation, and stays the same in every extract. The extract is recorded in the audit trail.")


class ExtractDialog(QDialog):
    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None, *, record: Any | None = None):
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.setWindowTitle("Analysis extract")
        self.setModal(True)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        scope_box = QGroupBox("What to include", self)
        self.scope = ScopeChooser(scope_box, record)
        QVBoxLayout(scope_box).addWidget(self.scope)
        self.file = FileRow(self, name="File to write")
        self.file.path.setText(str(Path.home() / self._file_name()))
        self.file.choose.clicked.connect(self.choose_file)
        self.scope.group.buttonToggled.connect(lambda _button, on: on and self._rename())
        form = QFormLayout()
        form.addRow("&File:", self.file)
        self.progress = progress_bar(self, "Extract progress")
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was written")
        self.problem = ProblemLine(self, name="extractProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.write_button = self.buttons.addButton("&Write extract", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.write_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scope_box)
        layout.addLayout(form)
        for widget in (self.progress, self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)
        self.resize(640, self.sizeHint().height())

    def _file_name(self) -> str:
        return f"GCP Desk extract {self.scope.words()} {self._session.today().isoformat()}.csv"

    def _rename(self) -> None:
        current = Path(self.file.path.text())
        if current.name.startswith("GCP Desk extract "):
            self.file.path.setText(str(current.with_name(self._file_name())))

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Write the extract to", self.file.path.text(),
                                                "Spreadsheet (CSV) (*.csv)")
        if chosen:
            self.file.path.setText(chosen)

    def start(self) -> None:
        self.problem.hide()
        self.outcome.clear()
        target = self.file.path.text().strip()
        if not target:
            return self.problem.say("Choose the file to write.")
        coverage, record_id = self.scope.coverage()
        self.write_button.setEnabled(False)
        show_progress(self.progress, 0, 0, "Writing the extract…")
        context = self._session.context

        def work():
            from ...services.extract import ExtractService

            return ExtractService(context).extract(Path(target), coverage=coverage, record_id=record_id)

        self._runner.run(work, self._done, self._failed)

    def _done(self, summary) -> None:
        self.write_button.setEnabled(True)
        self.progress.hide()
        words = (f"Wrote {summary.rows:,} rows for {summary.children:,} "
                 f"{'child' if summary.children == 1 else 'children'} to {summary.path}, without names.")
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)

    def _failed(self, error: Exception) -> None:
        self.write_button.setEnabled(True)
        self.progress.hide()
        self.problem.say(f"Nothing was written: {error_in_words(error)}")
