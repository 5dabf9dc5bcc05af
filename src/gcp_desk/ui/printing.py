"""Printing a finished PDF: each chosen page drawn as an image onto a QPrinter, at the page's real size.

The report's own margins are part of its pages, so the printer is used full-page and each page is placed at actual
size (shrunk only if the paper is smaller, as A4 on US Letter). Pages are drawn at the printer's resolution up to
300 dots per inch: sharp on paper, and a 12-page report stays tens rather than hundreds of megabytes in memory.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from .pdf_pages import POINTS_PER_INCH, PdfPages

PRINT_DPI_LIMIT = 300


def match_first_page(printer: QPrinter, pages: PdfPages) -> None:
    """Offer the report's own paper size and orientation as the printer's defaults (the print dialog shows them)."""
    size = pages.size_in_points(0)
    portrait = size.height() >= size.width()
    points = QSize(round(min(size.width(), size.height())), round(max(size.width(), size.height())))
    printer.setPageSize(QPageSize(points, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait if portrait else QPageLayout.Orientation.Landscape)
    printer.setFullPage(True)


def chosen_pages(printer: QPrinter, count: int, current: int) -> list[int]:
    """The page indexes (from 0) to print, in printing order, from the range chosen in the print dialog."""
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        indexes = [current]
    elif mode == QPrinter.PrintRange.PageRange:
        ranges = printer.pageRanges()
        if ranges.isEmpty():
            first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
            indexes = [number - 1 for number in range(first, last + 1)]
        else:
            indexes = [number - 1 for number in range(1, count + 1) if ranges.contains(number)]
    else:
        indexes = list(range(count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        indexes.reverse()
    return indexes


class PrintingCancelled(Exception):
    """The person stopped the printing part-way; the job was abandoned."""


def print_pages(pages: PdfPages, printer: QPrinter, indexes: list[int],
                on_page: Callable[[int, int], bool] | None = None) -> int:
    """Draw ``indexes`` onto ``printer``; the number of pages sent.

    ``on_page(done, total)`` is called after each page and may return ``False`` to stop: the job is then abandoned
    and ``PrintingCancelled`` raised. ``OSError`` if the printer cannot start or reports an error.
    """
    if not indexes:
        return 0
    printer.setFullPage(True)
    # Copies are the driver's job where it can do them; where it cannot, the job holds each copy in turn.
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    sheets = [page for _ in range(copies) for page in indexes]
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    sent = 0
    try:
        dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
        paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        for index in sheets:
            if sent:
                printer.newPage()
            painter.drawImage(_placed(pages.size_in_points(index), printer.resolution(), paper),
                              pages.render(index, dpi))
            sent += 1
            if on_page is not None and not on_page(sent, len(sheets)):
                printer.abort()
                raise PrintingCancelled
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise OSError("the printer reported an error")
    return sent


def _placed(page_points: QSizeF, resolution: int, paper: QRectF) -> QRectF:
    """Where a page goes on the paper, in printer pixels: actual size, shrunk to fit if need be, centred."""
    size = page_points * (resolution / POINTS_PER_INCH)
    if size.width() > paper.width() or size.height() > paper.height():
        size = size.scaled(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)
    corner = QPointF((paper.width() - size.width()) / 2, (paper.height() - size.height()) / 2)
    return QRectF(corner, size)
