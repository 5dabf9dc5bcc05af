"""Draw resources/icons/gcp-desk.svg as the PNG sizes the desktops ask for, and the Windows .ico.

Run after changing the SVG: ``.venv/bin/python installer/make_icons.py``. The PNGs and the .ico are kept in the
repository, so a build needs no drawing tools. macOS's .icns is made from the 1024 PNG by ``iconutil`` on a Mac
(see installer/README.md); PyInstaller also turns a PNG into .icns when Pillow is installed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    entries, data, offset = b"", b"", 6 + 16 * len(images)
    for size, png in images.items():
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return header + entries + data


def main() -> int:
    QGuiApplication(sys.argv)
    renderer = QSvgRenderer(str(ICONS / "gcp-desk.svg"))
    if not renderer.isValid():
        print("gcp-desk.svg cannot be read", file=sys.stderr)
        return 1
    drawn = {size: png_bytes(draw(renderer, size)) for size in SIZES}
    for size, png in drawn.items():
        (ICONS / f"gcp-desk-{size}.png").write_bytes(png)
    (ICONS / "gcp-desk.ico").write_bytes(ico({size: drawn[size] for size in ICO_SIZES}))
    print(f"wrote {len(SIZES)} PNGs and gcp-desk.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
