"""The "needs attention" list beside the caseload: each flagged child with every reason in words, most pressing
first, so a supervisor reads why before opening anyone's record.

Built with the caseload, which is on screen before pydantic is imported: what needs the domain models is imported
when there are children to list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from ....domain.caseload import CaseloadRow
from ....domain.labels import PLAN_TYPE

if TYPE_CHECKING:
    from ....scoring.attention import AttentionReason

NOTHING = "No child on this list needs attention: no reassessment is overdue, no domain is stuck or worse than at " \
          "the baseline, and no target date has passed."
LOADING = "Reading every child's history to find who needs attention…"
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AttentionPanel(QGroupBox):
    child_opened = Signal(object)
    """The id of the child to open."""
    child_selected = Signal(object)
    """The id of the child now selected on the list."""

    def __init__(self, parent=None):
        super().__init__("Why these children need attention", parent)
        layout = QVBoxLayout(self)
        self.note = QLabel(LOADING)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.list = QListWidget()
        self.list.setAccessibleName("Children who need attention, with the reasons")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._open)
        self.list.currentItemChanged.connect(
            lambda item, _old: self.child_selected.emit(item.data(CHILD_ID_ROLE)) if item else None)
        layout.addWidget(self.list, 1)

    def show_loading(self) -> None:
        self.list.clear()
        self.note.setText(LOADING)
        self.note.show()

    def show_children(self, flagged: list[tuple[CaseloadRow, list[AttentionReason]]],
                      current: UUID | None = None, total: int | None = None) -> None:
        """Fill the list, with ``current`` (the caseload's selection) selected if it is on it. ``total``: how
        many children the caseload shows, when the list holds only the first of them."""
        from ....scoring.attention import Severity
        from ..assessment.grade_chip import grade_icon

        self.list.blockSignals(True)  # filling is not the user choosing a child
        self.list.clear()
        for row, reasons in flagged:
            item = QListWidgetItem(entry_text(row, reasons))
            item.setData(CHILD_ID_ROLE, row.child_id)
            item.setToolTip(f"Open {row.full_name}'s record (Enter)")
            # The severity is in the words; the swatch only repeats it at a glance.
            high = any(reason.severity is Severity.HIGH for reason in reasons)
            item.setIcon(grade_icon(5 if high else 3))
            self.list.addItem(item)
        more = (total or 0) > len(flagged)
        self.note.setVisible(not flagged or more)
        if not flagged:
            self.note.setText(NOTHING)
        elif more:
            self.note.setText(f"The {len(flagged):,} most pressing of {total:,} children are listed here. Search "
                              "by name or identifier to find anyone else.")
        else:
            self.note.setText("")
        self.select_child(current)
        self.list.blockSignals(False)

    def select_child(self, child_id: UUID | None) -> None:
        """Follow the caseload's selection, when that child is on the list."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(CHILD_ID_ROLE) == child_id:
                if self.list.currentItem() is not item:
                    self.list.setCurrentItem(item)
                    self.list.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
                return

    def current_child_id(self) -> UUID | None:
        item = self.list.currentItem()
        return item.data(CHILD_ID_ROLE) if item else None

    def entries(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _open(self, item: QListWidgetItem) -> None:
        self.child_opened.emit(item.data(CHILD_ID_ROLE))


def entry_text(row: CaseloadRow, reasons: list[AttentionReason]) -> str:
    """ "Begum, Amara (child protection)" then one line per reason: "High – No improvement: Physical care has…" """
    from ....scoring.attention import KIND_LABELS, SEVERITY_LABELS

    lines = [f"{row.family_name}, {row.given_name} ({PLAN_TYPE[row.plan_type].lower()})"]
    for reason in reasons:
        lines.append(f"  • {SEVERITY_LABELS[reason.severity]} – {KIND_LABELS[reason.kind]}: {reason.message}")
    return "\n".join(lines)
