"""The first lines of the report: whose assessment, of what age, on what plan, when, with which instrument, and
whether it is final. A reader years later must be able to tell all of that from the first page alone."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from ...domain.labels import PLAN_TYPE, SEX, STATUS
from ...domain.review import SignatureKind
from ...scoring.age import band_of
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, Styles
from ..tables import report_table
from ..wording import age_text, format_date, format_datetime, safe, short_hash

TITLE = "Neglect profile assessment"


def title_block(data: ReportData, styles: Styles) -> list[Flowable]:
    child = data.record.child
    assessment = data.assessment
    facts = [
        ("Child", child.full_name),
        _birth_fact(data),
        ("Age at first visit", age_text(child, assessment.first_visit_date)),
        ("Age band", _band_label(data)),
        ("Sex", SEX[child.sex]),
        ("Ethnicity", child.ethnicity or "Not recorded"),
        ("Plan", PLAN_TYPE[child.plan_type]),
        ("Local identifiers", ", ".join(f"{i.scheme} {i.value}" for i in child.identifiers) or "None recorded"),
        ("Visits", _visit_span(data)),
        ("Status", _status(data)),
        ("Submitted", format_datetime(assessment.submitted_at) if assessment.submitted_at else "Not yet"),
        ("Countersigned", _countersigned(data)),
    ]
    wide_facts = [
        ("Instrument", f"{data.instrument.title}, version {data.instrument.version} "
                       f"(content {short_hash(assessment.instrument_hash)})"),
        ("Assessment reference", str(assessment.id)),
    ]
    flowables: list[Flowable] = [
        Paragraph(TITLE, styles.title),
        Paragraph(safe(f"{child.full_name}{' for ' + data.organisation if data.organisation else ''}"),
                  styles.subtitle),
        _facts_table(facts, wide_facts, styles),
    ]
    if assessment.amends_id is not None:
        flowables.append(Spacer(1, 6))
        flowables.append(Paragraph(
            safe(f"This assessment amends the countersigned assessment {assessment.amends_id}. "
                 f"Reason for the amendment: {assessment.amendment_reason or 'not recorded'}"),
            styles.prompt,
        ))
    if data.is_replaced:
        flowables.append(Spacer(1, 6))
        flowables.append(Paragraph(
            "This assessment was countersigned and later replaced by an amendment. Read the amendment as well.",
            styles.prompt,
        ))
    return flowables


def _facts_table(facts: list[tuple[str, str]], wide_facts: list[tuple[str, str]], styles: Styles) -> Flowable:
    """Label and value pairs, two pairs to a row so the title block stays short; long values get a whole row."""
    rows: list[list] = []
    for index in range(0, len(facts), 2):
        row: list = []
        for label, value in facts[index:index + 2]:
            row += [Paragraph(safe(label), styles.cell_muted), Paragraph(safe(value), styles.cell_bold)]
        rows.append(row + [""] * (4 - len(row)))
    commands = []
    for label, value in wide_facts:
        commands.append(("SPAN", (1, len(rows)), (3, len(rows))))
        rows.append([Paragraph(safe(label), styles.cell_muted), Paragraph(safe(value), styles.cell_bold), "", ""])
    label_width = 0.16 * CONTENT_WIDTH
    return report_table(rows, [label_width, 0.5 * CONTENT_WIDTH - label_width] * 2, header=False,
                        commands=commands)


def _birth_fact(data: ReportData) -> tuple[str, str]:
    child = data.record.child
    if child.date_of_birth is not None:
        return "Date of birth", format_date(child.date_of_birth)
    if child.expected_date_of_delivery is not None:
        return "Expected date of delivery", format_date(child.expected_date_of_delivery)
    return "Date of birth", "Not recorded"


def _band_label(data: ReportData) -> str:
    band = band_of(data.instrument, data.assessment)
    return band.label if band is not None else "Not set (no visit recorded)"


def _visit_span(data: ReportData) -> str:
    first, last = data.assessment.first_visit_date, data.assessment.last_visit_date
    if first is None or last is None:
        return "None recorded"
    count = len(data.assessment.visits)
    visits = "1 visit" if count == 1 else f"{count} visits"
    if first == last:
        return f"{visits} on {format_date(first)}"
    return f"{visits}, {format_date(first)} to {format_date(last)}"


def _status(data: ReportData) -> str:
    return STATUS[data.assessment.status]


def _countersigned(data: ReportData) -> str:
    countersignatures = data.signatures_of(SignatureKind.COUNTERSIGNED_BY)
    if not countersignatures:
        return "Not yet"
    last = countersignatures[-1]
    return f"{format_datetime(last.signed_at)} by {last.name}"
