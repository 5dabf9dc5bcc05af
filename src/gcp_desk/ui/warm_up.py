"""After sign-in, the report worker is started behind the caseload, so that the first print preview is about as
quick as the later ones.

Reports are built in a separate process (``reports.worker``): it loads reportlab, matplotlib (and its font cache)
and pyHanko itself, over a second or two, while the practitioner finds the child. The app loads only PDFium, which
draws the preview's pages, on its worker once the caseload is on screen.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ..heap import freeze_long_lived
from ..reports.worker import ReportWorker

if TYPE_CHECKING:
    from ..reports.building import SigningKey
from .tasks import TaskRunner

AFTER_CASELOAD_MS = 500
"""The caseload is painted and settled before the first library loads."""


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


STEPS: tuple[Callable[[], None], ...] = (_pages, settle)


def warm_up_reports(runner: TaskRunner, worker: ReportWorker | None = None,
                    signing_key: Callable[[], SigningKey] | None = None) -> None:
    """Start the report ``worker``, with the organisation's ``signing_key`` to open and sign with once, and load
    PDFium on ``runner``'s worker, starting shortly after now."""
    if runner.synchronous:
        return  # tests run every op at once on this thread: nothing to keep out of the way

    def begin() -> None:
        if worker is not None:
            try:
                key = signing_key() if signing_key is not None else None
            except Exception:  # noqa: BLE001 - the first report meets it again, and says it in words
                key = None
            try:
                worker.prepare(key)  # returns at once: the process loads its libraries on its own
            except OSError:
                pass  # said in words when a report is asked for, which starts it again
        _step(runner, list(STEPS))

    QTimer.singleShot(AFTER_CASELOAD_MS, begin)


def _step(runner: TaskRunner, remaining: list[Callable[[], None]]) -> None:
    if remaining:
        # A library that fails to load fails again, with its message, when a report is asked for.
        runner.run(remaining.pop(0), lambda _done: _step(runner, remaining), lambda _error: None)
