"""A record changed on this laptop and on the team server, side by side: for each field that differs, this
laptop's value and the server's, and the person chooses which to keep, field by field."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QGridLayout, QLabel, QRadioButton, QVBoxLayout, QWidget,
)

FIELD_WORDS = {
    "given_name": "Given name", "family_name": "Family name", "date_of_birth": "Date of birth",
    "expected_date_of_delivery": "Expected date of delivery", "sex": "Sex", "ethnicity": "Ethnicity",
    "identifiers": "Identifiers", "household_id": "Household", "plan_type": "Plan",
    "team_id": "Team", "father_unknown_reason": "Why the birth father is not recorded", "name": "Name",
    "address": "Address", "relevant_history": "Relevant history", "known_to_services": "Known to services",
    "date": "Date", "kind": "Kind", "what_happened": "What happened", "source_agency": "Source agency",
    "what_will_change": "What will change", "who": "Who", "agency": "Agency", "by_when": "By when",
    "target_grade": "Target grade", "progress_notes": "Progress notes",
}
RECORD_WORDS = {"child": "child's details were", "household": "household was", "adult": "adult was",
                "event": "significant event was", "plan_action": "plan action was"}
BOOKKEEPING = {"version", "updated_at", "created_at", "search_text", "sort_name", "identifier_text", "id"}


def differing(conflict) -> list[str]:
    return [name for name in conflict.mine if name not in BOOKKEEPING
            and conflict.mine.get(name) != conflict.theirs.get(name)]


def shown(value: Any) -> str:
    if value is None or value == "":
        return "(not recorded)"
    if isinstance(value, list):
        return ", ".join(str(item.get("value", item)) if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


class ConflictDialog(QDialog):
    def __init__(self, conflict, parent: QWidget | None = None):
        super().__init__(parent)
        self.conflict = conflict
        what = RECORD_WORDS.get(conflict.kind, f"{conflict.kind} was")
        self.setWindowTitle(f"Changed in two places: the {what.rsplit(' ', 1)[0]}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"The {what} changed on this laptop and on the team server since they last synced. "
                       "Nothing has been overwritten. Choose which version of each field to keep; the result is "
                       "sent at the next sync.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        for column, heading in enumerate(("", "On this laptop (mine)", "On the team server (theirs)")):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        self.choices: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        for row, name in enumerate(differing(conflict), start=1):
            grid.addWidget(QLabel(FIELD_WORDS.get(name, name.replace("_", " ").capitalize())), row, 0)
            mine = QRadioButton(shown(conflict.mine.get(name)))
            theirs = QRadioButton(shown(conflict.theirs.get(name)))
            group = QButtonGroup(self)
            group.addButton(mine)
            group.addButton(theirs)
            mine.setChecked(True)
            grid.addWidget(mine, row, 1)
            grid.addWidget(theirs, row, 2)
            self.choices[name] = (mine, theirs)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Keep these")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> dict[str, str]:
        """Each differing field: "mine" or "theirs" (the fields not shown are the same on both sides)."""
        return {name: "mine" if mine.isChecked() else "theirs" for name, (mine, _) in self.choices.items()}
