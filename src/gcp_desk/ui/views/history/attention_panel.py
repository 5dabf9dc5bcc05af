"""The "needs attention" list beside the caseload: each flagged child with every reason in words, most pressing
first, so a supervisor reads why before opening anyone's record. Siblings are grouped under their family's heading,
with reasons they share said once there (``attention_families``).

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
    from .attention_families import FlaggedFamily

NOTHING = "No child on this list needs attention: no reassessment is overdue, no domain is stuck or worse than at " \
          "the baseline, and no target date has passed."
LOADING = "Reading every child's history to find who needs attention…"
CHILD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FAMILY_ROLE = Qt.ItemDataRole.UserRole + 2
"""On a family's heading: the household's id."""


class AttentionPanel(QGroupBox):
    child_opened = Signal(object)
    """The id of the child to open."""
    child_selected = Signal(object)
    """The id of the child now selected on the list."""

    def __init__(self, parent=None):
        super().__init__("Why these children need attention", parent)
        layout = QVBoxLayout(self)
        self.note = QLabel(LOADING)
        self._listed: int | None = None
        """How many children the list holds; ``None`` until it is first filled."""
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
                      current: UUID | None = None, total: int | None = None,
                      labels: dict[UUID, str] | None = None) -> None:
        """Fill the list, with ``current`` (the caseload's selection) selected if it is on it. ``total``: how
        many children the caseload shows, when the list holds only the first of them. ``labels``: the households'
        headings as the caseload shows them, told apart where names are shared."""
        from ....scoring.attention import Severity
        from ..assessment.grade_chip import grade_icon
        from .attention_families import group_by_family

        self.list.blockSignals(True)  # filling is not the user choosing a child
        self.list.clear()
        for family in group_by_family(flagged, labels):
            if family.is_family:
                self._add_family_heading(family)
            for child in family.children:
                text = entry_text(child.row, child.own, indent="    " if family.is_family else "")
                if family.is_family and not child.own:
                    text += ": the family's points above"
                item = QListWidgetItem(text)
                item.setData(CHILD_ID_ROLE, child.row.child_id)
                item.setToolTip(f"Open {child.row.full_name}'s record (Enter)")
                # The severity is in the words; the swatch only repeats it at a glance.
                high = any(reason.severity is Severity.HIGH for reason in child.reasons)
                item.setIcon(grade_icon(5 if high else 3))
                self.list.addItem(item)
        self._listed = len(flagged)
        self.set_total(total)
        self.select_child(current)
        self.list.blockSignals(False)

    def set_total(self, total: int | None) -> None:
        """How many children the caseload shows, search and filter applied: the counts arrive after the first
        page, so the note is said again when they do."""
        listed = self._listed
        if listed is None:
            return
        more = (total or 0) > listed
        self.note.setVisible(not listed or more)
        if not listed:
            self.note.setText(NOTHING)
        elif more:
            self.note.setText(f"The {listed:,} most pressing of {total:,} children are listed here. Search "
                              "by name or identifier to find anyone else.")
        else:
            self.note.setText("")

    def _add_family_heading(self, family: FlaggedFamily) -> None:
        """The family's name, how many children are flagged, and each reason said for several of them, once."""
        from ....scoring.attention import KIND_LABELS, SEVERITY_LABELS, Severity

        high = sum(1 for child in family.children if any(r.severity is Severity.HIGH for r in child.reasons))
        worst = f", {high} with a high flag" if high else ""
        lines = [f"{family.name}: {len(family.children)} children need attention{worst}"]
        for shared in family.shared:
            reason = shared.reason
            lines.append(f"  • {SEVERITY_LABELS[reason.severity]} – {KIND_LABELS[reason.kind]} "
                         f"({_names(shared.children)}): {reason.message}")
        item = QListWidgetItem("\n".join(lines))
        item.setData(CHILD_ID_ROLE, family.children[0].row.child_id)
        item.setData(FAMILY_ROLE, family.household_id)
        item.setToolTip(f"Open {family.children[0].row.full_name}'s record, the child with the most pressing "
                        "reasons (Enter)")
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def families(self) -> list[str]:
        """The family headings' first lines, in the list's order."""
        return [self.list.item(row).text().split("\n")[0] for row in range(self.list.count())
                if self.list.item(row).data(FAMILY_ROLE) is not None]

    def select_child(self, child_id: UUID | None) -> None:
        """Follow the caseload's selection, when that child is on the list."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(CHILD_ID_ROLE) == child_id and item.data(FAMILY_ROLE) is None:
                if self.list.currentItem() is not item:
                    self.list.setCurrentItem(item)
                    self.list.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtTop)
                return

    def current_child_id(self) -> UUID | None:
        item = self.list.currentItem()
        return item.data(CHILD_ID_ROLE) if item else None

    def entries(self) -> list[str]:
        """Each child's entry (family headings left out), in the list's order."""
        return [self.list.item(row).text() for row in range(self.list.count())
                if self.list.item(row).data(FAMILY_ROLE) is None]

    def lines(self) -> list[str]:
        """Every line on the list, headings included, as a reader sees them."""
        return [line for row in range(self.list.count()) for line in self.list.item(row).text().split("\n")]

    def _open(self, item: QListWidgetItem) -> None:
        self.child_opened.emit(item.data(CHILD_ID_ROLE))


def entry_text(row: CaseloadRow, reasons: list[AttentionReason], indent: str = "") -> str:
    """ "Begum, Amara (child protection)" then one line per reason: "High – No improvement: Physical care has…" """
    from ....scoring.attention import KIND_LABELS, SEVERITY_LABELS

    lines = [f"{indent}{row.family_name}, {row.given_name} ({PLAN_TYPE[row.plan_type].lower()})"]
    for reason in reasons:
        lines.append(f"{indent}  • {SEVERITY_LABELS[reason.severity]} – {KIND_LABELS[reason.kind]}: "
                     f"{reason.message}")
    return "\n".join(lines)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
