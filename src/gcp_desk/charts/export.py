"""Saving a chart as a PNG or SVG file, or as bytes for a report.

``Figure.savefig`` draws with the renderer for the format asked for, so this works the same for a bare figure and
for one already shown on screen in a Qt canvas: the figure's own canvas is left alone.
"""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

PNG_DPI = 200
"""Sharp enough to print at the chart's size; screens use the figure on its canvas instead."""
FILE_TYPES = {".png": "png", ".svg": "svg"}


def save_figure(figure: Figure, path: str | Path) -> Path:
    """Write ``figure`` to ``path`` as PNG or SVG, chosen by the file's suffix; returns the path written."""
    path = Path(path)
    file_type = FILE_TYPES.get(path.suffix.lower())
    if file_type is None:
        allowed = " or ".join(f"{kind.upper()} ({suffix})" for suffix, kind in FILE_TYPES.items())
        shown = f"'{path.suffix}'" if path.suffix else "no suffix"
        raise ValueError(f"A chart can be saved as {allowed}; '{path.name}' has {shown}.")
    path.write_bytes(figure_bytes(figure, file_type))
    return path


def figure_bytes(figure: Figure, file_type: str = "png") -> bytes:
    """The figure drawn as PNG or SVG bytes, e.g. to place in a PDF report."""
    if file_type not in FILE_TYPES.values():
        raise ValueError(f"A chart can be drawn as 'png' or 'svg', not '{file_type}'.")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=file_type, dpi=PNG_DPI, facecolor="white")
    return buffer.getvalue()
