"""Typed text that saves itself: within a second of typing stopping, when focus leaves, and on ``flush()``.

Nothing typed may live only in a widget for long: a practitioner's laptop can be closed, run flat or crash
mid-sentence. ``AutoSaver`` holds the rule (debounce, save on demand, keep retrying after a failure) apart from any
editor, so a form of check boxes and short fields can use it too; ``AutosaveText`` is the usual case, a text box
with a quiet status line under it.

Saves run through the shared ``TaskRunner``. Its single worker runs them in the order they were queued, so each save
captures what was on screen when it was queued and the last one queued always wins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..tasks import TaskRunner
from ..theme import PROBLEM_STYLE
from .state_style import set_style_sheet

SAVE_DELAY_MS = 700
"""How long typing must pause before a save: short enough that a crash loses under a second of typing."""

Op = Callable[[], Any]
MakeOp = Callable[[], Op | None]
"""Called on the UI thread when a save is due; returns the work to run (or ``None`` when there is nothing to save).
It must capture what is on screen now, because the work runs later on the worker thread."""

SAVING = "Saving…"
SAVED = "Saved"
QUIET = "color: #555555;"
"""Grey with enough contrast (7:1 on white) to read, quiet enough not to distract."""


def not_saved(reason: str) -> str:
    return f"Not saved: {reason}"


def describe_failure(error: Exception) -> str:
    """An error as a practitioner should read it: the message we wrote for them, never a traceback."""
    from ...domain.errors import GcpDeskError, InvalidInput

    if isinstance(error, InvalidInput):
        return "; ".join(str(problem) for problem in error.problems)
    if isinstance(error, GcpDeskError):
        return str(error)
    return f"something unexpected went wrong ({type(error).__name__}). Your text is still here; try again."


class AutoSaver(QObject):
    """Debounced saving of whatever ``make_op`` captures, with a status a person can read."""

    status_changed = Signal(str)
    stored = Signal(object)
    """The value the save returned (for the workspace, the assessment as stored)."""
    failed = Signal(object)

    def __init__(self, runner: TaskRunner, make_op: MakeOp, *, delay_ms: int = SAVE_DELAY_MS,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner
        self._make_op = make_op
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)
        self._dirty = False
        self._in_flight = 0
        self._status = ""

    # What callers do -----------------------------------------------------------------------------------------
    def touch(self) -> None:
        """Something changed on screen: save once the typing pauses."""
        self._dirty = True
        self._timer.start()
        if self._status != SAVING:
            self._set_status(SAVING)

    def save(self) -> None:
        """Something changed that should be stored at once (a tick box, a choice from a list)."""
        self._dirty = True
        self.flush()

    def flush(self) -> None:
        """Store any pending change now. Does nothing when everything is already stored."""
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        op = self._make_op()
        if op is None:
            self._set_status("" if self._in_flight == 0 else SAVING)
            return
        self._in_flight += 1
        self._set_status(SAVING)
        self._runner.run(op, self._on_stored, self._on_failed)

    def forget(self) -> None:
        """Drop a pending change without saving it (the caller has decided it must not be stored)."""
        self._timer.stop()
        self._dirty = False
        if self._in_flight == 0:
            self._set_status("")

    # What callers ask ----------------------------------------------------------------------------------------
    @property
    def has_unsaved_changes(self) -> bool:
        """True while something on screen is not yet known to be stored; the screen must not be redrawn over it."""
        return self._dirty or self._in_flight > 0

    @property
    def status(self) -> str:
        return self._status

    # Results -------------------------------------------------------------------------------------------------
    def _on_stored(self, value: Any) -> None:
        self._in_flight -= 1
        if self._in_flight == 0 and not self._dirty:
            self._set_status(SAVED)
        self.stored.emit(value)

    def _on_failed(self, error: Exception) -> None:
        self._in_flight -= 1
        # Keep it pending, so the next edit or focus change tries again; the text itself never left the screen.
        self._dirty = True
        self._set_status(not_saved(describe_failure(error)))
        self.failed.emit(error)

    def _set_status(self, status: str) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)


class _Editor(QPlainTextEdit):
    """A plain text box that reports losing focus and lets Tab move on, as every other field does."""

    focus_lost = Signal()
    finish_requested = Signal()
    """Ctrl+Enter: the person is done with this text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.finish_requested.emit()
            return
        super().keyPressEvent(event)


class AutosaveText(QWidget):
    """A text box whose text is stored by ``store(text)`` (which returns the work to run, or ``None``)."""

    stored = Signal(object)
    failed = Signal(object)
    finish_requested = Signal()

    def __init__(self, runner: TaskRunner, store: Callable[[str], Op | None], *, accessible_name: str,
                 placeholder: str = "", lines: int = 6, delay_ms: int = SAVE_DELAY_MS,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._store = store
        self._loading = False
        self.editor = _Editor(self)
        self.editor.setAccessibleName(accessible_name)
        self.editor.setPlaceholderText(placeholder)
        height = self.editor.fontMetrics().lineSpacing() * lines + 12
        if lines <= 3:
            self.editor.setFixedHeight(height)  # a short note stays short; a long text grows with the window
        else:
            self.editor.setMinimumHeight(height)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("saveStatus")
        self.status_label.setStyleSheet(QUIET)
        self.status_label.setAccessibleName(f"{accessible_name}: save status")
        self.saver = AutoSaver(runner, self._make_op, delay_ms=delay_ms, parent=self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.status_label)
        self.setFocusProxy(self.editor)

        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.focus_lost.connect(self.saver.flush)
        self.editor.finish_requested.connect(self._on_finish)
        self.saver.status_changed.connect(self._show_status)
        self.saver.stored.connect(self.stored)
        self.saver.failed.connect(self.failed)

    # Text in and out -----------------------------------------------------------------------------------------
    def text(self) -> str:
        return self.editor.toPlainText()

    def show_stored(self, text: str) -> None:
        """Show text as stored, unless the person has typed something not yet stored (theirs is newer)."""
        if self.saver.has_unsaved_changes or text == self.text():
            return
        self._replace(text)

    def reset(self, text: str = "") -> None:
        """Show new text regardless (another note, another item). Call ``flush()`` first if the old text matters."""
        self.saver.forget()
        self._replace(text)
        self._show_status("")

    def _replace(self, text: str) -> None:
        self._loading = True
        try:
            self.editor.setPlainText(text)
        finally:
            self._loading = False

    # Saving --------------------------------------------------------------------------------------------------
    def flush(self) -> None:
        self.saver.flush()

    def save(self) -> None:
        self.saver.save()

    @property
    def has_unsaved_changes(self) -> bool:
        return self.saver.has_unsaved_changes

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self.editor.isReadOnly():  # set again, the editor is restyled all the same
            self.editor.setReadOnly(read_only)

    def _make_op(self) -> Op | None:
        return self._store(self.text())

    def _on_text_changed(self) -> None:
        if not self._loading and not self.editor.isReadOnly():
            self.saver.touch()

    def _on_finish(self) -> None:
        self.saver.flush()
        self.finish_requested.emit()

    def _show_status(self, status: str) -> None:
        self.status_label.setText(status)
        failed = status.startswith("Not saved")
        set_style_sheet(self.status_label, PROBLEM_STYLE if failed else QUIET)
