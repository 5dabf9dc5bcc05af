"""The practitioner's own words: the child's voice and daily life, the carers' views, strengths and the analysis."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ...domain.assessment import Participation
from ...domain.labels import CONSENT
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import Styles
from ..wording import format_date, safe
from .blocks import heading, subheading, user_text

CHILD_VOICE = "The child's voice and lived experience"
CARERS_VIEWS = "Parents' and carers' views"
STRENGTHS = "Strengths"
ANALYSIS = "Analysis"
FAMILY_PART = "The family's part"


def narrative_sections(data: ReportData, styles: Styles) -> list[Flowable]:
    assessment = data.assessment
    flowables: list[Flowable] = []
    for title, text, missing in (
        (CHILD_VOICE, assessment.child_voice,
         f"Not recorded. {data.first_name}'s words, or what was seen of their day, are missing."),
        (CARERS_VIEWS, assessment.carers_views, "Not recorded."),
        (STRENGTHS, assessment.strengths, "Not recorded."),
        (ANALYSIS, assessment.analysis, "Not recorded."),
    ):
        flowables.extend(heading(styles, title))
        flowables.extend(user_text(styles, text, missing=missing))
        if title == CARERS_VIEWS:
            flowables.extend(_family_part(data, styles))
    return flowables


def _family_part(data: ReportData, styles: Styles) -> list[Flowable]:
    """Consent, how the assessment was shared, the parent's own view and the acknowledgement, in that order."""
    part = data.assessment.participation or Participation()
    shared = part.shared_how or "Not recorded"
    if part.shared_on:
        shared += f" ({format_date(part.shared_on)})"
    signed = "Not yet signed"
    if part.acknowledged_by or part.acknowledged_on:
        signed = " on ".join(value for value in (part.acknowledged_by or "Signed",
                                                 format_date(part.acknowledged_on) if part.acknowledged_on else "")
                             if value)
    flowables: list[Flowable] = [*subheading(styles, FAMILY_PART)]
    flowables += [Paragraph(f"<b>{safe(label)}:</b> {safe(value)}", styles.body) for label, value in (
        ("Agreed to the assessment", CONSENT[part.consent]), ("How it was shared", shared),
        ("Family summary signed", signed))]
    flowables.append(Paragraph("<b>Their view, in their words:</b>", styles.body))
    flowables.extend(user_text(styles, part.parent_view, missing="Not recorded."))
    return flowables
