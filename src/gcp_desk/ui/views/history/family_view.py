"""The family view: what is going well, what we are worried about and what needs to change, in plain words and
colour, from the latest assessment and its plan, for talking it through with the family.

The words come from ``reports.family_content``, the same that the printed family summary uses, so what a parent
hears on the laptop and reads on paper is the same.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ....domain.enums import AssessmentStatus
from ....domain.labels import STATUS
from ....reports.family_content import FamilyContent, Point, family_content
from ....reports.family_words import FAMILY_GRADE_WORDS
from ....reports.report_data import ReportData
from ...theme import GRADE_COLOURS, grade_style
from ..assessment.page_frame import WrappingLabel, heading_label
from .child_history import ChildHistory, describe

NOTHING_YET = "There is nothing to talk through yet: {name} has no assessment with a visit recorded."
IN_PROGRESS = "This assessment is still in progress ({status}): what it says may change before it is finished."

SECTIONS = (
    ("going_well", "What is going well", GRADE_COLOURS[1]),
    ("could_be_better", "What could be better", GRADE_COLOURS[3]),
    ("worried", "What we are worried about", GRADE_COLOURS[5]),
    ("changes", "What needs to change", ("#1f3a5f", "#ffffff")),
)


class FamilyView(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName("Family view")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.content: FamilyContent | None = None
        self.section_titles: list[str] = []
        self._body: QWidget | None = None

    def show_history(self, history: ChildHistory) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        latest = history.latest()
        if latest is None:
            self.content = None
            self.section_titles = []
            column.addWidget(WrappingLabel(NOTHING_YET.format(name=history.record.child.given_name)))
        else:
            assessment, instrument = latest
            self.content = family_content(ReportData(record=history.record, assessment=assessment,
                                                     instrument=instrument, history=tuple(history.dated)))
            self._fill(column, self.content, describe(assessment), assessment.status)
        column.addStretch(1)
        self.setWidget(body)
        self._body = body

    def _fill(self, column: QVBoxLayout, content: FamilyContent, source: str, status: AssessmentStatus) -> None:
        column.addWidget(heading_label(f"How things are for {content.first_name}", scale=1.4))
        column.addWidget(WrappingLabel(f"{content.period} From the assessment of {source}."))
        if status.is_editable or status is AssessmentStatus.SUBMITTED:
            column.addWidget(WrappingLabel(IN_PROGRESS.format(status=STATUS[status].lower())))
        if content.strengths:
            column.addWidget(_section("Strengths we saw", [WrappingLabel(content.strengths)], GRADE_COLOURS[2]))
        self.section_titles = []
        for key, title, colours in SECTIONS:
            points: tuple[Point, ...] = getattr(content, key)
            if not points:
                continue
            self.section_titles.append(title)
            column.addWidget(_section(title, [_point(point) for point in points], colours))
        if content.not_done:
            column.addWidget(WrappingLabel("Not done as agreed last time: " + " ".join(content.not_done)))
        if content.not_looked_at:
            column.addWidget(WrappingLabel("Not looked at yet: " + ", ".join(content.not_looked_at) + "."))

    def text(self) -> str:
        """Everything the page says, in reading order (for tests and for copying)."""
        if self._body is None:
            return ""
        texts = (label.text() for label in self._body.findChildren(QLabel) if label.text())
        return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", text)) for text in texts)


def _section(title: str, parts: list[QWidget], colours: tuple[str, str]) -> QFrame:
    frame = QFrame()
    frame.setObjectName("familySection")
    frame.setStyleSheet(f"QFrame#familySection {{ border: 2px solid {colours[0]}; border-radius: 6px; }}")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(0, 0, 0, 8)
    heading = heading_label(title, scale=1.2)
    heading.setStyleSheet(f"background-color: {colours[0]}; color: {colours[1]}; padding: 6px 10px;")
    layout.addWidget(heading)
    for part in parts:
        holder = QHBoxLayout()
        holder.setContentsMargins(10, 0, 10, 0)
        holder.addWidget(part)
        layout.addLayout(holder)
    return frame


def _point(point: Point) -> QWidget:
    widget = QWidget()
    row = QHBoxLayout(widget)
    row.setContentsMargins(0, 4, 0, 4)
    if point.grade is not None:
        chip = QLabel(f"{point.grade} · {FAMILY_GRADE_WORDS[point.grade]}")
        chip.setStyleSheet(grade_style(point.grade))
        chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        chip.setMinimumWidth(chip.fontMetrics().horizontalAdvance("5 · Most needs not met") + 16)
        row.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
    words = [f"<b>{_escape(point.title)}</b>", _escape(point.detail)]
    if point.items:
        words.append(", ".join(_escape(item) for item in point.items) + ".")
    if point.when:
        words.append(_escape(point.when))
    text = WrappingLabel(" ".join(words))
    text.setTextFormat(Qt.TextFormat.RichText)
    row.addWidget(text, 1)
    return widget


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
