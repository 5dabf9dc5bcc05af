"""The family's context: domestic abuse, parental drug or alcohol misuse, parental mental ill-health, and anything
else that bears on the care. Entries carried over from the last assessment, or from a brother's or sister's on the
same visits, stay marked until confirmed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.assessment import Assessment, ContextEntry
from ....domain.enums import ContextFactor
from ....domain.labels import CONTEXT_FACTOR
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import AutosaveText, describe_failure, not_saved
from ...widgets.state_style import set_style_sheet
from .adults_panel import CARRIED_OVER, CONFIRMED, FROM_SIBLING, PROMPT_STYLE
from .page_frame import heading_label
from .session import AssessmentSession

PURPOSE = "Tick each that applies to this family now, and say what is known. Leave unticked what does not apply."


class _FactorRow:
    def __init__(self, panel: ContextPanel, grid: QGridLayout, row: int, factor: ContextFactor):
        self.factor = factor
        words = CONTEXT_FACTOR[factor]
        self.present = QCheckBox(words)
        self.state = QLabel()
        self.confirm = QPushButton("Confirm")
        self.confirm.setAccessibleName(f"Confirm {words.lower()} for this assessment")
        self.note = AutosaveText(panel.session.runner, lambda _text: panel.op(), lines=2,
                                 accessible_name=f"What is known about {words.lower()}")
        self.note.stored.connect(panel.session.accept)
        grid.addWidget(self.present, row * 2, 0)
        grid.addWidget(self.state, row * 2, 1)
        grid.addWidget(self.confirm, row * 2, 2)
        grid.addWidget(self.note, row * 2 + 1, 0, 1, 4)
        self.present.clicked.connect(lambda: panel.save_now())
        self.confirm.clicked.connect(lambda: panel.save_now(confirm=factor))

    def show(self, entry: ContextEntry | None, read_only: bool, update_ticks: bool, from_sibling: bool = False
             ) -> None:
        if update_ticks:
            self.present.setChecked(entry is not None)
        self.note.show_stored(entry.note if entry else self.note.text())
        unconfirmed = entry is not None and not entry.confirmed
        waiting = FROM_SIBLING if from_sibling else CARRIED_OVER
        self.state.setText(waiting if unconfirmed else (CONFIRMED if entry is not None else ""))
        set_style_sheet(self.state, PROMPT_STYLE if unconfirmed else "")
        self.confirm.setVisible(unconfirmed)
        self.present.setEnabled(not read_only)
        self.confirm.setEnabled(not read_only)
        self.note.set_read_only(read_only or not self.present.isChecked())


class ContextPanel(QWidget):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._ticks_in_flight = 0
        heading = heading_label("Context", self, 1.0)
        purpose = QLabel(PURPOSE, self)
        purpose.setWordWrap(True)
        grid = QGridLayout()
        grid.setColumnStretch(3, 1)
        self.rows = [_FactorRow(self, grid, index, factor) for index, factor in enumerate(ContextFactor)]
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(purpose)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        session.loaded.connect(self._reset)
        session.changed.connect(self.refresh)

    def _reset(self, assessment: Assessment) -> None:
        stored = {entry.factor: entry.note for entry in assessment.context}
        for row in self.rows:
            row.note.reset(stored.get(row.factor, ""))

    def refresh(self, assessment: Assessment) -> None:
        stored = {entry.factor: entry for entry in assessment.context}
        read_only = self.session.read_only
        for row in self.rows:
            entry = stored.get(row.factor)
            row.show(entry, read_only, update_ticks=self._ticks_in_flight == 0,
                     from_sibling=entry is not None and assessment.from_sibling(entry))

    def flush(self) -> None:
        for row in self.rows:
            row.note.flush()

    def focus_main(self) -> None:
        self.rows[0].present.setFocus()

    # Saving: every change stores the whole list, as the person sees it now ----------------------------------
    def save_now(self, confirm: ContextFactor | None = None) -> None:
        op = self.op(confirm)
        if op is None:
            return
        self._ticks_in_flight += 1
        self.message.clear()
        self.session.runner.run(op, self._stored, self._failed)

    def op(self, confirm: ContextFactor | None = None):
        if self.session.read_only:
            return None
        stored = {entry.factor: entry for entry in self.session.assessment.context}
        entries = []
        for row in self.rows:
            row.note.set_read_only(not row.present.isChecked())
            if not row.present.isChecked():
                continue
            before = stored.get(row.factor)
            confirmed = True if before is None or row.factor == confirm else before.confirmed
            entries.append(ContextEntry(factor=row.factor, note=row.note.text(), confirmed=confirmed))
        shown = list(self.session.assessment.context)  # merged by factor: one arrived from a sibling is kept
        return self.session.op(lambda services, aid: services.set_context(aid, entries, seen=shown))

    def _stored(self, assessment: Assessment) -> None:
        self._ticks_in_flight -= 1
        self.session.accept(assessment)

    def _failed(self, error: Exception) -> None:
        self._ticks_in_flight -= 1
        self.message.setText(not_saved(describe_failure(error)))
