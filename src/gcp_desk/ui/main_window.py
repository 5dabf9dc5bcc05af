"""The main window. It composes panels and wires their signals; it holds no logic of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow

if TYPE_CHECKING:
    from ..app import Backend


class MainWindow(QMainWindow):
    def __init__(self, backend: Backend):
        super().__init__()
        self.setWindowTitle("GCP Desk")
        self._backend = backend
        rows = backend.children().caseload()
        label = QLabel(f"{len(rows)} children on the caseload.")
        label.setAccessibleName("Caseload summary")
        self.setCentralWidget(label)
        self.resize(1100, 720)
