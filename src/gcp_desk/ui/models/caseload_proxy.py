"""What the caseload's table holds: the caseload model's rows as it shows them, with the search, the filter and the
grouping by household passed on to the model, which asks its source for them (see ``caseload_model``)."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import QIdentityProxyModel, Qt

from .caseload_memory import search_words
from .caseload_model import CHILD_ID_ROLE, CaseloadFilter, CaseloadModel


class CaseloadProxy(QIdentityProxyModel):
    """What the view holds: the caseload's rows as the model shows them, with the search and the filter passed to
    the model, which asks its source for them (see the module's note)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._filter = CaseloadFilter.ALL
        self._user_id: UUID | None = None

    def caseload(self) -> CaseloadModel:
        source = self.sourceModel()
        assert isinstance(source, CaseloadModel)
        return source

    def set_grouped(self, grouped: bool) -> None:
        """Brothers and sisters together under a heading per household."""
        self.caseload().ask(by_household=grouped)

    def set_search(self, text: str) -> None:
        self._words = list(search_words(text))
        self._apply()

    def set_filter(self, which: CaseloadFilter, apply: bool = True) -> None:
        """Show only the children ``which`` keeps; ``apply=False`` leaves asking the model to the caller."""
        self._filter = which
        if apply:
            self._apply()

    def set_user(self, user_id: UUID | None) -> None:
        self._user_id = user_id
        self._apply()

    @property
    def current_filter(self) -> CaseloadFilter:
        return self._filter

    def _apply(self) -> None:
        if self.sourceModel() is not None:
            self.caseload().show_only(self._words, self._filter, self._user_id)

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        self._apply()

    def counts(self) -> dict[CaseloadFilter, int]:
        """How many children each filter shows, over the whole caseload (the search is not applied)."""
        return self.caseload().counts()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.caseload().sort(column, order)

    def child_id_at(self, proxy_row: int) -> UUID | None:
        if not 0 <= proxy_row < self.rowCount():
            return None
        return self.index(proxy_row, 0).data(CHILD_ID_ROLE)
