"""The page every report is printed on: protective marking top and bottom, "Page X of Y", and a watermark.

A page torn from a report must still say how it is to be handled, whose record it is, which page it is and
whether it is final. So each page carries OFFICIAL-SENSITIVE in its header and footer, and a report of an
assessment that is not yet countersigned carries a diagonal DRAFT across every page.

The total page count is known only at the end, so the canvas keeps each page's drawing and stamps the marking on
all of them when the document is saved. The stamp goes on top of the content, in translucent ink, so the watermark
still shows across coloured table cells.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ..domain.enums import AssessmentStatus
from .fonts import BOLD, REGULAR
from .interruption import checkpoint
from .styles import ACCENT, BOTTOM_MARGIN, MARGIN, MUTED, PAGE_SIZE, RULE, TOP_MARGIN

# Images go into the PDF as compressed binary, not also ASCII85 text: a PDF is a binary file anyway, and the text
# form was an eighth of the time of building a report and a sixth of its size.
rl_config.useA85 = 0

PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
DRAFT_WATERMARK = "DRAFT"
REPLACED_WATERMARK = "REPLACED"


@dataclass(frozen=True)
class PageMarking:
    header_left: str
    """Usually the organisation."""
    header_right: str
    """Usually the document and the child's name."""
    footer_left: str
    """Usually when the report was made."""
    watermark: str | None
    """``DRAFT`` until countersigned; ``None`` on a final report."""


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str


def watermark_for(status: AssessmentStatus) -> str | None:
    """DRAFT until countersigned; a countersigned record later replaced by an amendment says so on every page."""
    if status is AssessmentStatus.AMENDED:
        return REPLACED_WATERMARK
    return None if status.is_signed else DRAFT_WATERMARK


def build_pdf(story: list[Flowable], marking: PageMarking, info: DocumentInfo) -> bytes:
    """Lay ``story`` out on A4 pages with the marking on each, and return the PDF."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator="GCP Desk",
        # Without this every page would also reference Helvetica, a font no PDF carries, and fail "all embedded".
        initialFontName=REGULAR,
        initialFontSize=9,
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=partial(_MarkedCanvas, marking=marking))
    return buffer.getvalue()


def content_frame_size() -> tuple[float, float]:
    """Width and height available to the story on each page."""
    return PAGE_SIZE[0] - 2 * MARGIN, PAGE_SIZE[1] - TOP_MARGIN - BOTTOM_MARGIN


class _MarkedCanvas(Canvas):
    def __init__(self, *args: Any, marking: PageMarking, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._marking = marking
        self._finished_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._finished_pages.append(dict(self.__dict__))
        self._startPage()
        checkpoint()  # a report built ahead and no longer wanted stops here

    def save(self) -> None:
        total = len(self._finished_pages)
        for number, state in enumerate(self._finished_pages, start=1):
            self.__dict__.update(state)
            self._stamp(number, total)
            super().showPage()
        super().save()

    def _stamp(self, number: int, total: int) -> None:
        width, height = PAGE_SIZE
        marking = self._marking
        self.saveState()
        if marking.watermark:
            self._watermark(marking.watermark, width, height)
        header_y = height - TOP_MARGIN + 9
        footer_y = BOTTOM_MARGIN - 14
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN, header_y - 4, width - MARGIN, header_y - 4)
        self.line(MARGIN, footer_y + 10, width - MARGIN, footer_y + 10)

        self.setFillColor(MUTED)
        self.setFont(REGULAR, 7.5)
        _draw_mixed(self, MARGIN, header_y, _fit(self, marking.header_left, REGULAR, 7.5, 150), 7.5)
        _draw_mixed(self, width - MARGIN, header_y, _fit(self, marking.header_right, REGULAR, 7.5, 150), 7.5,
                    right=True)
        self.drawString(MARGIN, footer_y, _fit(self, marking.footer_left, REGULAR, 7.5, 170))
        self.drawRightString(width - MARGIN, footer_y, f"Page {number} of {total}")

        self.setFillColor(ACCENT)
        self.setFont(BOLD, 9)
        self.drawCentredString(width / 2, header_y, PROTECTIVE_MARKING)
        self.drawCentredString(width / 2, footer_y, PROTECTIVE_MARKING)
        self.restoreState()

    def _watermark(self, text: str, width: float, height: float) -> None:
        self.saveState()
        self.setFillColor(colors.HexColor("#a3142b"))
        self.setFillAlpha(0.13)
        self.setFont(BOLD, 110 if len(text) <= 6 else 80)
        self.translate(width / 2, height / 2)
        self.rotate(50)
        self.drawCentredString(0, -35, text)
        self.restoreState()


def _draw_mixed(canvas: Canvas, x: float, y: float, text: str, size: float, *, right: bool = False) -> None:
    """A header or footer text (a child's name, an organisation) in any script: each run in its face
    (``scripts``), right-aligned at ``x`` when ``right``."""
    from .scripts import RIGHT_TO_LEFT, font_for, needs_help, runs, visual

    if not needs_help(text):
        (canvas.drawRightString if right else canvas.drawString)(x, y, text)
        return
    pieces = []
    for kind, run in runs(text):
        font = REGULAR if kind is None else font_for(kind)
        shown = visual(run, kind) if kind in RIGHT_TO_LEFT else run
        pieces.append((font, shown, canvas.stringWidth(shown, font, size)))
    x = x - sum(width for _, _, width in pieces) if right else x
    for font, shown, width in pieces:
        canvas.setFont(font, size)
        canvas.drawString(x, y, shown)
        x += width
    canvas.setFont(REGULAR, size)


def _fit(canvas: Canvas, text: str, font: str, size: float, max_width: float) -> str:
    """Shorten a header or footer text with an ellipsis so it never runs into the marking in the middle."""
    if canvas.stringWidth(text, font, size) <= max_width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"
