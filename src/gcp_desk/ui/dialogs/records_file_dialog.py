"""What the Export and Analysis extract dialogs share: an introduction, a choice of whose records (the open child,
their household, or everything the person may see), the file to write with a name that follows that choice, and a
button that writes the file off the UI thread with a progress bar, then says what was written or why nothing was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine
from ..widgets.scope_chooser import ScopeChooser
from .records_common import FileRow, ProgressRelay, progress_bar, show_progress


class RecordsFileDialog(QDialog):
    """Subclasses say their words (``TITLE`` … ``NOTHING_DONE``), may add widgets between the choice and the file
    (``extra``), and give the work (``work``) and the words for what it wrote (``words``)."""

    TITLE = INTRO = SCOPE_TITLE = FILE_PREFIX = ACTION = NAME = CHOOSE_TITLE = FILE_FILTER = STARTING = ""
    NOTHING_DONE, ACTION_DONE = "Nothing was written", "written"

    def __init__(self, session, runner: TaskRunner, parent: QWidget | None = None, *, record: Any | None = None):
        """``record``: the child record open on screen, offered (and chosen) first."""
        super().__init__(parent)
        self._session, self._runner = session, runner
        self.setWindowTitle(self.TITLE)
        self.setModal(True)
        intro = QLabel(self.INTRO, self)
        intro.setWordWrap(True)
        scope_box = QGroupBox(self.SCOPE_TITLE, self)
        self.scope = ScopeChooser(scope_box, record)
        QVBoxLayout(scope_box).addWidget(self.scope)
        extra = self.extra()
        self.file = FileRow(self, name="File to write")
        self.file.path.setText(str(Path.home() / self._file_name()))
        self.file.choose.clicked.connect(self.choose_file)
        self.scope.group.buttonToggled.connect(lambda _button, on: on and self._rename())
        form = QFormLayout()
        form.addRow("&File:", self.file)
        self.progress = progress_bar(self, f"{self.NAME} progress")
        self.relay = ProgressRelay(self)
        self.relay.moved.connect(lambda done, total: show_progress(self.progress, done, total, self.STARTING))
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(f"What was {self.ACTION_DONE}")
        self.problem = ProblemLine(self, name=f"{self.NAME.lower()}Problem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.action_button = self.buttons.addButton(self.ACTION, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.action_button.clicked.connect(self.start)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # a warning shown later never squeezes
        for widget in (intro, scope_box, *extra):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.progress, self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)

    def extra(self) -> tuple[QWidget, ...]:
        return ()

    def suffix(self) -> str:
        return ".csv"

    def _file_name(self) -> str:
        return f"{self.FILE_PREFIX}{self.scope.words()} {self._session.today().isoformat()}{self.suffix()}"

    def _rename(self) -> None:
        """A file name still as this dialog proposed it follows the choice; one the person typed is left alone."""
        current = Path(self.file.path.text())
        if current.name.startswith(self.FILE_PREFIX):
            self.file.path.setText(str(current.with_name(self._file_name())))

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.CHOOSE_TITLE, self.file.path.text(), self.FILE_FILTER)
        if chosen:
            self.file.path.setText(chosen)

    def start(self) -> None:
        self.problem.hide()
        self.outcome.clear()
        target = self.file.path.text().strip()
        if not target:
            return self.problem.say("Choose the file to write.")
        work = self.work(Path(target))
        if isinstance(work, str):
            return self.problem.say(work)
        self.action_button.setEnabled(False)
        show_progress(self.progress, 0, 0, self.STARTING)
        self._runner.run(work, self._done, self._failed)

    def work(self, target: Path) -> Callable[[], Any] | str:
        """What to run on the worker to write ``target``, or the problem that stops it, in words."""
        raise NotImplementedError

    def words(self, summary: Any) -> str:
        raise NotImplementedError

    def _done(self, summary) -> None:
        self.action_button.setEnabled(True)
        self.progress.hide()
        words = self.words(summary)
        self.outcome.setText(words)
        self.outcome.setAccessibleName(words)

    def _failed(self, error: Exception) -> None:
        self.action_button.setEnabled(True)
        self.progress.hide()
        self.problem.say(f"{self.NOTHING_DONE}: {error_in_words(error)}")
