"""A child's history as the charts read it: dated assessments oldest first, and the domains to draw.

Matches ``scoring.drift``: an assessment speaks for its last visit's date, assessments with no visit are left out
(they cannot be placed in time), and domains are matched by id across instrument versions, titled and ordered as
the newest instrument has them, with any domain an older version had after those.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.assessment import Assessment
from ..domain.instrument import Instrument
from ..scoring.drift import assessment_date
from ..scoring.suggest import effective_domain_grade


@dataclass(frozen=True, slots=True)
class DatedAssessment:
    assessment: Assessment
    instrument: Instrument
    on: date

    def grade(self, domain_id: str) -> int | None:
        """The effective domain grade; ``None`` when not graded or when this instrument has no such domain."""
        if all(domain.id != domain_id for domain in self.instrument.domains):
            return None
        return effective_domain_grade(self.instrument, self.assessment, domain_id)


def dated_history(history: list[tuple[Assessment, Instrument]]) -> list[DatedAssessment]:
    dated = [
        DatedAssessment(assessment, instrument, on)
        for assessment, instrument in history
        if (on := assessment_date(assessment)) is not None
    ]
    dated.sort(key=lambda entry: entry.on)  # stable: same-day assessments keep the caller's order
    return dated


def domains_of(dated: list[DatedAssessment], only: list[str] | None = None) -> list[tuple[str, str]]:
    """(id, title) of every domain in the history, newest instrument's order; ``only`` picks and orders them."""
    titles: dict[str, str] = {}
    for entry in reversed(dated):
        for domain in entry.instrument.domains:
            titles.setdefault(domain.id, domain.title)
    if only is None or not dated:
        return list(titles.items())
    unknown = [domain_id for domain_id in only if domain_id not in titles]
    if unknown:
        raise ValueError(f"no domain {', '.join(repr(d) for d in unknown)} in this child's assessments")
    return [(domain_id, titles[domain_id]) for domain_id in only]
