"""One app per data folder: a second start brings the first window forward, or says who holds the folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from PySide6.QtWidgets import QMainWindow

from gcp_desk.ui.folder_lock import FolderLock

SECOND_START = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from gcp_desk.ui.folder_lock import FolderLock
    app = QApplication(sys.argv)
    said = []
    held = FolderLock.take(Path(sys.argv[1]), tell=said.append)
    print("held" if held else ("told: " + said[0] if said else "brought forward"))
""")


def second_start(folder) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SECOND_START, str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_a_second_start_on_the_same_folder_brings_the_first_window_forward(qtbot, tmp_path):
    held = FolderLock.take(tmp_path)
    assert held is not None
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    held.bring_forward(window)
    process = second_start(tmp_path)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=15_000)
    out, err = process.communicate()
    assert out.strip() == "brought forward", err
    assert window.isVisible() and not window.isMinimized()
    held.release()


def test_when_the_holder_does_not_answer_it_is_named(qtbot, tmp_path):
    held = FolderLock.take(tmp_path)
    held._server.close()  # as a copy of the app run by another user, whose socket cannot be reached, would be
    process = second_start(tmp_path)
    out, err = process.communicate(timeout=15)
    assert out.startswith("told: GCP Desk is already open on this data folder") and f"process {os.getpid()}" in out, err
    held.release()


def test_a_lock_left_by_a_process_that_died_is_taken_over(tmp_path):
    subprocess.run([sys.executable, "-c", "import os, sys; from PySide6.QtCore import QLockFile; "
                    "lock = QLockFile(sys.argv[1]); lock.tryLock(0); os._exit(0)", str(tmp_path / "gcp-desk.lock")],
                   check=True)
    held = FolderLock.take(tmp_path)
    assert held is not None
    held.release()
