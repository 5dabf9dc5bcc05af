"""The print preview of a report: every page shown, zoom, printing the chosen pages, saving the exact file."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from uuid import uuid4

import pytest
from accessibility import unnamed_controls
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QVBoxLayout, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from report_builders import sample_report_data  # noqa: E402
from shell_support import demo_user  # noqa: E402

from gcp_desk.domain.enums import AssessmentStatus  # noqa: E402
from gcp_desk.domain.errors import NotAllowed  # noqa: E402
from gcp_desk.ui.dialogs.print_preview import PrintPreviewDialog  # noqa: E402
from gcp_desk.ui.pdf_pages import PdfPages, UnreadablePdf, page_count  # noqa: E402
from gcp_desk.ui.printing import PrintingCancelled, print_pages  # noqa: E402
from gcp_desk.ui.report_preview import ReportPreview  # noqa: E402

FILE_NAME = "Maisie Ashworth neglect profile 2026-03-16.pdf"


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    from gcp_desk.reports.assessment_report import build_assessment_report

    return build_assessment_report(sample_report_data(status=AssessmentStatus.DRAFT))


@pytest.fixture(scope="module")
def family_pdf() -> bytes:
    from gcp_desk.reports.family_summary import build_family_summary

    return build_family_summary(sample_report_data())


def pages_in(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def preview(qtbot, report_pdf):
    dialog = PrintPreviewDialog(None, report_pdf, title="Print preview: Maisie Ashworth",
                                default_file_name=FILE_NAME)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 760)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def dark_share(image) -> float:
    """The share of sampled pixels that are clearly not paper: text, lines, colour."""
    dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            total += 1
            dark += (image.pixel(x, y) & 0xFF) < 160
    return dark / total


def test_page_images_come_from_the_pdf(report_pdf):
    pages = PdfPages(report_pdf)
    assert pages.count == pages_in(report_pdf) == page_count(report_pdf) > 1
    a4 = pages.size_in_points(0)
    assert (round(a4.width()), round(a4.height())) == (595, 842)
    image = pages.render(0, dpi=72)
    assert image.width() == pytest.approx(595, abs=1) and image.height() == pytest.approx(842, abs=1)
    assert pages.render(0, dpi=144).width() == pytest.approx(1191, abs=1)
    assert 0.005 < dark_share(image) < 0.5  # words on white, not a blank or black page
    assert pages.render(1, dpi=36).width() == pytest.approx(298, abs=1)
    with pytest.raises(UnreadablePdf, match="not a readable PDF"):
        PdfPages(b"%PDF-1.4 this is not really a PDF")


def test_every_page_is_shown_and_the_page_number_follows_the_scrolling(qtbot, preview, report_pdf):
    count = pages_in(report_pdf)
    assert preview.page_count == count
    assert [view.isVisible() for view in preview.page_views] == [True] * count
    assert preview.page_label.text() == f"Page 1 of {count}"
    preview.scroll.setFocus()
    for _ in range(count * 4):
        qtbot.keyClick(preview.scroll, Qt.Key.Key_PageDown)
    assert preview.page_label.text() == f"Page {count} of {count}"
    # Opening draws only the pages in view, so a long report opens at once; a page is drawn once per size.
    assert 0 < len(preview._drawn) < count
    last = preview.page_views[-1]
    last.repaint()
    first_drawing = preview._drawn[count - 1]
    last.repaint()
    assert preview._drawn[count - 1] is first_drawing


def test_zooming_changes_the_size_the_pages_are_drawn(qtbot, preview, screenshot):
    page = preview.page_views[0]
    viewport = preview.scroll.viewport().width()
    assert preview.fit_width and viewport - 40 < page.width() <= viewport  # fits the width at first
    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    smaller = page.width()
    assert smaller < viewport - 40
    assert preview.zoom_label.text() == f"{round(preview.zoom * 100)}%"
    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    bigger = page.width()
    assert bigger > smaller * 1.2
    assert page.height() / page.width() == pytest.approx(842 / 595, rel=0.01)  # still A4, not stretched
    preview.scroll.ensureWidgetVisible(page)
    drawn = page.grab().toImage()
    assert drawn.width() == bigger and dark_share(drawn) > 0.005
    screenshot(preview, "print-preview-zoomed")
    qtbot.mouseClick(preview.fit_button, Qt.MouseButton.LeftButton)
    assert preview.fit_width and page.width() == pytest.approx(viewport - 32, abs=2)
    for _ in range(10):
        qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert not preview.zoom_in_button.isEnabled() and preview.zoom == 3.0


def test_save_as_pdf_writes_exactly_the_report(qtbot, preview, report_pdf, tmp_path, monkeypatch):
    asked = []

    def choose(parent, caption, proposed, file_filter):
        asked.append(proposed)
        return str(tmp_path / "for conference"), file_filter  # typed without .pdf

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    with qtbot.waitSignal(preview.saved) as saved:
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "for conference.pdf"
    assert asked and Path(asked[0]).name == FILE_NAME
    assert saved.args == [target]
    assert target.read_bytes() == report_pdf
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for conference.pdf"]
    assert preview.message.kind == "info" and str(tmp_path) in preview.message.text
    # The next save starts in the folder chosen last time.
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert Path(asked[1]).parent == tmp_path


def test_a_missing_folder_is_named_and_nothing_is_written(qtbot, preview, tmp_path, monkeypatch):
    gone = tmp_path / "USB stick"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(gone / FILE_NAME), ""))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert preview.message.kind == "error"
    assert str(gone) in preview.message.text and "does not exist" in preview.message.text
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_leaves_no_part_file_and_no_traceback(qtbot, preview, tmp_path):
    # A folder already has the report's name: the .part file is written, then cannot take the name.
    (tmp_path / FILE_NAME).mkdir()
    assert preview.save_to(tmp_path / FILE_NAME) is False
    assert str(tmp_path) in preview.message.text and "folder with that name" in preview.message.text
    assert "Traceback" not in preview.message.text
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]
    assert (tmp_path / FILE_NAME).is_dir() and list((tmp_path / FILE_NAME).iterdir()) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write in any folder")
def test_a_read_only_folder_is_named(preview, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert preview.save_to(locked / FILE_NAME) is False
        assert str(locked) in preview.message.text and "not allowed" in preview.message.text
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def printer_to(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_sends_every_page_at_a4(preview, report_pdf, tmp_path):
    printed = tmp_path / "printed.pdf"
    assert preview.print_to(printer_to(printed)) == pages_in(report_pdf)
    reader = PdfReader(printed)
    assert len(reader.pages) == pages_in(report_pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    last = PdfPages(printed.read_bytes()).render(len(reader.pages) - 1, dpi=50)
    assert dark_share(last) > 0.005  # the page image really went onto the paper
    assert preview.message.kind == "info" and "Sent" in preview.message.text


def test_printing_respects_the_chosen_page_range(preview, tmp_path):
    printer = printer_to(tmp_path / "pages-2-3.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert preview.print_to(printer) == 2
    assert len(PdfReader(tmp_path / "pages-2-3.pdf").pages) == 2

    current = printer_to(tmp_path / "current.pdf")
    current.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert preview.print_to(current) == 1


def test_the_print_button_offers_the_report_pages_and_prints_what_is_chosen(qtbot, preview, tmp_path, monkeypatch):
    offered = {}

    def person_chooses_pages_3_to_4(dialog):
        printer = dialog.printer()
        offered.update(range=(dialog.minPage(), dialog.maxPage()), paper=printer.pageLayout().pageSize().name())
        printer.setOutputFileName(str(tmp_path / "chosen.pdf"))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(3, 4)
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", person_chooses_pages_3_to_4)
    with qtbot.waitSignal(preview.printed) as printed:
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert offered == {"range": (1, preview.page_count), "paper": "A4"}
    assert printed.args == [2] and len(PdfReader(tmp_path / "chosen.pdf").pages) == 2


def test_printing_can_be_stopped_part_way(report_pdf, tmp_path):
    pages = PdfPages(report_pdf)
    seen = []

    def stop_after_two(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    with pytest.raises(PrintingCancelled):
        print_pages(pages, printer_to(tmp_path / "stopped.pdf"), list(range(pages.count)), stop_after_two)
    assert seen == [(1, pages.count), (2, pages.count)]


def test_every_control_has_a_name(preview):
    assert unnamed_controls(preview) == []


class FakeReports:
    """The ReportService methods the preview calls, over PDFs made by the report builders."""

    def __init__(self, report: bytes, family: bytes, refuse: Exception | None = None):
        self._report, self._family, self._refuse = report, family, refuse
        self.calls: list[str] = []

    def assessment_report(self, assessment_id, *, builder=None):
        self.calls.append("report")
        if self._refuse:
            raise self._refuse
        return self._report

    def family_summary(self, assessment_id, *, builder=None):
        self.calls.append("family")
        return self._family

    def default_file_name(self, assessment_id, *, family=False):
        return f"Maisie Ashworth {'family summary' if family else 'neglect profile'} 2026-03-16.pdf"


@pytest.mark.parametrize("family", [False, True])
def test_the_controller_opens_the_report_asked_for(qtbot, runner, report_pdf, family_pdf, family):
    reports = FakeReports(report_pdf, family_pdf)
    controller = ReportPreview(runner, lambda: reports)
    with qtbot.waitSignal(controller.opened) as opened:
        controller.open(uuid4(), family=family)
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    assert reports.calls == ["family" if family else "report"]
    assert dialog.page_count == pages_in(family_pdf if family else report_pdf)
    assert ("family summary" in dialog.windowTitle()) is family
    assert dialog.isVisible() and not controller.is_busy


def test_the_controller_says_why_a_report_cannot_be_made(qtbot, runner, report_pdf, family_pdf):
    refusal = NotAllowed("Only the practitioner or a supervisor can see this report.")
    controller = ReportPreview(runner, lambda: FakeReports(report_pdf, family_pdf, refuse=refusal))
    with qtbot.waitSignal(controller.problem) as problem:
        controller.open(uuid4())
    assert problem.args == [refusal] and controller.dialog is None and not controller.is_busy

    unreadable = ReportPreview(runner, lambda: FakeReports(b"not a pdf", family_pdf))
    with qtbot.waitSignal(unreadable.problem) as problem:
        unreadable.open(uuid4())
    assert isinstance(problem.args[0], UnreadablePdf) and unreadable.dialog is None


def test_a_countersigned_report_saved_from_the_preview_still_verifies(qtbot, runner, demo_backend, tmp_path):
    user = demo_user(demo_backend)
    assessments = demo_backend.assessments(user)
    signed = next(assessment for row in demo_backend.children(user).caseload()
                  for assessment in assessments.history(row.child_id)
                  if assessment.status is AssessmentStatus.COUNTERSIGNED)
    reports = demo_backend.reports(user)
    controller = ReportPreview(runner, lambda: reports)
    with qtbot.waitSignal(controller.opened) as opened:
        controller.open(signed.id)
    dialog = opened.args[0]
    qtbot.addWidget(dialog)
    file_name = reports.default_file_name(signed.id)
    assert dialog.windowTitle() == f"Print preview: {file_name.removesuffix('.pdf')}"
    assert dialog.save_to(tmp_path / file_name)
    assert reports.verify((tmp_path / file_name).read_bytes()).ok  # the PAdES signature survived the saving


def test_the_preview_looks_like_a_report(preview, screenshot):
    image = screenshot(preview, "print-preview")
    assert image.width() >= 900


class WorkerReports:
    """The report service's two calls, building the invented report in whatever builder the preview passes."""

    def __init__(self):
        self.builders: list = []

    def assessment_report(self, assessment_id, *, builder=None):
        self.builders.append(builder)
        return builder.assessment_report(sample_report_data(status=AssessmentStatus.DRAFT), None)

    def default_file_name(self, assessment_id, *, family=False):
        return "Maisie Ashworth neglect profile 2026-03-16.pdf"


