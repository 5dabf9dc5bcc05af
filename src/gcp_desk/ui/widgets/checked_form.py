"""A form that shows each problem under the field it is about, in words, and keeps the rest of what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QFormLayout, QLabel, QWidget

from ...domain.errors import Problem
from ..theme import PROBLEM_STYLE



class CheckedForm:
    """Wraps a ``QFormLayout``: rows are added by key, problems are shown by key (or above the form)."""

    def __init__(self, layout: QFormLayout, general: QLabel):
        self.layout = layout
        self._general = general
        self._general.setStyleSheet(PROBLEM_STYLE)
        self._general.setWordWrap(True)
        self._general.hide()
        self._fields: dict[str, QWidget] = {}
        self._problems: dict[str, QLabel] = {}
        self._aliases: dict[str, str] = {}

    @classmethod
    def inside(cls, layout: QBoxLayout) -> CheckedForm:
        """A new form at the end of ``layout``, with its place for problems about no one field above it."""
        general = QLabel()
        general.setAccessibleName("Problems with this form")
        layout.addWidget(general)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        return cls(form_layout, general)

    def add(self, key: str, label: str, field: QWidget, *, aliases: tuple[str, ...] = ()) -> QWidget:
        """Add ``field`` with a label; ``aliases`` are the locations services use for it (e.g. "First name")."""
        caption = QLabel(label)
        caption.setBuddy(field)
        field.setAccessibleName(label.replace("&", ""))
        self.layout.addRow(caption, field)
        problem = QLabel()
        problem.setWordWrap(True)
        problem.setStyleSheet(PROBLEM_STYLE)
        problem.hide()
        self.layout.addRow("", problem)
        self._fields[key] = field
        self._problems[key] = problem
        for alias in (key, label.replace("&", ""), *aliases):
            self._aliases[alias.casefold()] = key
        return field

    def field(self, key: str) -> QWidget:
        return self._fields[key]

    def clear(self) -> None:
        self._general.hide()
        self._general.clear()
        for key, label in self._problems.items():
            label.hide()
            label.clear()
            self._fields[key].setAccessibleDescription("")

    def show(self, problems: list[Problem]) -> None:
        """Show every problem; focus the first field that has one."""
        self.clear()
        general: list[str] = []
        first: QWidget | None = None
        for problem in problems:
            key = self._aliases.get(problem.location.casefold())
            if key is None:
                general.append(str(problem))
                continue
            label = self._problems[key]
            text = problem.message[:1].upper() + problem.message[1:]
            label.setText(f"Problem: {text}" if not label.text() else f"{label.text()} {text}")
            label.show()
            self._fields[key].setAccessibleDescription(label.text())
            first = first or self._fields[key]
        if general:
            self._general.setText("Problem: " + " ".join(general))
            self._general.show()
        if first is not None:
            first.setFocus()

    def problem_text(self, key: str) -> str:
        label = self._problems[key]
        return label.text() if not label.isHidden() else ""

    @property
    def general_problem(self) -> str:
        return self._general.text() if not self._general.isHidden() else ""

    def set_row_visible(self, key: str, visible: bool) -> None:
        """Show or hide a field with its label (a field that only matters after another choice)."""
        self.layout.setRowVisible(self._fields[key], visible)
