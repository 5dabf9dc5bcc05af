"""The one table look of every report: light rules, a shaded heading row repeated on each page, and rows that may
split across a page break, so a long note in a cell flows on instead of stopping the build."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table, TableStyle

from .fonts import REGULAR
from .paragraphs import Paragraph
from .styles import RULE, SHADE, Styles

Cell = Flowable | str


def report_table(rows: Sequence[Sequence[Cell]], widths: Sequence[float], *, header: bool = True,
                 commands: Sequence[tuple] = ()) -> Table:
    style = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # for empty cells too; reportlab's default is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    style.extend(commands)
    return Table(list(map(list, rows)), colWidths=list(widths), style=TableStyle(style), hAlign="LEFT",
                 repeatRows=1 if header else 0, splitInRow=1, spaceAfter=6)


def header_row(styles: Styles, *titles: str) -> list[Paragraph]:
    return [Paragraph(title, styles.cell_head) for title in titles]
