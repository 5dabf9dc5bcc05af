"""The sibling grid: for the item on screen, this child's grade beside each brother's and sister's on the same
visits, so a practitioner grades across the family in one pass and sees where children are treated differently.
Each child's grade stays their own: the grid only shows them side by side."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ...theme import grade_background, grade_foreground

DIFFERENT_BY = 2
"""Grades two or more apart for one item: said in words, because one child may be treated differently."""


class SiblingGrid(QLabel):
    loaded = Signal()
    """The siblings' grades (and names) have arrived."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("siblingGrid")
        self.setWordWrap(True)
        self.setAccessibleName("Brothers and sisters on the same visits: their grades for this item")
        self._grades: list[tuple[UUID, str, int | None]] = []
        self.hide()

    def load(self, fetch: Callable[[], list], run: Callable) -> None:
        """Ask for the siblings' grades of the item on screen (``fetch`` runs off the UI thread via ``run``)."""
        self._grades = []
        self.hide()
        run(fetch, self.show_grades, lambda _error: self.hide())

    def show_grades(self, grades: list) -> None:
        """``grades``: ``SiblingGrade`` for this child first, then the siblings."""
        self._grades = [(g.assessment_id, g.child.given_name, g.grade) for g in grades]
        self._draw()
        self.loaded.emit()

    def name_of(self, assessment_id: UUID) -> str | None:
        """The given name of the child whose assessment this is, once the grades have arrived."""
        return next((name for aid, name, _ in self._grades if aid == assessment_id), None)

    def update_own(self, assessment_id: UUID, grade: int | None) -> None:
        """This child was graded just now: no read needed for their own cell."""
        if self._grades and self._grades[0][0] == assessment_id and self._grades[0][2] != grade:
            self._grades[0] = (assessment_id, self._grades[0][1], grade)
            self._draw()

    def cells(self) -> list[tuple[str, int | None]]:
        return [(name, grade) for _, name, grade in self._grades]

    def _draw(self) -> None:
        if len(self._grades) < 2:
            self.hide()
            return
        chips = []
        for _, name, grade in self._grades:
            if grade is None:
                chips.append(f"{name}: <i>not graded</i>")
            else:
                back, fore = grade_background(grade).name(), grade_foreground(grade).name()
                chips.append(f"{name}: <span style='background-color:{back}; color:{fore}'>&nbsp;{grade}&nbsp;</span>")
        graded = [grade for _, _, grade in self._grades if grade is not None]
        differs = len(graded) > 1 and max(graded) - min(graded) >= DIFFERENT_BY
        note = " — <b>graded differently across the family: is one child treated differently?</b>" if differs else ""
        self.setText("Brothers and sisters on the same visits: " + " · ".join(chips) + note)
        plain = "; ".join(f"{name} {grade if grade is not None else 'not graded'}" for _, name, grade in self._grades)
        self.setAccessibleDescription(plain + (". Graded differently across the family." if differs else ""))
        self.show()
