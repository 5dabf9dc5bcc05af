"""GCP Desk's icon (resources/icons), at every size the desktop may ask for."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from ..paths import icons_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icons_dir() / f"gcp-desk-{size}.png"))
    return icon
