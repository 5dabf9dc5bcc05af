"""The child's details as read-only lines, with the way to edit them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout

from ...domain.labels import PLAN_TYPE, SEX
from ...domain.people import ChildRecord
from ...scoring.age import format_date
from ..models.age_text import age_in_words

FIELDS = ("Name", "Date of birth", "Expected date of delivery", "Age", "Sex", "Ethnicity", "Identifiers", "Plan",
          "Household", "Birth father")


class ChildDetailsPanel(QGroupBox):
    edit_requested = Signal()

    def __init__(self, parent=None):
        super().__init__("Details", parent)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        for name in FIELDS:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(name)
            form.addRow(f"{name}:", value)
            self.values[name] = value
        layout.addLayout(form)
        self.edit_button = QPushButton("&Edit details")
        self.edit_button.clicked.connect(self.edit_requested)
        layout.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def show_record(self, record: ChildRecord, today: date) -> None:
        child = record.child
        not_recorded = "Not recorded"
        identifiers = ", ".join(f"{i.scheme}: {i.value}" for i in child.identifiers)
        shown = {
            "Name": child.full_name,
            "Date of birth": format_date(child.date_of_birth) if child.date_of_birth else "Not yet born",
            "Expected date of delivery": (format_date(child.expected_date_of_delivery)
                                          if child.expected_date_of_delivery else ""),
            "Age": age_in_words(child.date_of_birth, child.expected_date_of_delivery, today),
            "Sex": SEX[child.sex],
            "Ethnicity": child.ethnicity or not_recorded,
            "Identifiers": identifiers or "None recorded",
            "Plan": PLAN_TYPE[child.plan_type],
            "Household": _household_words(record),
            "Birth father": _father_words(record),
        }
        form = self.layout().itemAt(0).layout()
        for name, label in self.values.items():
            label.setText(shown[name])
            label.setAccessibleDescription(shown[name])
            # The expected date only matters before birth, or when both are known.
            visible = name != "Expected date of delivery" or bool(shown[name])
            form.setRowVisible(label, visible)


def _household_words(record: ChildRecord) -> str:
    if record.household is None:
        return "None recorded yet"
    return f"{record.household.name}, {record.household.address}" if record.household.address else \
        record.household.name


def _father_words(record: ChildRecord) -> str:
    """Who he is, or why he is not known, or that nobody has asked yet (the prompt above says why it matters)."""
    fathers = [a.adult.full_name for a in record.adults if a.is_birth_father]
    if fathers:
        return ", ".join(fathers)
    if record.child.father_unknown_reason:
        return f"Not known: {record.child.father_unknown_reason}"
    return "Not recorded yet"
