"""Table cells that show a grade as colour, number and word at once, e.g. an orange cell reading "4 Most needs unmet".

Tables are built row by row; ``GradeCells`` hands out the cell's paragraph and remembers the background command
for it, so the table's style is assembled with its rows and cannot drift out of step with them.
"""

from __future__ import annotations

from ..domain.instrument import Instrument
from .paragraphs import Paragraph
from .styles import Styles, grade_colours
from .wording import safe

TableCommand = tuple


class GradeCells:
    def __init__(self, styles: Styles, instrument: Instrument) -> None:
        self._styles = styles
        self._instrument = instrument
        self.commands: list[TableCommand] = []

    def label(self, grade: int) -> str:
        return self._instrument.scale_label(grade)

    def words(self, grade: int) -> str:
        """ "4 Most needs unmet": what extracted text, a screen reader and a black-and-white copy all get."""
        return f"{grade} {self.label(grade)}"

    def inline(self, grade: int | None, *, empty_text: str = "Not graded yet", not_assessed: bool = False) -> str:
        """Paragraph markup for a grade inside running text: a coloured chip holding the number and the word."""
        background, ink = grade_colours(grade, not_assessed=not_assessed)
        words = f"<b>{grade}</b> {safe(self.label(grade))}" if grade is not None else safe(empty_text)
        return (f'<font backColor="#{background.hexval()[2:]}" color="#{ink.hexval()[2:]}">'
                f"&nbsp;{words}&nbsp;</font>")

    def cell(self, column: int, row: int, grade: int | None, *, empty_text: str = "Not graded yet",
             not_assessed: bool = False, number_only: bool = False) -> Paragraph:
        background, _ = grade_colours(grade, not_assessed=not_assessed)
        self.commands.append(("BACKGROUND", (column, row), (column, row), background))
        style = self._styles.grade_cell(grade, not_assessed=not_assessed)
        if grade is None:
            return Paragraph(safe(empty_text), style)
        if number_only:
            return Paragraph(f"<b>{grade}</b>", style)
        return Paragraph(f"<b>{grade}</b>&nbsp;&nbsp;{safe(self.label(grade))}", style)
