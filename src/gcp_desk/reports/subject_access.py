"""The subject access PDF: everything held about one child, readable, with every third party listed first for
redaction review. Built from the child's bundle (``bundle.models``), so it shows exactly what the bundle beside it
holds."""

from __future__ import annotations

from datetime import UTC, datetime

from reportlab.platypus import Flowable, PageBreak

from ..bundle.models import BundleAssessment, BundleChild, BundleHousehold
from ..bundle.third_parties import ThirdParty
from ..domain.labels import EVIDENCE_SOURCE
from .page import DocumentInfo, PageMarking, build_pdf, content_frame_size
from .paragraphs import Paragraph
from .scripts import marked_up
from .styles import report_styles
from .tables import header_row, report_table
from ..scoring.age import short_date

REVIEW_NOTE = ("Before release: the people and agencies listed below are third parties. Decide for each whether "
               "their information may be disclosed (consent, or reasonable to disclose without it) and redact it "
               "where not. Staff acting in their professional role are usually named; check local policy.")


def build_subject_access(child: BundleChild, households: list[BundleHousehold], parties: list[ThirdParty], *,
                         organisation: str, produced_by: str, titles: dict[str, str] | None = None) -> bytes:
    """``titles``: the instrument's words for its item and domain ids, where known."""
    titles = titles or {}
    styles = report_styles()
    width, _ = content_frame_size()
    text = lambda value: Paragraph(marked_up(str(value)), styles.body)  # noqa: E731
    cell = lambda value: Paragraph(marked_up("" if value is None else str(value)), styles.cell)  # noqa: E731
    story: list[Flowable] = [
        Paragraph(marked_up(f"Subject access: records held about {child.full_name}"), styles.title),
        Paragraph(f"Produced {datetime.now(UTC):%d %B %Y %H:%M} UTC by {marked_up(produced_by)}. The bundle beside "
                  "this document holds the same records in full, as data.", styles.subtitle),
        Paragraph("1. Third parties, for redaction review", styles.heading), text(REVIEW_NOTE),
        report_table([header_row(styles, "Who", "Kind", "Where they appear", "Times"),
                      *[[cell(p.label), cell(p.kind), cell(p.where), cell(p.mentions)] for p in parties]],
                     [width * 0.34, width * 0.22, width * 0.34, width * 0.10]),
        Paragraph("2. The child", styles.heading),
        report_table([[cell(label), cell(value)] for label, value in (
            ("Name", child.full_name), ("Date of birth", child.date_of_birth),
            ("Expected date of delivery", child.expected_date_of_delivery), ("Sex", child.sex.value),
            ("Ethnicity", child.ethnicity), ("Plan", child.plan_type.value),
            ("Identifiers", ", ".join(f"{i.scheme} {i.value}" for i in child.identifiers)),
            ("Record id", child.id))], [width * 0.3, width * 0.7], header=False),
    ]
    for household in households:
        story.append(Paragraph(marked_up(f"Household: {household.name}"), styles.subheading))
        story.append(text(household.address))
        story.append(report_table([header_row(styles, "Adult", "Date of birth", "Relevant history"),
                                   *[[cell(a.full_name), cell(a.date_of_birth), cell(a.relevant_history)]
                                     for a in household.adults]], [width * 0.3, width * 0.15, width * 0.55]))
    story.append(Paragraph("3. Significant events", styles.heading))
    story.append(report_table([header_row(styles, "Date", "Kind", "What happened", "Source"),
                               *[[cell(e.date), cell(e.kind.value), cell(e.what_happened), cell(e.source_agency)]
                                 for e in child.events]], [width * 0.13, width * 0.17, width * 0.5, width * 0.2]))
    for number, assessment in enumerate(child.assessments, start=1):
        story.append(PageBreak())
        story.extend(_assessment(assessment, number, styles, width, text, cell, titles))
    marking = PageMarking(organisation, f"Subject access: {child.full_name}",
                          f"Produced {short_date(datetime.now(UTC).date())}", None)
    return build_pdf(story, marking, DocumentInfo(f"Subject access: {child.full_name}", organisation,
                                                  "Everything held about one child"))


def _assessment(assessment: BundleAssessment, number: int, styles, width: float, text, cell,
                titles: dict[str, str]) -> list[Flowable]:
    when = assessment.last_visit_date.isoformat() if assessment.last_visit_date else "no visit yet"
    parts: list[Flowable] = [
        Paragraph(f"4.{number} Assessment of {when} ({assessment.status.value})", styles.heading),
        text(f"Instrument {assessment.instrument_id} version {assessment.instrument_version}; age band "
             f"{assessment.age_band or '-'}; id {assessment.id}."),
        report_table([header_row(styles, "Visit", "Announced", "Visitors", "Note"),
                      *[[cell(v.date), cell("yes" if v.announced else "no"), cell(", ".join(v.visitors)),
                         cell(v.note)] for v in assessment.visits]],
                     [width * 0.14, width * 0.16, width * 0.3, width * 0.40]),
        report_table([header_row(styles, "Item", "Grade", "Not assessed because"),
                      *[[cell(titles.get(g.item_id, g.item_id)), cell(g.grade), cell(g.not_assessed_reason)]
                        for g in assessment.item_grades.values()]], [width * 0.35, width * 0.12, width * 0.53]),
        report_table([header_row(styles, "Domain", "Chosen", "Suggested", "Reason for a different grade"),
                      *[[cell(titles.get(g.domain_id, g.domain_id)), cell(g.chosen), cell(g.suggested),
                         cell(g.override_reason)]
                        for g in assessment.domain_grades.values()]],
                     [width * 0.3, width * 0.12, width * 0.12, width * 0.46]),
    ]
    if assessment.evidence:
        parts.append(Paragraph("Evidence", styles.subheading))
        parts.extend(Paragraph(marked_up(f"{titles.get(note.item_id or '', note.item_id or 'Whole assessment')} "
                                         f"({EVIDENCE_SOURCE[note.source]}): "
                                         f"{note.text}"), styles.evidence) for note in assessment.evidence)
    for title, words in (("The child's voice", assessment.child_voice), ("Carers' views", assessment.carers_views),
                         ("Strengths", assessment.strengths), ("Analysis", assessment.analysis)):
        if words.strip():
            parts.extend([Paragraph(title, styles.subheading), text(words)])
    if assessment.plan:
        parts.append(report_table([header_row(styles, "Plan: what will change", "Who", "By", "Target"),
                                   *[[cell(a.what_will_change), cell(f"{a.who} {a.agency}".strip()), cell(a.by_when),
                                      cell(a.target_grade)] for a in assessment.plan]],
                                  [width * 0.5, width * 0.25, width * 0.13, width * 0.12]))
    review = [*[(c.created_at, c.author_name, f"Comment{' on ' + c.domain_id if c.domain_id else ''}: {c.text}")
                for c in assessment.review_comments],
              *[(r.returned_at, r.returned_by_name, f"Returned: {r.reasons}") for r in assessment.returns],
              *[(s.signed_at, s.name, f"Signed ({s.kind.value}), content hash {s.content_hash}")
                for s in assessment.signatures]]
    if review:
        parts.append(report_table([header_row(styles, "When", "Who", "What"),
                                   *[[cell(f"{when:%Y-%m-%d %H:%M}"), cell(who), cell(what)]
                                     for when, who, what in sorted(review, key=lambda r: r[0])]],
                                  [width * 0.18, width * 0.22, width * 0.6]))
    return parts
