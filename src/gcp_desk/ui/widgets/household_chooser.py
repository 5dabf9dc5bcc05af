"""Choose the household a child lives in: search the households already recorded by name or address, or make a new
one (its name and address typed here). A household of another team is only said to exist, never named."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from uuid import UUID

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, \
    QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ...domain.people import Household
    from ...services.households import HouseholdSearch

NEW = "A new household"
HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 200
"""Wait for a pause in typing before reading the database."""


def household_words(household: Household) -> str:
    return f"{household.name} – {household.address}" if household.address else household.name


class HouseholdChooser(QWidget):
    changed = Signal()

    def __init__(self, search: Callable[[str], HouseholdSearch] | None, parent: QWidget | None = None,
                 current: Household | None = None, run: Callable | None = None):
        """``run(op, done, failed)``: the task runner's way of reading off the UI thread; without it the search
        runs here (a small indexed read)."""
        super().__init__(parent)
        self._search = search
        self._run = run
        self._asked = 0
        self._current = current
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.query = QLineEdit()
        self.query.setAccessibleName("Find a household by name or address")
        self.query.setPlaceholderText("Type a family name or part of the address to find the household")
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setAccessibleName("Households to choose from")
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setMaximumHeight(self.fontMetrics().height() * 6)
        layout.addWidget(self.results)
        self.elsewhere = QLabel()
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()
        layout.addWidget(self.elsewhere)
        self.new_fields = QWidget()
        form = QFormLayout(self.new_fields)
        form.setContentsMargins(0, 0, 0, 0)
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName("New household's name")
        self.new_name.setPlaceholderText("e.g. Quill household")
        self.new_address = QLineEdit()
        self.new_address.setAccessibleName("New household's address")
        name_label, address_label = QLabel("Household &name"), QLabel("Add&ress")
        name_label.setBuddy(self.new_name)
        address_label.setBuddy(self.new_address)
        form.addRow(name_label, self.new_name)
        form.addRow(address_label, self.new_address)
        layout.addWidget(self.new_fields)
        layout.addStretch(1)  # spare height below the choice, never between the search and its results
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.query.textEdited.connect(lambda _text: self._timer.start())
        self.query.installEventFilter(self)
        self.results.currentItemChanged.connect(lambda _item, _old: self._chosen_changed())
        self._fill([] if current is None else [current], 0)

    # What was chosen ---------------------------------------------------------------------------------------------
    def chosen(self) -> Household | None:
        """The existing household chosen, or ``None`` for a new one."""
        item = self.results.currentItem()
        return item.data(HOUSEHOLD_ROLE) if item is not None else None

    def chosen_id(self) -> UUID | None:
        chosen = self.chosen()
        return chosen.id if chosen is not None else None

    def is_new(self) -> bool:
        return self.chosen() is None

    def suggest_name(self, family_name: str) -> None:
        """A new household is named after the family until someone types another name."""
        if not self.new_name.isModified():
            self.new_name.setText(f"{family_name.strip()} household" if family_name.strip() else "")

    def choose(self, household_id: UUID | None) -> None:
        for row in range(self.results.count()):
            item = self.results.item(row)
            household = item.data(HOUSEHOLD_ROLE)
            if (household.id if household else None) == household_id:
                self.results.setCurrentItem(item)
                return

    def options(self) -> list[str]:
        return [self.results.item(row).text() for row in range(self.results.count())]

    # Searching ---------------------------------------------------------------------------------------------------
    def search_now(self) -> None:
        self._timer.stop()
        if self._search is None:
            return
        self._asked += 1
        asked, text, search = self._asked, self.query.text(), self._search

        def found(result: HouseholdSearch) -> None:
            if asked == self._asked:  # an answer to an older search, overtaken by typing, is dropped
                self._show_found(result)

        def failed(error: Exception) -> None:
            from .message_bar import error_in_words

            self.elsewhere.setText(f"The households could not be searched. {error_in_words(error)}")
            self.elsewhere.show()

        if self._run is None:
            found(search(text))
        else:
            self._run(lambda: search(text), found, failed)

    def _show_found(self, found: HouseholdSearch) -> None:
        households = list(found.households)
        if self._current is not None and all(h.id != self._current.id for h in households):
            households.insert(0, self._current)
        self._fill(households, found.elsewhere, found.elsewhere_words)

    def _fill(self, households: list[Household], elsewhere: int, elsewhere_words: str = "") -> None:
        keep = self.chosen_id()
        self.results.blockSignals(True)
        self.results.clear()
        self.results.addItem(QListWidgetItem(NEW))
        for household in households:
            words = household_words(household)
            if self._current is not None and household.id == self._current.id:
                words += " (lives here now)"
            item = QListWidgetItem(words)
            item.setData(HOUSEHOLD_ROLE, household)
            self.results.addItem(item)
        self.results.blockSignals(False)
        self.elsewhere.setText(elsewhere_words)
        self.elsewhere.setVisible(bool(elsewhere))
        if keep is not None and any(h.id == keep for h in households):
            self.choose(keep)
        elif self._current is not None and not self.query.text():
            self.choose(self._current.id)
        else:
            self.results.setCurrentRow(1 if households and self.query.text().strip() else 0)
        self._chosen_changed()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        """Enter in the search box chooses the first match; it never saves the whole form half-chosen."""
        if (watched is self.query and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._first_match()
            return True
        return super().eventFilter(watched, event)

    def _first_match(self) -> None:
        self.search_now()
        if self.results.count() > 1:
            self.results.setCurrentRow(1)
        self.results.setFocus()

    def _chosen_changed(self) -> None:
        self.new_fields.setVisible(self.is_new())
        self.changed.emit()
