"""How reports look: type sizes, colours, and grades shown as colour, number and word together.

The grade colours come from ``domain/palette.py``, shared with the screen and the charts. A grade is never shown
by colour alone: a photocopy in black and white must still read correctly.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import BOLD, REGULAR, register_fonts

PAGE_SIZE = A4
MARGIN = 18 * mm
TOP_MARGIN = 22 * mm
BOTTOM_MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

from ..domain.palette import GRADE_COLOURS, NOT_ASSESSED, UNGRADED  # noqa: E402,F401

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#b7c0cc")
SHADE = colors.HexColor("#eef1f5")
PROMPT_BACKGROUND = colors.HexColor("#fff4d6")
PROMPT_BORDER = colors.HexColor("#c99a06")



def grade_colours(grade: int | None, *, not_assessed: bool = False) -> tuple[colors.Color, colors.Color]:
    """(background, text) for a grade cell."""
    if grade in GRADE_COLOURS:
        background, text = GRADE_COLOURS[grade]
    else:
        background, text = NOT_ASSESSED if not_assessed else UNGRADED
    return colors.HexColor(background), colors.HexColor(text)


class Styles:
    """The paragraph styles of one report family. Built once; reportlab styles are read-only in use."""

    def __init__(self) -> None:
        register_fonts()
        base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12, textColor=INK, spaceAfter=4,
                              bulletFontName=REGULAR)
        self.body = base
        self.title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=17, leading=21,
                                    textColor=ACCENT, spaceAfter=2)
        self.subtitle = ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, textColor=MUTED,
                                       spaceAfter=8)
        self.heading = ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=12.5, leading=16,
                                      textColor=ACCENT, spaceBefore=12, spaceAfter=5)
        self.subheading = ParagraphStyle("subheading", parent=base, fontName=BOLD, fontSize=10, leading=13,
                                         spaceBefore=7, spaceAfter=3)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=BOLD)
        self.cell_head = ParagraphStyle("cell_head", parent=self.cell, fontName=BOLD, textColor=ACCENT)
        self.cell_muted = ParagraphStyle("cell_muted", parent=self.cell, textColor=MUTED)
        self.muted = ParagraphStyle("muted", parent=base, textColor=MUTED)
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=MUTED)
        self.prompt = ParagraphStyle("prompt", parent=base, fontName=BOLD, textColor=colors.HexColor("#5a4300"),
                                     backColor=PROMPT_BACKGROUND, borderColor=PROMPT_BORDER, borderWidth=0.8,
                                     borderPadding=5, spaceBefore=6, spaceAfter=10)
        self.evidence_item = ParagraphStyle("evidence_item", parent=base, fontName=BOLD, spaceBefore=4,
                                            spaceAfter=2)
        self.evidence = ParagraphStyle("evidence", parent=base, leftIndent=12, spaceAfter=3)
        self.hash = ParagraphStyle("hash", parent=self.cell, fontSize=7.6, leading=10)
        self.centre = ParagraphStyle("centre", parent=self.cell, alignment=TA_CENTER)
        self._grade_cells: dict[tuple[int | None, bool], ParagraphStyle] = {}

    def grade_cell(self, grade: int | None, *, not_assessed: bool = False) -> ParagraphStyle:
        """A cell style whose text colour suits the grade's background."""
        key = (grade, not_assessed)
        if key not in self._grade_cells:
            _, ink = grade_colours(grade, not_assessed=not_assessed)
            self._grade_cells[key] = ParagraphStyle(f"grade-{grade}-{not_assessed}", parent=self.cell, textColor=ink)
        return self._grade_cells[key]


@cache
def report_styles() -> Styles:
    return Styles()
