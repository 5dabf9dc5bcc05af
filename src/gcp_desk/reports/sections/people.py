"""Who is around the child, how they took part, how the child and home were seen, and the family's context.

Case reviews keep finding fathers overlooked and children "seen" through a window or with a parent in the room;
so a missing father or male carer, and a child not seen, are stated in a box rather than left to be noticed.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ...domain.assessment import AssessmentAdult
from ...domain.labels import CONTEXT_FACTOR, INVOLVEMENT, RELATIONSHIP
from ...domain.people import SignificantAdult
from ...scoring.age import band_of
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, Styles
from ..tables import header_row, report_table
from ..wording import format_date, safe, yes_no
from .blocks import heading, nothing, subheading

HOUSEHOLD = "Household and significant adults"
VISITS = "Visits and how the child was seen"
CONTEXT = "Context"


def household_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, HOUSEHOLD)]
    household = data.record.household
    if household is None:
        flowables.append(nothing(styles, "No household is recorded."))
    else:
        where = f", {household.address}" if household.address else ""
        flowables.append(Paragraph(safe(f"{household.name}{where}"), styles.body))
    flowables.extend(_adults_table(data, styles))
    if not _father_recorded(data):
        flowables.append(Paragraph(
            safe(f"No father or male carer is recorded for {data.first_name}. Find out who he is, whether he "
                 f"is involved, and what he adds to or takes from {data.first_name}'s care."),
            styles.prompt,
        ))
    return flowables


def visits_section(data: ReportData, styles: Styles) -> list[Flowable]:
    assessment = data.assessment
    flowables: list[Flowable] = [*heading(styles, VISITS)]
    if assessment.visits:
        rows = [header_row(styles, "Date", "Announced?", "Who visited", "Note")]
        for visit in sorted(assessment.visits, key=lambda v: v.date):
            rows.append([
                Paragraph(format_date(visit.date) + (f"<br/>entered {format_date(visit.recorded_on)}"
                                                     if visit.back_dated else ""), styles.cell),
                Paragraph("Announced" if visit.announced else "Unannounced", styles.cell),
                Paragraph(safe(", ".join(visit.visitors) or "Not recorded"), styles.cell),
                Paragraph(safe(visit.note), styles.cell),
            ])
        widths = [0.17, 0.15, 0.30, 0.38]
        flowables.append(report_table(rows, [w * CONTENT_WIDTH for w in widths]))
    else:
        flowables.append(nothing(styles, "No visits are recorded."))

    seen = assessment.how_seen
    flowables.extend(subheading(styles, "How the child and the home were seen"))
    facts = [
        ("Child seen", yes_no(seen.child_seen)),
        ("Child seen alone", yes_no(seen.child_seen_alone)),
        ("Rooms seen", ", ".join(seen.rooms_seen) or "None recorded"),
        ("Who else was present", ", ".join(seen.present) or "No one recorded"),
        ("Note", seen.note or "None"),
    ]
    rows = [[Paragraph(label, styles.cell_muted), Paragraph(safe(value), styles.cell)] for label, value in facts]
    flowables.append(report_table(rows, [0.25 * CONTENT_WIDTH, 0.75 * CONTENT_WIDTH], header=False))
    band = band_of(data.instrument, assessment)
    unborn = band is not None and band.is_unborn
    if not seen.child_seen and not unborn:
        flowables.append(Paragraph(safe(f"{data.first_name} was not seen during this assessment."),
                                   styles.prompt))
    return flowables


def context_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, CONTEXT)]
    entries = data.assessment.context
    if not entries:
        flowables.append(nothing(styles, "No domestic abuse, drug or alcohol misuse, parental mental ill-health "
                                         "or other context factor is recorded."))
        return flowables
    rows = [header_row(styles, "Factor", "Note", "Recorded")]
    for entry in entries:
        rows.append([
            Paragraph(safe(CONTEXT_FACTOR[entry.factor]), styles.cell_bold),
            Paragraph(safe(entry.note or "No note"), styles.cell),
            Paragraph("Confirmed for this assessment" if entry.confirmed
                      else "Carried over, not yet confirmed", styles.cell),
        ])
    flowables.append(report_table(rows, [w * CONTENT_WIDTH for w in (0.25, 0.5, 0.25)]))
    return flowables


def _adults_table(data: ReportData, styles: Styles) -> list[Flowable]:
    in_assessment = {adult.adult_id: adult for adult in data.assessment.adults}
    on_record = {adult.adult.id for adult in data.record.adults}
    rows = [header_row(styles, "Name", "Relationship", "Parental responsibility", "Lives with child",
                       "Involvement in this assessment", "Relevant history")]
    for adult in data.record.adults:
        rows.append(_record_adult_row(adult, in_assessment.get(adult.adult.id), styles))
    for adult in data.assessment.adults:
        if adult.adult_id not in on_record:
            rows.append(_assessment_only_row(adult, styles))
    if len(rows) == 1:
        return [Spacer(1, 2), nothing(styles, "No significant adults are recorded.")]
    widths = [0.15, 0.145, 0.16, 0.075, 0.17, 0.30]
    return [Spacer(1, 2), report_table(rows, [w * CONTENT_WIDTH for w in widths])]


def _record_adult_row(adult: SignificantAdult, taking_part: AssessmentAdult | None, styles: Styles) -> list:
    return [
        Paragraph(safe(adult.adult.full_name), styles.cell_bold),
        Paragraph(safe(RELATIONSHIP[adult.link.relationship]), styles.cell),
        Paragraph(yes_no(adult.link.parental_responsibility), styles.cell),
        Paragraph(yes_no(adult.link.lives_with_child), styles.cell),
        Paragraph(safe(_involvement(taking_part)), styles.cell),
        Paragraph(safe(adult.adult.relevant_history or "None recorded"), styles.cell),
    ]


def _assessment_only_row(adult: AssessmentAdult, styles: Styles) -> list:
    return [
        Paragraph(safe(adult.name), styles.cell_bold),
        Paragraph(safe(RELATIONSHIP[adult.relationship]), styles.cell),
        Paragraph("Not recorded", styles.cell_muted),
        Paragraph("Not recorded", styles.cell_muted),
        Paragraph(safe(_involvement(adult)), styles.cell),
        Paragraph("Not on the child's record", styles.cell_muted),
    ]


def _involvement(adult: AssessmentAdult | None) -> str:
    if adult is None:
        return "Not included in this assessment"
    words = INVOLVEMENT[adult.involvement]
    return words if adult.confirmed else f"{words} (carried over, not yet confirmed)"


def _father_recorded(data: ReportData) -> bool:
    return data.record.has_father_or_male_carer or any(
        adult.relationship.is_father_figure for adult in data.assessment.adults
    )
