"""The shape every form dialog shares: check the draft, show problems under their fields, or hand it on to save.

A subclass builds ``self.form`` (a CheckedForm) and ``self.buttons`` (with a Save button), and returns
``(draft, problems)`` from ``draft()``. Whoever saves the draft calls ``show_problems`` if the service refuses it,
or closes the dialog once it is stored.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ...domain.errors import Problem


class DraftDialog(QDialog):
    submitted = Signal(object)
    """The checked draft, ready to store."""

    def draft(self) -> tuple[Any, list[Problem]]:
        raise NotImplementedError

    def _check_and_submit(self) -> None:
        draft, problems = self.draft()
        if problems:
            self.form.show(problems)
            return
        self.form.clear()
        self.set_busy(True)
        self.submitted.emit(draft)

    def set_busy(self, busy: bool) -> None:
        """While saving, Save is disabled so a second press cannot save twice."""
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not busy)

    def show_problems(self, problems: list[Problem]) -> None:
        self.set_busy(False)
        self.form.show(problems)
