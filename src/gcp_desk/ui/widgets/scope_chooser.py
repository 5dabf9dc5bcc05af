"""Which records an export or an extract covers: the child whose record is open, that child's household, or
everything the person may see. The open child is chosen first when there is one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

CHILD, HOUSEHOLD, ALL = "child", "household", "all"


class ScopeChooser(QWidget):
    def __init__(self, parent: QWidget | None, record: Any | None):
        """``record``: the ChildRecord open on screen, or ``None``."""
        super().__init__(parent)
        self._ids: dict[str, UUID | None] = {ALL: None}
        self.group = QButtonGroup(self)
        self.child = QRadioButton(self)
        self.household = QRadioButton(self)
        self.everything = QRadioButton("E&verything I may see (every child of my team, and those shared with it)",
                                       self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button, kind in ((self.child, CHILD), (self.household, HOUSEHOLD), (self.everything, ALL)):
            button.setProperty("scope", kind)
            self.group.addButton(button)
            layout.addWidget(button)
        if record is not None:
            self._ids[CHILD] = record.child.id
            self.child.setText(f"This &child: {record.child.full_name}")
            self.child.setChecked(True)
        else:
            self.child.hide()
            self.everything.setChecked(True)
        if record is not None and record.household is not None:
            self._ids[HOUSEHOLD] = record.household.id
            self.household.setText(f"This &household: {record.household.name} (every child in it that I may see)")
        else:
            self.household.hide()
        for button in self.group.buttons():
            button.setAccessibleName(button.text().replace("&", ""))

    def coverage(self) -> tuple[str, UUID | None]:
        """What the services call the choice: ``("child", id)``, ``("household", id)`` or ``("all", None)``."""
        kind = self.group.checkedButton().property("scope")
        return kind, self._ids[kind]

    def words(self) -> str:
        """The choice in a few words, for the file name."""
        kind = self.group.checkedButton().property("scope")
        return {CHILD: "one child", HOUSEHOLD: "one household", ALL: "everything"}[kind]
