"""Make the sample report pages in this folder from invented data (the test builders' Maisie Ashworth).

    .venv/bin/python docs/reports/make_samples.py

Needs ``pdftoppm`` (Debian: ``apt-get install poppler-utils``). Every name and detail in the samples is made up.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from pypdf import PdfReader  # noqa: E402
from report_builders import sample_report_data  # noqa: E402

from gcp_desk.reports.assessment_report import build_assessment_report  # noqa: E402
from gcp_desk.reports.family_summary import build_family_summary  # noqa: E402

DPI = 80


def page_with(pdf: bytes, text: str) -> int:
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        if text in page.extract_text():
            return number
    raise LookupError(text)


def render(pdf: bytes, page: int, name: str) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sample.pdf"
        source.write_bytes(pdf)
        target = HERE / name
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
                        str(source), str(target.with_suffix(""))], check=True)
    return target


def main() -> None:
    data = sample_report_data()
    report = build_assessment_report(data)
    made = [
        render(report, 1, "assessment-report-first-page.png"),
        render(report, page_with(report, "Domain grades"), "assessment-report-profile.png"),
        render(report, page_with(report, "Change over time"), "assessment-report-over-time.png"),
        render(build_family_summary(data), 1, "family-summary.png"),
    ]
    for path in made:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
