"""Desktop benchmark, offscreen, on the core benchmark's 10,000-child database (8 assessments each):
  - process start to the sign-in screen shown                          target 1.2 s
    and its ratio to a bare QMainWindow process started in the same run target 4
  - right password (Enter pressed) to the caseload shown               target   1 s
  - open a child with 8 assessments (record and history on screen)    target 100 ms
  - keypress to grade stored and shown                                 target  30 ms

Start-up is timed from outside: ``python -m gcp_desk --data-dir ...`` with GCP_DESK_REPORT_READY=1 prints the wall
clock once the window is shown with the sign-in screen painted, and quits. The other figures are measured in a
fresh process through the real window, with the real background task runner: the password is typed into the
sign-in screen and Enter pressed, as a person would.

The second figure's budget: argon2 checks the password in 0.15-0.35 s on purpose (``security.passwords``; the
figure is printed alongside), the caseload of 10,000 children is read through the services (0.15-0.3 s), and the
window fills and paints its table; the views are built while argon2 runs. A second for a password check is what
people expect of signing in; past that it starts to feel stuck.

Run: .venv/bin/python bench/ui_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import core_bench  # noqa: E402  (the same cached database, built the same way)
from targets import print_targets  # noqa: E402

CHILDREN = 10_000
"""The size the targets are set for; ``--children`` changes it for a quick check of the bench itself."""
WORK = core_bench.CACHE / "ui-work"
BENCH_PASSWORD = "bench lantern harbour 7"
SIGN_INS = 5
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen")
BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print(f"ready {time.time():.6f}", flush=True), app.quit()))
app.exec()
"""


# Preparing the data ---------------------------------------------------------------------------------------------
def prepare_work_copy(children: int) -> None:
    """A copy to measure on (grades are written), with a practitioner who used it last and whose password is known
    (``bench_password``).

    A cached database that this code cannot read (the schema changed without DATA_VERSION being bumped) is built
    again rather than measured.
    """
    from gcp_desk.app import open_backend
    from gcp_desk.domain.errors import GcpDeskError
    from gcp_desk.paths import AppPaths
    from gcp_desk.ui.start_state import remember_user

    for attempt in (1, 2):
        cached = core_bench.cached_database(children)
        shutil.rmtree(WORK, ignore_errors=True)
        shutil.copytree(cached, WORK)
        backend = open_backend(AppPaths.at(WORK))
        try:
            practitioner = drafting_practitioner(backend)
            history = backend.assessments(practitioner)
            row = backend.children(practitioner).caseload()[0]
            history.history(row.child_id)
            if backend.users().needs_password(practitioner.id):  # a database built before passwords existed
                backend.users().set_first_password(practitioner.id, BENCH_PASSWORD)
            backend.users().sign_in(practitioner.id, bench_password(practitioner.name))
        except GcpDeskError as error:
            backend.close()
            if attempt == 2:
                raise
            print(f"the cached database does not fit this code ({error}); building it again", flush=True)
            (cached / "complete").unlink()
            continue
        remember_user(backend, practitioner)
        backend.close()
        return


def drafting_practitioner(backend):
    """A practitioner with drafts of their own: only an assessment's author grades it."""
    from gcp_desk.domain.enums import AssessmentStatus

    users = backend.users().all()
    services = backend.assessments()
    for row in backend.children().caseload():
        if row.latest_status is AssessmentStatus.DRAFT:
            author = services.get(row.latest_assessment_id).created_by
            return next(u for u in users if u.id == author)
    return next(u for u in users if u.role.value == "practitioner")


def bench_password(name: str) -> str:
    """The demo account's password, or the one given above to an account that had none."""
    from gcp_desk.demo.accounts import DEMO_ACCOUNTS

    return next((a.password for a in DEMO_ACCOUNTS if a.name == name), BENCH_PASSWORD)


