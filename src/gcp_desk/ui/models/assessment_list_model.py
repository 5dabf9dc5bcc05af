"""A child's assessments as a short table: date, status, age band and the domains graded 4 or 5 (with grades)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from ...domain.assessment import Assessment
from ...domain.instrument import Instrument
from ...scoring.age import band_of
from ...scoring.drift import assessment_date
from ...scoring.flags import concern_domains
from ...scoring.suggest import effective_domain_grade
from ..widgets.concern_chips import CHIPS_ROLE, Chip, chips_in_words, short_domain_name
from .age_text import short_date
from .status_words import status_words
from .row_table import Index, RowTableModel

HEADERS = ("Date", "Status", "Age band", "Domains graded 4 or 5")
NO_VISIT = "No visit yet"


@dataclass(frozen=True)
class AssessmentSummary:
    assessment: Assessment
    date: str
    status: str
    band: str
    chips: list[Chip]


def summarise(history: list[Assessment], instrument_for: Callable[[Assessment], Instrument]) -> list[AssessmentSummary]:
    """Newest first. Pure: run it on the worker with the history, so the screen only fills a table."""
    summaries = []
    for assessment in reversed(history):
        try:
            instrument = instrument_for(assessment)
        except Exception:  # noqa: BLE001 - an uninstalled instrument must not hide the rest of the history
            instrument = None
        on = assessment_date(assessment)
        when = short_date(on) if on else NO_VISIT
        band = band_of(instrument, assessment) if instrument else None
        chips = []
        if instrument is not None:
            for domain_id in concern_domains(instrument, assessment):
                title = instrument.domain(domain_id).title
                grade = effective_domain_grade(instrument, assessment, domain_id)
                chips.append(Chip(label=f"{short_domain_name(title)} {grade}", title=title, grade=grade))
        summaries.append(AssessmentSummary(
            assessment=assessment,
            date=when,
            status=status_words(assessment),
            band=band.label if band else "Not set until the first visit",
            chips=chips,
        ))
    return summaries


class AssessmentListModel(RowTableModel):
    headers = HEADERS

    def set_summaries(self, summaries: list[AssessmentSummary]) -> None:
        self._show(summaries)

    def summary_at(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"Started {short_date(summary.assessment.created_at.date())}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 3:
                spoken = chips_in_words(summary.chips)
                return "" if role == Qt.ItemDataRole.DisplayRole and not summary.chips else spoken
            return (summary.date, summary.status, summary.band)[index.column()]
        if role == CHIPS_ROLE and index.column() == 3:
            return summary.chips
        return None
