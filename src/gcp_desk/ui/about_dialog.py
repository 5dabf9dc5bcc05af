"""About GCP Desk: the version, the instruments in use, where the data and the log are kept, and the licences of
what GCP Desk ships."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__
from ..licences import SHIPPED
from ..logging_setup import log_dir
from ..paths import AppPaths
from .app_icon import app_icon

if TYPE_CHECKING:
    from ..app import Backend

TAGLINE = "Grade a child's care across six neglect domains and follow it over time."


def instruments_in_words(backend: Backend | None) -> list[str]:
    from ..scoring.instruments import builtin_instrument, content_hash

    instruments = backend.instruments.all() if backend is not None else [builtin_instrument()]
    return [f"{one.title}, version {one.version} (content hash {content_hash(one)[:12]})" for one in instruments]


class AboutDialog(QDialog):
    def __init__(self, backend: Backend | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About GCP Desk")
        self.setAccessibleName("About GCP Desk")
        data_dir = backend.paths.data_dir if backend is not None else AppPaths.default().data_dir
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        logo.setAccessibleName("GCP Desk icon")
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(f"<h2>GCP Desk {html.escape(__version__)}</h2><p>{TAGLINE}</p>")
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        self.instruments = instruments_in_words(backend)
        self.facts = QLabel(
            "<p><b>Instrument:</b> " + "<br>".join(html.escape(line) for line in self.instruments) + "</p>"
            "<p>Our own wording. GCP Desk is not the NSPCC's licensed Graded Care Profile and does not replace a "
            "licensed local tool or training.</p>"
            f"<p><b>Data folder:</b> <code>{html.escape(str(data_dir))}</code><br>"
            f"<b>Log folder:</b> <code>{html.escape(str(log_dir()))}</code></p>")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel("<b>What GCP Desk ships, and under which licence</b>"))
        self.licences = QTextBrowser()
        self.licences.setAccessibleName("Licences of the software GCP Desk ships")
        rows = "".join(f"<tr><td>{html.escape(name)}</td><td>{html.escape(job)}</td><td>{html.escape(licence)}</td>"
                       "</tr>" for name, job, licence in SHIPPED)
        self.licences.setHtml(
            "<table cellpadding='3'><tr><th align='left'>Software</th><th align='left'>For</th>"
            f"<th align='left'>Licence</th></tr>{rows}</table>"
            "<p>The LGPL-licensed libraries are shipped as separate files that can be replaced.</p>")
        self.licences.setMinimumHeight(self.fontMetrics().height() * 10)
        layout.addWidget(self.licences, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 90, self.fontMetrics().height() * 34)
