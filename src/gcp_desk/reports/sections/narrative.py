"""The practitioner's own words: the child's voice and daily life, the carers' views, strengths and the analysis."""

from __future__ import annotations

from reportlab.platypus import Flowable

from ..report_data import ReportData
from ..styles import Styles
from .blocks import heading, user_text

CHILD_VOICE = "The child's voice and lived experience"
CARERS_VIEWS = "Parents' and carers' views"
STRENGTHS = "Strengths"
ANALYSIS = "Analysis"


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
    return flowables
