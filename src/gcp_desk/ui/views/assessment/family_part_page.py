"""The family's part in the assessment: whether they agreed to it, how it was shared with them, their own view in
their words, and who acknowledged the family summary and when. Stored as it is changed, like every other part."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from ....domain.assessment import Assessment, Participation
from ....domain.enums import Consent
from ....domain.labels import CONSENT
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import AutosaveText, describe_failure
from ...widgets.date_field import DateField, DateProblem
from .page_frame import PageFrame
from .session import AssessmentSession

PURPOSE = ("How the family took part. Whether they agreed, how you shared the assessment with them, their own view "
           "in their words, and who signed the family summary to say they were shown it. Signing is not agreeing.")


class FamilyPartPage(PageFrame):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__("The family's part", PURPOSE, parent)
        self._session = session
        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.consent = QComboBox(form_box)
        for consent in (Consent.NOT_ASKED, Consent.GIVEN, Consent.REFUSED):
            self.consent.addItem(CONSENT[consent], consent)
        self.consent.setAccessibleName("Did the family agree to the assessment")
        self.shared_how = QLineEdit(form_box)
        self.shared_how.setAccessibleName("How the assessment was shared with the family")
        self.shared_how.setPlaceholderText("For example: read through at home with both parents")
        self.shared_on = DateField(form_box)
        self.shared_on.setAccessibleName("Date the assessment was shared")
        self.acknowledged_by = QLineEdit(form_box)
        self.acknowledged_by.setAccessibleName("Who signed the family summary")
        self.acknowledged_on = DateField(form_box)
        self.acknowledged_on.setAccessibleName("Date the family summary was signed")
        form.addRow("&Agreed to the assessment:", self.consent)
        form.addRow("&How it was shared:", self.shared_how)
        form.addRow("Shared &on:", self.shared_on)
        form.addRow("Summary signed &by:", self.acknowledged_by)
        form.addRow("Signed o&n:", self.acknowledged_on)
        self.add(form_box)
        view_label = QLabel("The parent's or carer's own &view, in their words:", self)
        self.add(view_label)
        self.parent_view = AutosaveText(
            session.runner, lambda text: self._op(parent_view=text),
            accessible_name="The parent's or carer's own view, in their words",
            placeholder="What they said about the assessment, as they said it", lines=8)
        view_label.setBuddy(self.parent_view)
        self.add(self.parent_view, 1)
        self.problem = QLabel(self)
        self.problem.setObjectName("familyPartProblem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.add(self.problem)

        self.parent_view.stored.connect(session.accept)
        self.consent.activated.connect(lambda _index: self._store())
        for field in (self.shared_how, self.shared_on, self.acknowledged_by, self.acknowledged_on):
            field.editingFinished.connect(self._store)
        session.loaded.connect(self._reset)
        session.changed.connect(self.refresh)

    def _current(self, **changes) -> Participation:
        values = dict(
            consent=self.consent.currentData(), shared_how=self.shared_how.text().strip(),
            shared_on=self.shared_on.date(), parent_view=self.parent_view.text(),
            acknowledged_by=self.acknowledged_by.text().strip(), acknowledged_on=self.acknowledged_on.date(),
        )
        values.update(changes)
        return Participation(**values)

    def _op(self, **changes):
        if self._session.read_only:
            return None
        participation = self._current(**changes)
        return self._session.op(lambda services, aid: services.set_participation(aid, participation))

    def _store(self) -> None:
        if self._session.read_only or not self._session.is_open:
            return
        stored = self._session.assessment.participation or Participation()
        try:
            wanted = self._current()
        except DateProblem as error:
            self._refused(error)
            return
        if wanted == stored:
            return
        self.problem.hide()
        self._session.edit(lambda services, aid: services.set_participation(aid, wanted), on_error=self._refused)

    def _refused(self, error: Exception) -> None:
        words = str(error) if isinstance(error, DateProblem) else describe_failure(error)
        self.problem.setText(f"Not saved: {words[:1].upper()}{words[1:]}")
        self.problem.show()

    def _reset(self, assessment: Assessment) -> None:
        self.problem.hide()
        self.parent_view.reset((assessment.participation or Participation()).parent_view)
        self._show(assessment)

    def refresh(self, assessment: Assessment) -> None:
        self._show(assessment)
        self.parent_view.show_stored((assessment.participation or Participation()).parent_view)

    def _show(self, assessment: Assessment) -> None:
        stored = assessment.participation or Participation()
        read_only = self._session.read_only
        self.consent.setCurrentIndex(self.consent.findData(stored.consent))
        for field, value in ((self.shared_how, stored.shared_how), (self.acknowledged_by, stored.acknowledged_by)):
            if not field.hasFocus():
                field.setText(value)
            field.setReadOnly(read_only)
        for field, on in ((self.shared_on, stored.shared_on), (self.acknowledged_on, stored.acknowledged_on)):
            if not field.hasFocus():
                field.set_date(on)
            field.setReadOnly(read_only)
        self.consent.setEnabled(not read_only)
        self.parent_view.set_read_only(read_only)

    def flush(self) -> None:
        self.parent_view.flush()

    def focus_main(self) -> None:
        self.consent.setFocus(Qt.FocusReason.OtherFocusReason)
