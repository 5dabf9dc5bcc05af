"""Assess brothers and sisters together: choose the children, and the first visit they are all seen on. One
assessment per child starts in one step; what belongs to the household is then entered once for them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, \
    QVBoxLayout

from ...domain.errors import Problem
from ...domain.people import Child
from ...scoring.age import format_date
from ..models.age_text import age_in_words
from ..widgets.checked_form import CheckedForm
from ..widgets.date_field import DateField, DateProblem
from .draft_dialog import DraftDialog

CHILD_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class TogetherDraft:
    child_ids: list[UUID]
    on: date
    announced: bool
    visitors: list[str]

    def start_arguments(self) -> dict:
        return {"on": self.on, "announced": self.announced, "visitors": self.visitors}


class AssessTogetherDialog(DraftDialog):
    def __init__(self, parent=None, *, children: list[Child], busy: set[UUID] | frozenset[UUID] = frozenset(),
                 today: Callable[[], date] = date.today):
        """``busy``: children who already have an assessment in progress (shown, not offered)."""
        super().__init__(parent)
        self._today = today
        self.setWindowTitle("Assess brothers and sisters together")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel("Each child chosen gets their own assessment, started on this first visit. Visits, how the "
                       "home was seen, who was present, context and how each adult took part are then entered once "
                       "and shown in every child's assessment for their practitioner to confirm; each child's "
                       "grades, voice, evidence and plan stay their own.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.form = CheckedForm.inside(layout)
        self.children = QListWidget()
        for child in children:
            words = f"{child.full_name}, {age_in_words(child.date_of_birth, child.expected_date_of_delivery, today())}"
            item = QListWidgetItem(words + (" (an assessment is in progress)" if child.id in busy else ""))
            item.setData(CHILD_ROLE, child.id)
            if child.id in busy:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                item.setCheckState(Qt.CheckState.Checked)
            self.children.addItem(item)
        self.children.setMaximumHeight(self.fontMetrics().height() * (len(children) + 2))
        self.form.add("children", "&Children", self.children)
        self.on = self.form.add("on", "First &visit", DateField(), aliases=("Visit date",))
        self.on.set_date(today())
        self.unannounced = self.form.add("unannounced", "&Unannounced", QCheckBox("Nobody was told beforehand"))
        self.visitors = self.form.add("visitors", "&Who visited", QLineEdit())
        self.visitors.setPlaceholderText("Names and roles, separated by commas")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Start assessments")
        self.buttons.accepted.connect(self._check_and_submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.children.setFocus()

    def chosen(self) -> list[UUID]:
        return [self.children.item(row).data(CHILD_ROLE) for row in range(self.children.count())
                if self.children.item(row).checkState() is Qt.CheckState.Checked]

    def draft(self) -> tuple[TogetherDraft | None, list[Problem]]:
        problems = []
        chosen = self.chosen()
        if len(chosen) < 2:
            problems.append(Problem("children", "choose at least two children; one child alone is assessed from "
                                                "their own record"))
        on = None
        try:
            on = self.on.date()
        except DateProblem as problem:
            problems.append(Problem("on", str(problem)))
        if on is None and not any(p.location == "on" for p in problems):
            problems.append(Problem("on", "enter the day of the first visit"))
        elif on is not None and on > self._today():
            problems.append(Problem("on", f"{format_date(on)} is in the future; start on the day of the visit"))
        if problems:
            return None, problems
        visitors = [v.strip() for v in self.visitors.text().split(",") if v.strip()]
        return TogetherDraft(chosen, on, not self.unannounced.isChecked(), visitors), []
