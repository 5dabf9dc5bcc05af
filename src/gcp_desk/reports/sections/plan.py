"""The plan: what will change in which domain, who does it for which agency, by when, and to what grade."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..grade_cells import GradeCells
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, Styles
from ..tables import header_row, report_table
from ..wording import format_date, safe
from .blocks import domain_title, heading, nothing

PLAN = "The plan"


def plan_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, PLAN)]
    actions = sorted(data.assessment.plan, key=lambda action: action.by_when)
    if not actions:
        flowables.append(nothing(styles, "No plan actions are recorded."))
        return flowables
    cells = GradeCells(styles, data.instrument)
    rows: list[list] = [header_row(styles, "Domain", "What will change", "Who", "By when", "Target grade")]
    for row, action in enumerate(actions, start=1):
        what = safe(action.what_will_change)
        if action.progress_notes.strip():
            what += f"<br/><b>Progress:</b> {safe(action.progress_notes)}"
        who = safe(action.who) + (f"<br/>{safe(action.agency)}" if action.agency.strip() else "")
        rows.append([
            Paragraph(safe(domain_title(data.instrument, action.domain_id)), styles.cell_bold),
            Paragraph(what, styles.cell),
            Paragraph(who, styles.cell),
            Paragraph(format_date(action.by_when), styles.cell),
            cells.cell(4, row, action.target_grade),
        ])
    widths = [0.17, 0.34, 0.18, 0.13, 0.18]
    flowables.append(report_table(rows, [w * CONTENT_WIDTH for w in widths], commands=cells.commands))
    return flowables