def test_the_preview_builds_in_the_report_worker_and_says_plainly_when_it_stopped(qtbot, tmp_path):
    """With a real background runner, reports are built in the report worker's own process. If it ends while a
    report is being made, the window says so in words; asking again starts another worker and shows the report."""
    import threading

    from gcp_desk.reports.worker import ReportWorkerStopped
    from gcp_desk.ui.tasks import TaskRunner
    from gcp_desk.ui.widgets.message_bar import MessageBar

    window = QWidget()
    bar = MessageBar(window)
    QVBoxLayout(window).addWidget(bar)
    window.resize(900, 90)
    qtbot.addWidget(window)
    reports = WorkerReports()
    controller = ReportPreview(TaskRunner(), lambda: reports, parent=window)
    controller.problem.connect(bar.show_error)
    worker = controller.worker
    try:
        worker.start()
        first = worker.pid
        threading.Timer(0.3, lambda: os.kill(first, 9)).start()  # still loading its libraries: no answer yet
        with qtbot.waitSignal(controller.problem, timeout=60_000) as problem:
            controller.open(uuid4())
        assert isinstance(problem.args[0], ReportWorkerStopped) and controller.dialog is None
        assert "stopped unexpectedly. Nothing was lost. Try again" in bar.text
        window.show()
        window.grab().save(str(tmp_path / "worker-stopped.png"))

        with qtbot.waitSignal(controller.opened, timeout=60_000) as opened:
            controller.open(uuid4())
        qtbot.addWidget(opened.args[0])
        assert worker.pid not in (None, first) and opened.args[0].page_count > 1
        assert reports.builders == [worker, worker]
    finally:
        worker.stop()
