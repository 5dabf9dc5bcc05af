"""Errors nobody expected: written to the log (without case content) and shown in a dialog that says what happened
and where the log is, instead of vanishing. The app keeps running: every grade and note was stored as it was
typed, so nothing already saved is at risk, and the person can carry on or restart.

Errors on the worker are shown by the task runner as they happen; this catches those on the UI thread (a slot, an
event handler) and on other threads, which are logged and shown once the UI thread is free.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ..logging_setup import log_uncaught

_showing: list[object] = []
"""The dialog on screen, if any: a second error while it shows is logged, not stacked as another dialog."""


def install_crash_handler() -> None:
    sys.excepthook = handle_uncaught
    threading.excepthook = _thread_error


def handle_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log_uncaught(kind, error, tb)
    if QApplication.instance() is None or threading.current_thread() is not threading.main_thread():
        return
    _show_later(error)


def _thread_error(arguments: threading.ExceptHookArgs) -> None:
    if arguments.exc_value is None:
        return
    error = arguments.exc_value
    log_uncaught(arguments.exc_type, error, arguments.exc_traceback, where=f"thread {arguments.thread.name}"
                 if arguments.thread else "a thread")
    if QApplication.instance() is not None:
        QTimer.singleShot(0, QApplication.instance(), lambda: _show_later(error))


def _show_later(error: BaseException) -> None:
    """The crash dialog, one at a time (an error while it is open is logged, not shown twice)."""
    if _showing:
        return
    from .crash_dialog import CrashDialog

    dialog = CrashDialog(error, QApplication.activeWindow())
    _showing.append(dialog)
    try:
        dialog.exec()
    finally:
        _showing.clear()
