"""A finished report as it will print: its pages to scroll through and zoom, then Print… or Save as PDF….

What is printed or saved is exactly the PDF given (for a countersigned report, the digitally signed file): the
preview only draws it. Pages are drawn when first seen and only a few are kept, so a long report opens at once.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..pdf_pages import POINTS_PER_INCH, PdfPages
from ..printing import PrintingCancelled, chosen_pages, match_first_page, print_pages
from ...files import why_not_written, write_whole_file
from ..widgets.message_bar import MessageBar

ZOOM_STEPS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
PAGE_GAP = 16
PAGES_KEPT = 8
"""Drawn pages kept in memory; about 4 MB each at 100 per cent."""


class PageView(QWidget):
    """One page, drawn by the dialog at the size this widget is given."""

    def __init__(self, index: int, draw, parent: QWidget):
        super().__init__(parent)
        self.index = index
        self._draw = draw
        self.setAccessibleName(f"Page {index + 1}")

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        image = self._draw(self.index, round(self.width() * ratio))
        image.setDevicePixelRatio(ratio)
        painter = QPainter(self)
        painter.drawImage(0, 0, image)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class PrintPreviewDialog(QDialog):
    saved = Signal(object)
    """The ``Path`` the report was saved to."""
    printed = Signal(int)
    """How many pages were sent to the printer."""

    def __init__(self, parent: QWidget | None, pdf_bytes: bytes, *, title: str, default_file_name: str):
        super().__init__(parent)
        self._pdf = bytes(pdf_bytes)
        self._pages = PdfPages(self._pdf)  # UnreadablePdf if the bytes are not a PDF
        self._default_file_name = default_file_name
        self._folder: Path | None = None
        self._drawn: OrderedDict[int, tuple[int, QImage]] = OrderedDict()
        self.zoom = 1.0
        self.fit_width = True
        self.setWindowTitle(title)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.zoom_out_button = QPushButton("Zoom out")
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("000%  "))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = QPushButton("Zoom in")
        self.fit_button = QPushButton("Fit width")
        self.page_label = QLabel()
        self.print_button = QPushButton("Print…")
        self.save_button = QPushButton("Save as PDF…")
        self.close_button = QPushButton("Close")
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(+1))
        self.fit_button.clicked.connect(self.set_fit_width)
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.close_button.clicked.connect(self.reject)
        self.print_button.setDefault(True)
        for button, shortcut in [(self.zoom_in_button, QKeySequence.StandardKey.ZoomIn),
                                 (self.zoom_out_button, QKeySequence.StandardKey.ZoomOut),
                                 (self.print_button, QKeySequence.StandardKey.Print),
                                 (self.save_button, QKeySequence.StandardKey.Save)]:
            QShortcut(shortcut, self, activated=button.click)
            button.setToolTip(QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))

        tools = QHBoxLayout()
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.page_label)
        tools.addStretch(1)
        for widget in (self.print_button, self.save_button, self.close_button):
            tools.addWidget(widget)
        self._tools = tools

        self.message = MessageBar(self)
        self._column = QWidget()
        self._column.setObjectName("previewPages")
        self._column.setStyleSheet("QWidget#previewPages { background: #e6e6e6; }")
        self.page_views = [PageView(index, self._page_image, self._column) for index in range(self._pages.count)]
        self.scroll = QScrollArea()
        self.scroll.setWidget(self._column)
        self.scroll.setAccessibleName("Report pages")
        self.scroll.setAccessibleDescription(f"{self._pages.count} pages. Page Up and Page Down move through them.")
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width stays steady
        self.scroll.verticalScrollBar().valueChanged.connect(self._update_page_label)
        self.scroll.viewport().installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)
        self.resize(1000, 760)
        self._lay_out_pages()
        self.scroll.setFocus()

    def add_tool(self, button: QPushButton) -> None:
        """One more action beside Print (signing on the team server, say)."""
        self._tools.insertWidget(self._tools.indexOf(self.print_button), button)

    # Pages and zoom ---------------------------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return self._pages.count

    @property
    def current_page(self) -> int:
        """The page (from 0) filling the upper part of the view."""
        line = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
        for view in self.page_views:
            if view.geometry().bottom() + PAGE_GAP >= line:
                return view.index
        return self._pages.count - 1

    def show_page(self, index: int) -> None:
        """Scroll so that page ``index`` (from 0) starts at the top of the view."""
        self.scroll.verticalScrollBar().setValue(self.page_views[index].y() - PAGE_GAP // 2)

    def _actual_width(self, index: int) -> float:
        """A page's width in screen pixels at 100 per cent: its real size on this screen."""
        return self._pages.size_in_points(index).width() / POINTS_PER_INCH * self.logicalDpiX()

    def step_zoom(self, direction: int) -> None:
        if direction > 0:
            bigger = [step for step in ZOOM_STEPS if step > self.zoom + 0.01]
            self.set_zoom(bigger[0] if bigger else ZOOM_STEPS[-1])
        else:
            smaller = [step for step in ZOOM_STEPS if step < self.zoom - 0.01]
            self.set_zoom(smaller[-1] if smaller else ZOOM_STEPS[0])

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self._lay_out_pages(zoom)

    def set_fit_width(self) -> None:
        self.fit_width = True
        self._lay_out_pages()

    def _lay_out_pages(self, zoom: float | None = None) -> None:
        """Size and place every page for the zoom, keeping the same place in the report in view."""
        bar = self.scroll.verticalScrollBar()
        place = bar.value() / max(1, bar.maximum())
        viewport = self.scroll.viewport().width()
        widest = max(self._actual_width(index) for index in range(self._pages.count))
        if self.fit_width:
            zoom = max(0.2, (viewport - 2 * PAGE_GAP) / widest)
        self.zoom = zoom if zoom is not None else self.zoom
        column_width = max(viewport, round(widest * self.zoom) + 2 * PAGE_GAP)
        top = PAGE_GAP
        for view in self.page_views:
            size = self._pages.size_in_points(view.index)
            width = round(self._actual_width(view.index) * self.zoom)
            height = round(width * size.height() / size.width())
            view.setGeometry((column_width - width) // 2, top, width, height)
            top += height + PAGE_GAP
        self._column.resize(column_width, top)
        bar.setValue(round(place * bar.maximum()))
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.zoom_label.setAccessibleName(f"Zoom {round(self.zoom * 100)} per cent")
        self.zoom_out_button.setEnabled(self.zoom > ZOOM_STEPS[0] + 0.01)
        self.zoom_in_button.setEnabled(self.zoom < ZOOM_STEPS[-1] - 0.01)
        self._update_page_label()

    def _update_page_label(self) -> None:
        self.page_label.setText(f"Page {self.current_page + 1} of {self._pages.count}")

    def _page_image(self, index: int, width: int) -> QImage:
        """Page ``index`` drawn ``width`` pixels wide: kept from last time if it was drawn at that width."""
        kept = self._drawn.get(index)
        if kept is None or kept[0] != width:
            kept = (width, self._pages.render_to_width(index, width))  # PDFium may round to a pixel more
            self._drawn[index] = kept
        self._drawn.move_to_end(index)
        while len(self._drawn) > PAGES_KEPT:
            self._drawn.popitem(last=False)
        return kept[1]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._lay_out_pages()
        return super().eventFilter(watched, event)

    # Printing ---------------------------------------------------------------------------------------------------

    def print_report(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        match_first_page(printer, self._pages)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print the report")
        dialog.setMinMax(1, self._pages.count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the pages chosen on ``printer``; the number of pages sent (0 if printing failed, said in words)."""
        indexes = chosen_pages(printer, self._pages.count, self.current_page)
        if not indexes:
            self.message.show_error("None of the pages chosen are in this report, so nothing was printed.")
            return 0
        # A page takes a few tenths of a second to send; the window keeps answering, and printing can be stopped.
        progress = QProgressDialog("Sending the report to the printer…", "Stop printing", 0, len(indexes), self)
        progress.setWindowTitle("Printing")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)

        def on_page(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            sent = print_pages(self._pages, printer, indexes, on_page)
        except PrintingCancelled:
            self.message.show_info("Printing was stopped. Pages already printed may still come out of the printer.")
            return 0
        except OSError as error:
            self.message.show_error(f"The report was not printed: {error}. Check the printer is on and connected, "
                                    "then try again.")
            return 0
        finally:
            progress.reset()
            progress.deleteLater()
        where = printer.printerName() or printer.outputFileName() or "the printer"
        self.message.show_info(f"Sent {sent} page{'s' if sent != 1 else ''} to {where}.")
        self.printed.emit(sent)
        return sent

    # Saving -----------------------------------------------------------------------------------------------------

    def save_as_pdf(self) -> None:
        folder = self._folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the report as PDF", str(folder / self._default_file_name),
                                                "PDF files (*.pdf)")
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, target: Path) -> bool:
        """Write the report's exact bytes to ``target`` (``.pdf`` added if missing); ``False`` if it failed."""
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        try:
            write_whole_file(target, self._pdf)
        except OSError as error:
            self.message.show_error(f"The report was not saved in {target.parent}: {why_not_written(error)}. "
                                    "Nothing was written there; choose another folder and try again.")
            return False
        self._folder = target.parent
        self.message.show_info(f"Saved as {target.name} in {target.parent}.")
        self.saved.emit(target)
        return True

    def done(self, result: int) -> None:
        self._drawn.clear()
        super().done(result)