# Start-up, from outside the process -----------------------------------------------------------------------------
def time_process(arguments: list[str], env: dict) -> float:
    started = time.time()
    process = subprocess.Popen([sys.executable, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    line = process.stdout.readline()
    _, errors = process.communicate(timeout=60)
    if not line.startswith(("ready", "gcp-desk ready")):
        raise RuntimeError(f"{' '.join(arguments)} did not report ready: {line!r} {errors[-2000:]}")
    return float(line.split()[-1]) - started


def startup_figures(runs: int) -> dict:
    app_env = dict(ENV, GCP_DESK_REPORT_READY="1")
    app_args = ["-m", "gcp_desk", "--data-dir", str(WORK)]
    bare_args = ["-c", BARE_WINDOW]
    time_process(app_args, app_env)  # warm the file cache once, as a laptop that has run the app before
    time_process(bare_args, ENV)
    app, bare = [], []
    for _ in range(runs):  # alternate, so both see the same machine
        app.append(time_process(app_args, app_env))
        bare.append(time_process(bare_args, ENV))
    return {"startup_s": statistics.median(app), "bare_s": statistics.median(bare),
            "startup_all": [round(x, 3) for x in app], "bare_all": [round(x, 3) for x in bare]}


# In a fresh process: opening a child, and a grade keypress -------------------------------------------------------
def wait_until(app, condition, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not show the result in time")


def measure_in_window(children: int) -> dict:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gcp_desk.app import open_backend
    from gcp_desk.domain.enums import AssessmentStatus
    from gcp_desk.paths import AppPaths
    from gcp_desk.ui import pyside_workarounds
    from gcp_desk.ui.main_window import MainWindow, workspace_available
    from gcp_desk.ui.tasks import TaskRunner

    pyside_workarounds.apply()  # as the app does at start (gcp_desk.ui.launch)

    app = QApplication(sys.argv)
    runner = TaskRunner()
    window = MainWindow(runner, open_backend=lambda: open_backend(AppPaths.at(WORK)))
    window.resize(1280, 800)
    window.show()
    window.start()
    page = window.sign_in_page
    password_ms = []
    for attempt in range(SIGN_INS):
        if attempt:
            window.switch_user()  # back to the sign-in screen, the last user offered first
        wait_until(app, lambda: window.pages.currentWidget() is page and window.backend is not None
                   and page.account.count() > 1, timeout=60)
        app.processEvents()
        QTest.keyClicks(page.password, bench_password(page.account.currentText().split(" (")[0]))
        started = time.perf_counter()
        QTest.keyClick(page.password, Qt.Key.Key_Return)
        wait_until(app, lambda: window.session is not None and window.caseload.model.rowCount() == children
                   and window.pages.currentWidget() is window.caseload, timeout=60)
        window.repaint()
        password_ms.append((time.perf_counter() - started) * 1000)
    rows = window.caseload.model.rows()
    rnd = random.Random(5)

    open_ms = []
    eight = [r for r in rows if r.assessment_count == 8]
    for row in rnd.sample(eight, min(30, len(eight))):
        window.show_caseload()
        app.processEvents()
        started = time.perf_counter()
        window.open_child(row.child_id)
        wait_until(app, lambda: window.child_record.record is not None
                   and window.child_record.record.child.id == row.child_id
                   and window.child_record.assessments.model.rowCount() >= 8)  # an amendment adds a row
        window.repaint()
        open_ms.append((time.perf_counter() - started) * 1000)

    result = {"password_ms": statistics.median(password_ms), "first_password_ms": password_ms[0],
              "argon2_ms": argon2_check_ms(), "open_ms": statistics.median(open_ms), "open_samples": len(open_ms),
              "grade_ms": None}
    if not workspace_available():
        return result
    grade_ms, checked = [], 0
    drafts = [r for r in rows if r.latest_status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)]
    for row in rnd.sample(drafts, min(60, len(drafts))):
        if len(grade_ms) >= 6 * 8:
            break
        assessment = window.session.assessments.get(row.latest_assessment_id)
        if assessment.age_band is None or assessment.created_by not in (None, window.session.user.id):
            continue  # only its author grades a draft
        window.open_child(row.child_id)
        wait_until(app, lambda: window.child_record.record is not None
                   and window.child_record.record.child.id == row.child_id)
        window.open_assessment(assessment, window.child_record.record)
        workspace = window.workspace
        for press in range(8):
            panel = workspace.items.item
            panel.focus_grades()
            current = assessment.item_grades.get(panel.place.item.id)
            grade = 1 + ((current.grade if current and current.grade else 0) % 5)  # always a different grade
            card = panel.grades.cards[grade - 1]
            started = time.perf_counter()
            QTest.keyClick(panel.grades, getattr(Qt.Key, f"Key_{grade}"))
            wait_until(app, lambda: card._chosen)
            panel.grades.repaint()
            grade_ms.append((time.perf_counter() - started) * 1000)
            assessment = workspace.session.assessment
            stored = window.session.assessments.get(assessment.id).item_grades[panel.place.item.id].grade
            checked += stored == grade
            QTest.keyClick(panel.grades, Qt.Key.Key_Return)  # on to the next item
            app.processEvents()
        window.show_caseload()
    window.close()
    result.update(grade_ms=statistics.median(grade_ms), grade_samples=len(grade_ms), grades_checked=checked)
    return result


def argon2_check_ms() -> float:
    """The password check alone (argon2, slow on purpose), median of 5, for the reader to compare."""
    from gcp_desk.security.passwords import hash_password, verify_password

    stored = hash_password(BENCH_PASSWORD)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        verify_password(stored, BENCH_PASSWORD)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# Report ---------------------------------------------------------------------------------------------------------
def report(figures: dict, children: int) -> int:
    targets = [
        (f"process start to the sign-in screen shown, median of {figures['runs']}",
         figures["startup_s"] * 1000, 1200.0, "ms"),
        (f"start-up as a multiple of a bare QMainWindow process ({figures['bare_s'] * 1000:.0f} ms)",
         figures["startup_s"] / figures["bare_s"], 4.0, "x"),
        (f"right password (Enter) to the caseload of {children:,} children shown, median of {SIGN_INS} "
         f"(the first {figures['first_password_ms']:.0f} ms)", figures["password_ms"], 1000.0, "ms"),
        (f"open a child with 8 assessments, median of {figures['open_samples']}", figures["open_ms"], 100.0, "ms"),
    ]
    if figures.get("grade_ms") is not None:
        targets.append((f"keypress to grade stored and shown, median of {figures['grade_samples']} "
                        f"({figures['grades_checked']} checked in the database)", figures["grade_ms"], 30.0, "ms"))
    print(f"start-up runs (s): app {figures['startup_all']}, bare window {figures['bare_all']}")
    print(f"the password check alone (argon2, slow on purpose), median of 5: {figures['argon2_ms']:.0f} ms")
    if figures.get("grade_ms") is None:
        print("note: the keypress figure was not measured")
    print_targets(targets, children=children)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of each process (default 7)")
    parser.add_argument("--children", type=int, default=CHILDREN, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_in_window(args.children)))
        return 0
    prepare_work_copy(args.children)
    figures = startup_figures(args.runs)
    figures["runs"] = args.runs
    result = subprocess.run([sys.executable, __file__, "--measure", "--children", str(args.children)],
                            capture_output=True, text=True, env=ENV)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    figures.update(json.loads(result.stdout.strip().splitlines()[-1]))
    return report(figures, args.children)


if __name__ == "__main__":
    sys.exit(main())
