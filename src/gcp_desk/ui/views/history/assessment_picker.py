"""A drop-down of a child's assessments, newest first, named by date and status.

Ids are kept as text: Qt compares Python objects held in a combo box by identity, so a UUID read again from the
database (equal, but a new object) would not be found.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtWidgets import QComboBox

from ....domain.assessment import Assessment
from .child_history import describe


class AssessmentPicker(QComboBox):
    def __init__(self, accessible_name: str, parent=None):
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def fill(self, assessments: list[Assessment]) -> None:
        self.clear()
        for assessment in assessments:
            self.addItem(describe(assessment), str(assessment.id))

    def chosen_id(self) -> UUID | None:
        data = self.currentData()
        return UUID(data) if data else None

    def ids(self) -> list[UUID]:
        return [UUID(self.itemData(index)) for index in range(self.count())]

    def choose(self, assessment_id: UUID | None) -> None:
        self.setCurrentIndex(self.findData(str(assessment_id)) if assessment_id else -1)
