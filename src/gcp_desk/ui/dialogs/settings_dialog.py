"""Settings…: the organisation's settings that are changed in the app. For now, the retention rule: when a child's
record comes up for review (at an age, after some years with no activity, or whichever comes first), and the later
age for a record kept because the child is or was looked after. Everyone signed in may read it; only an
administrator changes it (the service refuses anyone else too). A bad value is named and nothing is saved."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..tasks import TaskRunner
from ..widgets.message_bar import error_in_words
from ..widgets.problem_line import ProblemLine
from ...services.retention_words import looked_after_words, rule_words

RETENTION_INTRO = ("When a child's record comes up for review, whichever comes first. An administrator then keeps "
                   "it for now or deletes it (Records › Records due for review…). Children's social care records "
                   "are typically kept until the 25th birthday, and the records of children who were looked after "
                   "(in care) until the 75th.")
SAVED = ("Saved: the records due for review follow the new rule from now on. The change is recorded in the audit "
         "trail.")
ADMINISTRATORS_ONLY = "Only an administrator changes the retention rule; ask one if it needs to change."


class SettingsDialog(QDialog):
    saved = Signal()
    """The retention rule was changed and saved."""

    def __init__(self, service, runner: TaskRunner, parent: QWidget | None = None, *, may_change: bool):
        """``service``: a ``SettingsService`` acting as the signed-in person; ``may_change``: whether they are an
        administrator (the service checks again)."""
        super().__init__(parent)
        self._service, self._runner, self._may_change = service, runner, may_change
        self.setWindowTitle("Settings")
        self.setModal(True)
        self.retention = QGroupBox("Retention of children's records", self)
        intro = QLabel(RETENTION_INTRO, self.retention)
        intro.setWordWrap(True)
        self.at_age = QCheckBox("Review when the child &turns", self.retention)
        self.age = self._number("Age at which a record comes up for review, in years")
        self.after_quiet = QCheckBox("Review &after", self.retention)
        self.quiet_years = self._number("Years with no activity after which a record comes up for review")
        self.looked_after = QCheckBox("Kept as &looked after: not due before", self.retention)
        self.looked_after_age = self._number("Age before which a record kept because the child was looked after "
                                             "does not come up again, in years")
        self.words = QLabel(self)  # outside the group, so it reads clearly where the group is shown switched off
        self.words.setWordWrap(True)
        self.words.setAccessibleName("The rule in words")
        self.note = QLabel(ADMINISTRATORS_ONLY, self)
        self.note.setWordWrap(True)
        grid = QGridLayout()
        for row, (box, spin, unit) in enumerate(((self.at_age, self.age, "years old"),
                                                 (self.after_quiet, self.quiet_years,
                                                  "years with no activity on the record"),
                                                 (self.looked_after, self.looked_after_age, "years old"))):
            grid.addWidget(box, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(QLabel(unit, self.retention), row, 2)
            box.toggled.connect(spin.setEnabled)
            box.toggled.connect(self._changed)
            spin.valueChanged.connect(self._changed)
        grid.setColumnStretch(3, 1)
        inner = QVBoxLayout(self.retention)
        inner.addWidget(intro)
        inner.addLayout(grid)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What was saved")
        self.problem = ProblemLine(self, name="settingsProblem")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = self.buttons.addButton("&Save", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.retention, self.words, self.note, self.outcome, self.problem, self.buttons):
            layout.addWidget(widget)
        self.show_rule(service.retention_rule())
        self.retention.setEnabled(may_change)
        self.save_button.setVisible(may_change)
        self.note.setVisible(not may_change)
        if may_change:
            self.age.setFocus()  # what is most often changed; Tab goes on down the rule
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 96)

    def _number(self, name: str) -> QSpinBox:
        spin = QSpinBox(self.retention)
        spin.setRange(0, 999)  # wider than allowed: a value out of range is named, not silently clipped
        spin.setMinimumWidth(self.fontMetrics().averageCharWidth() * 9)
        spin.setAccessibleName(name)
        spin.lineEdit().setAccessibleName(name)  # what takes the keys, and what a screen reader lands on
        return spin

    def show_rule(self, rule) -> None:
        for box, spin, value, default in ((self.at_age, self.age, rule.review_at_age, 25),
                                          (self.after_quiet, self.quiet_years, rule.review_years_after_last_activity,
                                           6),
                                          (self.looked_after, self.looked_after_age,
                                           rule.review_at_age_if_looked_after, 75)):
            box.setChecked(value is not None)
            spin.setValue(default if value is None else value)
            spin.setEnabled(value is not None)
        self._changed()

    def chosen(self) -> dict[str, int | None]:
        """The rule as the form says it (a part not ticked: ``None``)."""
        return {"review_at_age": self.age.value() if self.at_age.isChecked() else None,
                "review_years_after_last_activity":
                    self.quiet_years.value() if self.after_quiet.isChecked() else None,
                "review_at_age_if_looked_after":
                    self.looked_after_age.value() if self.looked_after.isChecked() else None}

    def _changed(self, *_args) -> None:
        chosen = self.chosen()
        words = rule_words(_Rule(chosen))
        if chosen["review_at_age_if_looked_after"] is not None:
            words += " " + looked_after_words(chosen["review_at_age_if_looked_after"])
        self.words.setText(words)
        self.words.setAccessibleName(f"The rule in words: {words}")

    def save(self) -> None:
        if not self._may_change:
            return
        chosen = self.chosen()
        self.problem.hide()
        self.outcome.clear()

        def done(changed: bool) -> None:
            said = (SAVED if changed else "Nothing to save: the rule is as it was.")
            self.outcome.setText(said)
            self.outcome.setAccessibleName(said)
            if changed:
                self.saved.emit()

        self._runner.run(lambda: self._service.set_retention_rule(**chosen), done,
                         lambda error: self.problem.say(error_in_words(error)))


class _Rule:
    """The form's values where ``rule_words`` reads a rule."""

    def __init__(self, values: dict[str, int | None]):
        self.__dict__.update(values)
