"""The typefaces every report uses, registered once and embedded in each PDF.

Reports are read years later, on other machines and by other organisations, so they must not lean on whatever fonts
a reader's computer has: reportlab's standard 14 fonts are not embedded and cover little beyond Latin-1, which
would turn names such as "Łukasz" or "Nguyễn" into empty boxes. DejaVu Sans covers them, and its licence
(``resources/fonts/LICENSE-DejaVu.txt``) allows it to be shipped and embedded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import resources_dir

REGULAR = "GcpDeskSans"
BOLD = "GcpDeskSans-Bold"
FAMILY = REGULAR

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


@cache
def register_fonts() -> None:
    """Register the report fonts with reportlab. Safe to call often; the files are read on the first call only."""
    folder = fonts_dir()
    for name, file_name in _FILES.items():
        path = folder / file_name
        if not path.is_file():
            raise FileNotFoundError(f"The report font {file_name} is missing from {folder}; reinstall GCP Desk.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # Italic maps to the upright faces: two files keep the installer small, and emphasis in reports is bold.
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, REGULAR)
    addMapping(FAMILY, 1, 1, BOLD)
