"""Analysis extract (CSV)…: one row per assessment and domain for a performance team's spreadsheet, pseudonymised
(no names, dates of birth or written words), of the open child, their household or everything you may see;
written off the UI thread, whole or not at all, and recorded in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from .records_file_dialog import RecordsFileDialog

INTRO = ("The analysis extract is a spreadsheet file (CSV) with one row per assessment and domain: age band, "
         "dates, status, the suggested and chosen domain grade, concerns, change and drift. It holds no names, "
         "dates of birth or written words: each child and assessment is a reference that means nothing outside "
         "this organisation, and stays the same in every extract. The extract is recorded in the audit trail.")


class ExtractDialog(RecordsFileDialog):
    TITLE, INTRO, SCOPE_TITLE, NAME = "Analysis extract", INTRO, "What to include", "Extract"
    FILE_PREFIX, ACTION, STARTING = "GCP Desk extract ", "&Write extract", "Writing the extract…"
    CHOOSE_TITLE, FILE_FILTER = "Write the extract to", "Spreadsheet (CSV) (*.csv)"

    def __init__(self, session, runner, parent: QWidget | None = None, *, record: Any | None = None):
        super().__init__(session, runner, parent, record=record)
        self.write_button = self.action_button
        self.resize(640, self.sizeHint().height())

    def work(self, target: Path) -> Callable[[], Any] | str:
        coverage, record_id = self.scope.coverage()
        context = self._session.context

        def work():
            from ...services.extract import ExtractService

            return ExtractService(context).extract(target, coverage=coverage, record_id=record_id)

        return work

    def words(self, summary) -> str:
        return (f"Wrote {summary.rows:,} rows for {summary.children:,} "
                f"{'child' if summary.children == 1 else 'children'} to {summary.path}, without names.")
