"""The print preview screenshot for the README: a report opened for printing, at 1280x800.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots_preview.py
The report is the test builders' invented child (Maisie Ashworth); every name and detail in it is made up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from PySide6.QtWidgets import QApplication  # noqa: E402
from report_builders import sample_report_data  # noqa: E402

from gcp_desk.domain.enums import AssessmentStatus  # noqa: E402
from gcp_desk.reports.assessment_report import build_assessment_report  # noqa: E402
from gcp_desk.ui import pyside_workarounds  # noqa: E402
from gcp_desk.ui.dialogs.print_preview import PrintPreviewDialog  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "print-preview.png"
SIZE = (1280, 800)


def page_with(pdf: bytes, text: str) -> int:
    import io

    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        if text in page.extract_text():
            return number
    raise LookupError(text)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    pyside_workarounds.apply()
    pdf = build_assessment_report(sample_report_data(status=AssessmentStatus.COUNTERSIGNED))
    name = "Maisie Ashworth neglect profile 2026-03-16.pdf"
    dialog = PrintPreviewDialog(None, pdf, title=f"Print preview: {name.removesuffix('.pdf')}",
                                default_file_name=name)
    dialog.resize(*SIZE)
    dialog.show()
    dialog.set_zoom(1.0)
    dialog.show_page(page_with(pdf, "Profile of care") - 1)  # the page with graded colours
    for _ in range(5):
        app.processEvents()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(OUT))
    print(f"wrote {OUT}")
    dialog.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
