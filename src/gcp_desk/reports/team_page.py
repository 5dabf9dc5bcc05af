"""The supervisor's team view as a printable page: the counts that matter, the two charts, and every child worst
first with their worst domain, direction over six months, drift and whether a reassessment is overdue."""

from __future__ import annotations

from datetime import date, datetime

from reportlab.platypus import Flowable

from ..charts.team import DIRECTION_LABELS, team_charts
from ..scoring.age import format_date
from ..scoring.team import Direction, TeamPicture
from .chart_images import figure_image
from .page import DocumentInfo, PageMarking, build_pdf
from .paragraphs import Paragraph
from .sections.over_time import ChartPicture
from .styles import CONTENT_WIDTH, report_styles
from .tables import header_row, report_table
from .wording import format_datetime, safe

DOCUMENT = "Team view"


def summary_lines(picture: TeamPicture) -> list[str]:
    """The counts in words, the same on screen and on paper."""
    children = len(picture.children)
    return [
        f"{children} {'child' if children == 1 else 'children'} whose latest assessment is by your team.",
        f"Over the last six months: {picture.count(Direction.IMPROVING)} improving, "
        f"{picture.count(Direction.WORSENING)} worsening, {picture.count(Direction.NO_CHANGE)} with no change.",
        f"Drift: {picture.with_drift} with a domain stuck at 4 or 5 or worse than at baseline. "
        f"Reassessment overdue: {picture.overdue}.",
        f"Waiting: {picture.awaiting_review} for your review, {picture.returns_waiting} returned and not yet "
        "resubmitted.",
    ]


def build_team_page(picture: TeamPicture, *, organisation: str, supervisor: str, on: date,
                    made: datetime) -> bytes:
    styles = report_styles()
    story: list[Flowable] = [
        Paragraph(safe(f"Team view for {supervisor}"), styles.title),
        Paragraph(safe(f"As on {format_date(on)}. Most pressing first, as in Needs attention: families by their "
                       "worst flag, then by how many children are flagged; then the children whose care is worst."),
                  styles.subtitle),
        *[Paragraph(safe(line), styles.body) for line in summary_lines(picture)],
        ChartPicture(figure_image(team_charts(picture)), max_height=220),
    ]
    rows: list[list] = [header_row(styles, "Child", "Worst domain", "Six months", "Drift and flags", "Overdue")]
    for child in picture.children:
        worst = f"{child.worst_domain} ({child.worst_grade})" if child.worst_grade else "Not graded yet"
        rows.append([Paragraph(safe(child.shown_name), styles.cell_bold), Paragraph(safe(worst), styles.cell),
                     Paragraph(safe(DIRECTION_LABELS[child.direction]), styles.cell),
                     Paragraph(safe(child.flag_words), styles.cell),
                     Paragraph("Yes" if child.overdue else "No", styles.cell)])
    widths = [0.22, 0.24, 0.12, 0.32, 0.10]
    story.append(report_table(rows, [w * CONTENT_WIDTH for w in widths]))
    marking = PageMarking(header_left=organisation or "GCP Desk", header_right=f"{DOCUMENT}: {supervisor}",
                          footer_left=f"Made {format_datetime(made)}", watermark=None)
    return build_pdf(story, marking, DocumentInfo(title=f"{DOCUMENT}: {supervisor}", author=organisation or "GCP Desk",
                                                  subject=DOCUMENT))
