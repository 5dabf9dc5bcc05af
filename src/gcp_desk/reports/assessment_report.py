"""The full assessment report: what a child-protection conference or core group receives, and what is read again
years later. Built from domain objects only; the services gather them into a ``ReportData``.

    pdf = build_assessment_report(data)            # bytes; ReportService signs it, the CLI and the app save it
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .chart_images import over_time_chart, png_image
from .interruption import checkpoint
from .page import DRAFT_WATERMARK, DocumentInfo, PageMarking, build_pdf, watermark_for
from .report_data import ReportData
from .sections.change import change_section
from .sections.comparison import comparison_section
from .sections.evidence import evidence_section
from .sections.narrative import narrative_sections
from .sections.over_time import over_time_section
from .sections.people import context_section, household_section, visits_section
from .sections.plan import plan_section
from .sections.profile import profile_section
from .sections.sign_off import signatures_section, supervision_section
from .sections.title_block import title_block
from .styles import report_styles
from .wording import format_datetime

DOCUMENT = "Neglect profile"


def build_assessment_report(data: ReportData, *, over_time_chart_png_bytes: bytes | None = None) -> bytes:
    """The report as PDF bytes.

    ``over_time_chart_png_bytes`` is the chart of domain grades over time, already rendered; when it is ``None``
    the chart is drawn here from ``data.history`` with ``charts.over_time``, if that module is installed.
    """
    styles = report_styles()
    if over_time_chart_png_bytes is not None:
        chart = png_image(over_time_chart_png_bytes)
    elif len(data.chart_history()) >= 2:
        checkpoint()
        chart = over_time_chart(data.chart_history())
    else:
        chart = None
    story: list[Flowable] = [
        *title_block(data, styles),
        *household_section(data, styles),
        *visits_section(data, styles),
        *context_section(data, styles),
        *profile_section(data, styles),
        *over_time_section(data, styles, chart),
        *change_section(data, styles),
        *comparison_section(data, styles),
        *evidence_section(data, styles),
        *narrative_sections(data, styles),
        *plan_section(data, styles),
        *supervision_section(data, styles),
        *signatures_section(data, styles),
    ]
    child = data.record.child
    marking = PageMarking(
        header_left=data.organisation or "GCP Desk",
        header_right=f"{DOCUMENT}: {child.full_name}",
        footer_left=f"Made {format_datetime(data.generated_at)}",
        watermark=DRAFT_WATERMARK if data.draft_reason else watermark_for(data.assessment.status),
    )
    info = DocumentInfo(title=f"{DOCUMENT} assessment: {child.full_name}", author=data.organisation or "GCP Desk",
                        subject=f"Assessment {data.assessment.id}")
    return build_pdf(story, marking, info)

