"""The pages of a finished PDF as images, for the print preview and for printing (PySide6-Essentials has no QtPdf).

    pages = PdfPages(pdf_bytes)
    pages.count                        # how many pages
    pages.size_in_points(0)            # (width, height); 72 points to the inch
    pages.render(0, dpi=96)            # a QImage of the first page

PDFium is not thread-safe, so pages are drawn on one thread only (the UI thread); drawing a report page at screen
resolution takes a few milliseconds, so the preview draws pages when they are first seen, not all at open.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

from ..domain.errors import GcpDeskError

POINTS_PER_INCH = 72.0


class UnreadablePdf(GcpDeskError):
    """The bytes given are not a PDF that can be drawn."""


class PdfPages:
    """A PDF's pages. PDFium's copy of the document is opened for each page drawn (about a millisecond) and closed
    again, so nothing is left open however long the preview that holds this lives."""

    def __init__(self, pdf_bytes: bytes):
        self._bytes = bytes(pdf_bytes)
        document = self._open()
        try:
            self.count = len(document)
            self._sizes = [document.get_page_size(index) for index in range(self.count)]  # no page loaded
        finally:
            document.close()
        if self.count == 0:
            raise UnreadablePdf("The report could not be shown: the PDF has no pages.")

    def _open(self) -> pdfium.PdfDocument:
        try:
            return pdfium.PdfDocument(self._bytes)
        except pdfium.PdfiumError as error:
            raise UnreadablePdf(f"The report could not be shown: it is not a readable PDF ({error}).") from error

    def size_in_points(self, index: int) -> QSizeF:
        width, height = self._sizes[index]
        return QSizeF(width, height)

    def render(self, index: int, dpi: float) -> QImage:
        """Page ``index`` (from 0) drawn at ``dpi`` dots per inch, on white."""
        made: list[QImage] = []

        def into_image(width: int, height: int, format: int, rev_byteorder: bool) -> pdfium.PdfBitmap:
            """PDFium draws straight into the QImage's own pixels: no second buffer, and no copy afterwards."""
            image = QImage(width, height, QImage.Format.Format_RGBX8888)
            made.append(image)
            pixels = (ctypes.c_ubyte * image.sizeInBytes()).from_buffer(image.bits())
            return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder, buffer=pixels,
                                               stride=image.bytesPerLine())

        document = self._open()
        try:
            document[index].render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, bitmap_maker=into_image,
                                   force_bitmap_format=pdfium_raw.FPDFBitmap_BGRx, fill_color=(255, 255, 255, 255))
        finally:
            document.close()  # closes its pages and the bitmap's shell; the pixels belong to the QImage
        return made[0]

    def render_to_width(self, index: int, width_pixels: int) -> QImage:
        """Page ``index`` drawn ``width_pixels`` wide, its height in proportion."""
        width_points = self._sizes[index][0]
        return self.render(index, dpi=width_pixels / width_points * POINTS_PER_INCH)


def page_count(pdf_bytes: bytes) -> int:
    return PdfPages(pdf_bytes).count
