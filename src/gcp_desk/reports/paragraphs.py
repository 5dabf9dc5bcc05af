"""reportlab's Paragraph, laid out once per width: a table lays out each cell's paragraphs to size its rows and
again to draw them, and the second time came to a fifth of a report's layout. Breaking a paragraph into lines
depends only on the width it is given, so the lines found for that width are kept (the file made is byte for byte
the same)."""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph


class Paragraph(_Paragraph):
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        laid = self.__dict__.get("_laid_out")
        if laid is not None and laid[0] == availWidth and "blPara" in self.__dict__:
            return laid[1]
        size = super().wrap(availWidth, availHeight)
        self._laid_out = (availWidth, size)
        return size

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803 - reportlab's names
        self.__dict__.pop("_laid_out", None)  # splitting may change or drop the lines found
        try:
            return super().split(availWidth, availHeight)
        finally:
            self.__dict__.pop("_laid_out", None)
