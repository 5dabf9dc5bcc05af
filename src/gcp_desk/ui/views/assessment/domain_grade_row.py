"""One domain on the summary page: the suggestion drawn from its items beside the grade the practitioner chooses.

A grade different from the suggestion is fine, but only with a written reason; the service refuses it otherwise and
the refusal is shown here in words, with the choice left on screen until the reason is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ....domain.assessment import Assessment
from ....domain.instrument import GRADES, Domain
from ....scoring.age import applicable_items, format_date
from ....scoring.change_over_time import ChangeOverTime, DomainTrend
from ...theme import PROBLEM_STYLE
from ....scoring.suggest import Suggestion, suggest_domain_grade
from ...widgets.autosave_text import AutosaveText
from ...widgets.state_style import set_style_sheet
from .grade_chip import GradeChip, grade_icon, grade_text
from .page_frame import WrappingLabel, heading_label
from .session import AssessmentSession

NOT_CHOSEN = "Not chosen yet"


def _since(change: ChangeOverTime) -> str:
    on = change.previous_on
    return format_date(on) if on else "the previous assessment"


def _label(text: str, width: int) -> QLabel:
    label = QLabel(text)
    label.setFixedWidth(width)
    return label


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets[:-1]:
        row.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(widgets[-1], 1)
    return row


class DomainGradeRow(QFrame):
    def __init__(self, session: AssessmentSession, domain: Domain, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.domain = domain
        self.setObjectName("domainGradeRow")
        self.setStyleSheet("QFrame#domainGradeRow { border: 1px solid #c8c8c8; border-radius: 6px; }")
        self.title = heading_label(domain.title, self, 1.05)
        self.title.setWordWrap(False)
        self.progress = QLabel(self)
        self.suggested = GradeChip(session.instrument, self)
        self.explanation = WrappingLabel(parent=self)
        self.choice = QComboBox(self)
        self.choice.addItem(NOT_CHOSEN, None)
        for grade in GRADES:
            self.choice.addItem(grade_icon(grade), grade_text(session.instrument, grade), grade)
        self.choice.setAccessibleName(f"Domain grade for {domain.title}")
        self.stale = WrappingLabel(parent=self)
        self.trend = WrappingLabel(parent=self)
        self.trend.setObjectName("domainTrend")
        self.reason = AutosaveText(
            session.runner, lambda _text: self._make_op(), lines=2,
            accessible_name=f"Reason for a different grade for {domain.title}",
            placeholder="Needed only when your grade differs from the suggestion",
        )
        self.reason.stored.connect(session.accept)

        # Rows of boxes rather than a grid: a grid clips a wrapped explanation to one line.
        label_width = self.fontMetrics().horizontalAdvance("Suggested:  ")
        layout = QVBoxLayout(self)
        layout.addLayout(_row(self.title, self.progress))
        layout.addLayout(_row(_label("Suggested:", label_width), self.suggested, self.explanation))
        chosen_label = _label("Your &grade:", label_width)
        chosen_label.setBuddy(self.choice)
        layout.addLayout(_row(chosen_label, self.choice, self.stale))
        layout.addLayout(_row(_label("Reason:", label_width), self.reason))
        layout.addLayout(_row(_label("Over time:", label_width), self.trend))
        self.suggested.setMinimumWidth(self.choice.sizeHint().width())
        self.suggested.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.choice.setMinimumWidth(self.choice.sizeHint().width())
        # activated comes only from the person choosing (mouse or keys), never from a redraw.
        self.choice.activated.connect(lambda _index: self.reason.save())
        self._shown: tuple | None = None

    def reset(self, assessment: Assessment) -> None:
        """Another assessment was opened: show its choice, whatever was on screen before."""
        self._shown = None
        stored = assessment.domain_grades.get(self.domain.id)
        self.suggested.set_instrument(self._session.instrument)
        self.reason.reset(stored.override_reason if stored else "")
        self.choice.setCurrentIndex(self.choice.findData(stored.chosen) if stored else 0)

    def refresh(self, assessment: Assessment) -> None:
        """Redrawn only when what it shows moved: its items' grades, its chosen grade, or read-only (a keypress in
        another domain leaves it as it was)."""
        read_only = self._session.read_only
        shown = (self._session.domain_state(assessment, self.domain.id), assessment.domain_grades.get(self.domain.id),
                 read_only)
        if shown == self._shown and not self.reason.has_unsaved_changes:
            return
        self._shown = shown
        instrument = self._session.instrument
        suggestion = suggest_domain_grade(instrument, assessment, self.domain.id)
        self._show_progress(assessment)
        self._show_suggestion(suggestion)
        stored = assessment.domain_grades.get(self.domain.id)
        stale = stored is not None and suggestion is not None and stored.suggested != suggestion.grade
        self.stale.setText(
            f"Items were regraded after this grade was chosen (it was chosen beside a suggestion of "
            f"{stored.suggested})." if stale and stored.suggested else ""
        )
        self.choice.setEnabled(not read_only)
        self.reason.set_read_only(read_only)
        if self.reason.has_unsaved_changes:
            return  # the person's choice on screen is newer than what came back
        self.choice.setCurrentIndex(self.choice.findData(stored.chosen) if stored else 0)
        self.reason.show_stored(stored.override_reason if stored else "")

    def show_trend(self, trend: DomainTrend | None, change: ChangeOverTime | None) -> None:
        """Since the previous assessment, and any drift standing here, in words; the date tells the reader which
        assessment is meant."""
        if trend is None or change is None:
            self.trend.setText("Not read yet." if change is None else "Not in the previous assessment's instrument.")
            set_style_sheet(self.trend, "")
            return
        lines = [trend.words if change.previous is None else f"Since {_since(change)}: {trend.words}"]
        lines += [flag.message for flag in trend.drift]
        self.trend.setText("\n".join(lines))
        set_style_sheet(self.trend, PROBLEM_STYLE if trend.drift else "")

    def _show_progress(self, assessment: Assessment) -> None:
        items = applicable_items(self._session.instrument, assessment, self.domain.id)
        grades = [assessment.item_grades.get(item.id) for item in items]
        graded = sum(1 for g in grades if g is not None and g.grade is not None)
        not_assessed = sum(1 for g in grades if g is not None and g.grade is None)
        words = f"{graded} of {len(items)} items graded"
        self.progress.setText(words + (f", {not_assessed} not assessed" if not_assessed else ""))

    def _show_suggestion(self, suggestion: Suggestion | None) -> None:
        if suggestion is None:
            self.suggested.show_grade(None, empty="No suggestion")
            self.explanation.setText("No item of this domain is graded yet.")
        else:
            self.suggested.show_grade(suggestion.grade)
            self.explanation.setText(suggestion.explanation)

    def _make_op(self):
        if self._session.read_only:
            return None
        grade = self.choice.currentData()
        reason = self.reason.text()
        domain_id = self.domain.id
        if grade is None:
            if domain_id not in self._session.assessment.domain_grades:
                return None
            return self._session.op(lambda services, aid: services.clear_domain_grade(aid, domain_id))
        return self._session.op(lambda services, aid: services.choose_domain_grade(aid, domain_id, grade, reason))

    def focus_main(self) -> None:
        self.choice.setFocus()

    def flush(self) -> None:
        self.reason.flush()
