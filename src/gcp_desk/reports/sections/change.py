"""Change over time in words, below the chart: drift, domains worse than at their baseline, a new baseline, and the
previous plan reviewed target by target. Read from ``scoring.change_over_time``, as the assessment screen and the
review queue are, so a conference reads what the supervisor saw."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...domain.labels import ACTION_OUTCOME
from ...scoring.change_over_time import ChangeOverTime, change_over_time
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, Styles
from ..tables import header_row, report_table
from ..wording import safe
from .blocks import nothing, subheading

DRIFT = "Drift and the baseline"
PLAN_REVIEWED = "The previous plan, reviewed"
NO_DRIFT = ("No domain has stayed at 4 or 5 without improvement, and none is worse than at its baseline.")


def reading_of(data: ReportData) -> ChangeOverTime:
    return change_over_time(data.chart_history(), data.assessment.id, min_weeks=data.drift_min_weeks,
                            today=data.generated_at.date())


def change_section(data: ReportData, styles: Styles) -> list[Flowable]:
    change = reading_of(data)
    if change.previous is None:
        return []
    flowables: list[Flowable] = [*subheading(styles, DRIFT)]
    if change.new_baseline:
        flowables.append(Paragraph(safe(change.new_baseline), styles.body))
    if change.drift:
        flowables += [Paragraph(f"<b>{safe(_kind(flag.kind))}:</b> {safe(flag.message)}", styles.body)
                      for flag in change.drift]
    else:
        flowables.append(nothing(styles, NO_DRIFT))
    flowables.extend(subheading(styles, PLAN_REVIEWED))
    if not change.targets:
        flowables.append(nothing(styles, "The previous assessment had no plan actions to review."))
        return flowables
    reviews = {review.action_id: review for review in data.assessment.action_reviews}
    rows: list[list] = [header_row(styles, "Domain", "What was to change", "Target", "Reviewed as")]
    for target in change.targets:
        review = reviews.get(target.action.id)
        if review is None:
            reviewed = "Not reviewed yet"
        else:
            onward = "carried forward" if review.carried_forward else "closed"
            reviewed = f"{ACTION_OUTCOME[review.outcome]}, {onward}." + (f" {review.note}" if review.note else "")
        rows.append([Paragraph(safe(target.domain_title), styles.cell_bold),
                     Paragraph(safe(target.action.what_will_change), styles.cell),
                     Paragraph(safe(target.sentence), styles.cell_bold if target.met is False else styles.cell),
                     Paragraph(safe(reviewed), styles.cell)])
    widths = [0.2, 0.3, 0.25, 0.25]
    flowables.append(report_table(rows, [w * CONTENT_WIDTH for w in widths]))
    return flowables


def _kind(kind) -> str:
    return "No improvement" if kind == "stuck" else "Worse than baseline"
