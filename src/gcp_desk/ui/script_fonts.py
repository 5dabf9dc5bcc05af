"""The faces shipped for names in other scripts (Arabic, Hebrew, Chinese, Japanese, Korean, emoji), given to Qt
too, so a name shows on screen on a machine whose system has no such font. Qt then falls back to them by itself
and shapes right-to-left text. Registering the four files takes about 8 ms; Qt reads a face only when a text
needs it."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

from ..paths import resources_dir

SCREEN_FACES = ("NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf", "DroidSansFallback.ttf", "Symbola.ttf")


def register_script_fonts() -> list[str]:
    """Add the faces to the application's font database; returns the files that could not be added."""
    folder = resources_dir() / "fonts"
    return [name for name in SCREEN_FACES if QFontDatabase.addApplicationFont(str(folder / name)) < 0]
