"""Administrators: which instrument a child's first assessment uses, chosen from those installed, and every
instrument file that failed to load with its problems (so a licensed file that does not load is seen, not silently
replaced by the built-in one)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine

INTRO = ("A child's first assessment uses the instrument chosen here. Later assessments keep their child's "
         "instrument, so change can be measured. A licensed instrument is installed by putting its file in the "
         "instruments folder of the data folder.")
NO_PROBLEMS = "Every instrument file loaded."
CHOSEN_MARK = "  \u2713 used for new assessments"
KEY = Qt.ItemDataRole.UserRole


class InstrumentDialog(QDialog):
    def __init__(self, service, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._service, self._runner = service, runner
        self.setWindowTitle("Instrument for new assessments")
        self.setModal(True)
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        installed_label = QLabel("&Installed instruments:", self)
        self.installed = QListWidget(self)
        self.installed.setAccessibleName("Installed instruments")
        installed_label.setBuddy(self.installed)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.hide()
        problems_label = QLabel("Instrument files that failed to &load:", self)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Instrument files that failed to load, with their problems")
        problems_label.setBuddy(self.problems)
        self.problem = ProblemLine(self, name="instrumentProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.use_button = self.buttons.addButton("&Use for new assessments", QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.use_button.clicked.connect(self.use_chosen)
        self.installed.itemActivated.connect(lambda _item: self.use_chosen())
        layout = QVBoxLayout(self)
        for widget in (intro, installed_label, self.installed, self.missing, problems_label, self.problems,
                       self.problem, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        self.reload()

    def reload(self) -> None:
        self._runner.run(self._service.choices, self.show_choices, lambda error: self.problem.say(
            error_in_words(error)))

    def show_choices(self, choices) -> None:
        self.installed.clear()
        for instrument in choices.installed:
            chosen = (instrument.id, instrument.version) == (choices.chosen.id, choices.chosen.version)
            item = QListWidgetItem(f"{instrument.title}, version {instrument.version} ({instrument.id})"
                                   + (CHOSEN_MARK if chosen else ""))
            item.setData(KEY, (instrument.id, instrument.version))
            self.installed.addItem(item)
            if chosen:
                self.installed.setCurrentItem(item)
        self.missing.setText(choices.chosen_missing)
        self.missing.setVisible(bool(choices.chosen_missing))
        self.problems.setPlainText("\n".join(choices.problems) or NO_PROBLEMS)

    def use_chosen(self) -> None:
        item = self.installed.currentItem()
        if item is None:
            self.problem.say("Choose an instrument in the list first.")
            return
        instrument_id, version = item.data(KEY)
        self.problem.hide()
        self._runner.run(lambda: self._service.choose(instrument_id, version), lambda _i: self.reload(),
                         lambda error: self.problem.say(error_in_words(error)))
