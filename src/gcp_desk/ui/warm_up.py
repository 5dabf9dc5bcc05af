"""After sign-in, the libraries the first report needs are loaded behind the caseload, so that the first print
preview is about as quick as the later ones.

reportlab, matplotlib (and its font cache), pyHanko and PDFium take over a second to load the first time. They are
not loaded at start (the sign-in screen would wait), but once the caseload is on screen the worker loads them one
library per turn: whatever the practitioner does next waits behind one of them at most, never all of them.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable

from PySide6.QtCore import QTimer

from ..heap import freeze_long_lived
from .tasks import TaskRunner

AFTER_CASELOAD_MS = 500
"""The caseload is painted and settled before the first library loads."""


def _reports() -> None:
    import gcp_desk.reports.assessment_report  # noqa: F401  (reportlab)
    import gcp_desk.reports.family_summary  # noqa: F401
    from gcp_desk.reports.fonts import register_fonts

    register_fonts()  # the report's faces read and parsed: a third of a second of the first report otherwise


def _charts() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import gcp_desk.charts.over_time  # noqa: F401

    figure = Figure(figsize=(1, 1))
    figure.add_subplot().set_title("Warm")
    FigureCanvasAgg(figure).draw()  # matplotlib reads its font cache at the first text drawn


def _signing() -> None:
    import gcp_desk.reports.signing  # noqa: F401  (pyHanko, asn1crypto)


def _pages() -> None:
    import gcp_desk.ui.pdf_pages  # noqa: F401  (PDFium)


def release_memory() -> None:
    """Give back what a report left behind. A report builds and drops tens of megabytes of small objects (the PDF's
    pieces, the chart, the rendered page); Python keeps the freed memory in its heap, so each preview stood on the
    last one's (measured: 292 MB after one preview, 345 MB after six; with this after each, 285 MB throughout).
    Collects cycles, then asks the C library to return free heap pages to the system (glibc; elsewhere only the
    collection runs)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, from the symbols already loaded into the process; ``None`` where there is none."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # Windows has no "the process itself" library
        return None

def settle() -> None:
    """Once every library is loaded: give back what loading left, and leave what is alive out of the collector's
    later walks (``heap.freeze_long_lived``)."""
    release_memory()
    freeze_long_lived()


STEPS: tuple[Callable[[], None], ...] = (_reports, _charts, _signing, _pages, settle)


def warm_up_reports(runner: TaskRunner) -> None:
    """Load the report libraries on ``runner``'s worker, one per turn, starting shortly after now."""
    if runner.synchronous:
        return  # tests run every op at once on this thread: nothing to keep out of the way
    QTimer.singleShot(AFTER_CASELOAD_MS, lambda: _step(runner, list(STEPS)))


def _step(runner: TaskRunner, remaining: list[Callable[[], None]]) -> None:
    if remaining:
        # A library that fails to load fails again, with its message, when a report is asked for.
        runner.run(remaining.pop(0), lambda _done: _step(runner, remaining), lambda _error: None)
