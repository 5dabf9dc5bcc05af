"""One child's record and assessments with their instruments, loaded once on the worker and read by every tab.

The tabs of the child record (compare, charts, family view...) all read the same history; loading it once per
opening of the record keeps each tab a redraw from memory rather than another trip to the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ....domain.assessment import Assessment
from ....domain.enums import AssessmentStatus
from ....domain.instrument import Instrument
from ....domain.labels import STATUS
from ....domain.people import ChildRecord
from ....scoring.drift import assessment_date
from ...models.age_text import short_date

NO_VISIT = "no visit yet"


@dataclass(frozen=True)
class ChildHistory:
    record: ChildRecord
    assessments: tuple[tuple[Assessment, Instrument], ...]
    """Oldest first, as the service gives them, each with the instrument it was graded with. Assessments whose
    instrument is not installed are left out (``missing`` counts them) so that the rest can still be read."""
    today: date
    missing: int = 0

    @property
    def child_id(self) -> UUID:
        return self.record.child.id

    @property
    def current(self) -> list[tuple[Assessment, Instrument]]:
        """Every assessment that still speaks for itself: an amended one lives on in its amendment."""
        return [pair for pair in self.assessments if pair[0].status is not AssessmentStatus.AMENDED]

    @property
    def dated(self) -> list[tuple[Assessment, Instrument]]:
        """Current assessments with at least one visit, oldest first: the ones that can be placed in time."""
        dated = [pair for pair in self.current if assessment_date(pair[0]) is not None]
        return sorted(dated, key=lambda pair: assessment_date(pair[0]))

    def find(self, assessment_id: UUID) -> tuple[Assessment, Instrument] | None:
        return next((pair for pair in self.assessments if pair[0].id == assessment_id), None)

    def latest(self) -> tuple[Assessment, Instrument] | None:
        dated = self.dated
        return dated[-1] if dated else None


def describe(assessment: Assessment) -> str:
    """How an assessment is named in a list: "3 Mar 2026 (Countersigned)"."""
    on = assessment_date(assessment)
    when = short_date(on) if on else f"Started {short_date(assessment.created_at.date())}, {NO_VISIT}"
    return f"{when} ({STATUS[assessment.status]})"


def load_child_history(record: ChildRecord, assessments: list[Assessment],
                       instrument_for: Callable[[Assessment], Instrument], today: date) -> ChildHistory:
    """Pair each assessment with its instrument. Runs on the worker, after the service calls."""
    pairs, missing = [], 0
    for assessment in assessments:
        try:
            pairs.append((assessment, instrument_for(assessment)))
        except Exception:  # noqa: BLE001 - an uninstalled instrument must not hide the rest of the history
            missing += 1
    return ChildHistory(record=record, assessments=tuple(pairs), today=today, missing=missing)
