"""After sign-in the report worker starts behind the caseload, and PDFium loads on the task worker."""

from __future__ import annotations

import gc
import sys

from gcp_desk.ui import warm_up
from gcp_desk.ui.tasks import TaskRunner


def test_the_report_worker_starts_and_pdfium_loads_on_the_task_worker(qtbot):
    from gcp_desk.reports.worker import ReportWorker

    runner = TaskRunner()  # a real background worker
    worker = ReportWorker()
    turns: list[str] = []
    original = runner.run

    def counted(op, on_success=None, on_failure=None):
        turns.append(op.__name__)
        original(op, on_success, on_failure)

    runner.run = counted
    thresholds = gc.get_threshold()
    warm_up.warm_up_reports(runner, worker)
    try:
        qtbot.waitUntil(lambda: len(turns) == len(warm_up.STEPS) and not runner.is_busy, timeout=30_000)
        assert turns == [step.__name__ for step in warm_up.STEPS]
        assert worker.pid is not None  # the report worker's own process, loading the report libraries
        assert "pypdfium2" in sys.modules  # the preview's pages are drawn here
        assert gc.get_freeze_count() > 0  # what was alive once loaded is left out of later collections
    finally:
        gc.unfreeze()  # the rest of the tests run in this process
        gc.set_threshold(*thresholds)
        worker.stop()
    assert worker.pid is None


def test_tests_with_a_synchronous_runner_load_nothing_early(qapp):
    runner = TaskRunner(synchronous=True)
    calls: list = []
    runner.run = lambda op, *rest: calls.append(op)
    warm_up.warm_up_reports(runner)
    assert calls == []


def test_memory_a_report_left_behind_is_given_back(qapp):
    """What a report drops is collected and the heap's free pages returned: the resident size falls."""
    import gc
    from pathlib import Path

    def resident_kib() -> int:
        line = next(x for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1])

    if warm_up._malloc_trim() is None:
        import pytest

        pytest.skip("this C library cannot return free heap pages")
    gc.disable()
    try:
        garbage = [[str(n) * 3, {n: [n]}] for n in range(400_000)]  # small objects, as a report's pieces are
        for entry in garbage:
            entry.append(entry)  # cycles: only the collector frees them
        held = resident_kib()
        del garbage, entry
        warm_up.release_memory()
        assert resident_kib() < held - 50_000  # at least 50 MB given back
    finally:
        gc.enable()
