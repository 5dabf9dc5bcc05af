"""How the child and the home were actually seen: so that no record can hide a child seen only "through a window"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ....domain.assessment import Assessment, HowSeen
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import QUIET, AutoSaver
from ....domain.enums import SharedFactKind
from .session import AssessmentSession
from .shared_fact_bar import SharedFactBar

ROOMS = ("Kitchen", "Living room", "Child's bedroom", "Bathroom", "Carers' bedroom", "Garden or outside space")
UNBORN_HINT = "For an unborn baby, record how the expectant parents and the home were seen."


def _shared_home(assessment: Assessment) -> list:
    return [fact for fact in assessment.shared_facts if fact.kind is SharedFactKind.HOME_SEEN]


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]


class HowSeenPanel(QWidget):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        heading = QLabel("How the child and the home were seen", self)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        self.unborn_hint = QLabel(UNBORN_HINT, self)
        self.unborn_hint.setWordWrap(True)
        self.child_seen = QCheckBox("The child was seen", self)
        self.seen_alone = QCheckBox("The child was seen alone, away from the carers", self)
        self.rooms = [QCheckBox(room, self) for room in ROOMS]
        self.other_rooms = QLineEdit(self)
        self.other_rooms.setAccessibleName("Other rooms seen")
        self.other_rooms.setPlaceholderText("Separate with commas")
        self.present = QLineEdit(self)
        self.present.setAccessibleName("Who else was present")
        self.present.setPlaceholderText("Names and roles, separated by commas")
        self.note = QLineEdit(self)
        self.note.setAccessibleName("Note on how the child and home were seen")
        self.status = QLabel(self)
        self.status.setStyleSheet(QUIET)
        self.saver = AutoSaver(session.runner, self._make_op, parent=self)
        self.shared = SharedFactBar(session, "The rooms seen and the people present", _shared_home, self)

        rooms = QGridLayout()
        for index, box in enumerate(self.rooms):
            box.setAccessibleName(f"Room seen: {box.text()}")
            rooms.addWidget(box, index // 3, index % 3)
        form = QFormLayout()
        form.addRow("Rooms seen:", rooms)
        form.addRow("&Other rooms seen:", self.other_rooms)
        form.addRow("Who else was &present:", self.present)
        form.addRow("No&te:", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.unborn_hint)
        layout.addWidget(self.child_seen)
        layout.addWidget(self.seen_alone)
        layout.addLayout(form)
        layout.addWidget(self.shared)
        layout.addWidget(self.status)

        # clicked and textEdited come only from the person, never from redrawing, so redraws do not save.
        for box in (self.child_seen, self.seen_alone, *self.rooms):
            box.clicked.connect(self._ticked)
        for field in (self.other_rooms, self.present, self.note):
            field.textEdited.connect(self.saver.touch)
            field.editingFinished.connect(self.saver.flush)
        self.saver.status_changed.connect(self._show_status)
        self.saver.stored.connect(session.accept)
        session.changed.connect(self.refresh)

    def refresh(self, assessment: Assessment) -> None:
        band = self._session.band_id
        self.unborn_hint.setVisible(band is not None and self._session.instrument.band(band).is_unborn)
        read_only = self._session.read_only
        self.shared.refresh(assessment)
        for widget in (self.child_seen, self.seen_alone, *self.rooms, self.other_rooms, self.present, self.note):
            widget.setEnabled(not read_only)
        if self.saver.has_unsaved_changes:
            return  # what is on screen is newer than what came back
        seen = assessment.how_seen
        self.child_seen.setChecked(seen.child_seen)
        self.seen_alone.setChecked(seen.child_seen_alone)
        for box in self.rooms:
            box.setChecked(box.text() in seen.rooms_seen)
        others = [room for room in seen.rooms_seen if room not in ROOMS]
        # Compare as lists, so a half-typed ", " is not tidied away under the person's cursor.
        for field, names in ((self.other_rooms, others), (self.present, seen.present)):
            if _names(field.text()) != names:
                field.setText(", ".join(names))
        if self.note.text() != seen.note:
            self.note.setText(seen.note)

    def flush(self) -> None:
        self.saver.flush()

    def focus_main(self) -> None:
        self.child_seen.setFocus(Qt.FocusReason.OtherFocusReason)

    def _ticked(self) -> None:
        # Seen alone means seen; say so on screen at once rather than waiting for the service to.
        if self.sender() is self.seen_alone and self.seen_alone.isChecked():
            self.child_seen.setChecked(True)
        if self.sender() is self.child_seen and not self.child_seen.isChecked():
            self.seen_alone.setChecked(False)
        self.saver.save()

    def _make_op(self):
        if self._session.read_only:
            return None
        how_seen = HowSeen(
            child_seen=self.child_seen.isChecked(),
            child_seen_alone=self.seen_alone.isChecked(),
            rooms_seen=[box.text() for box in self.rooms if box.isChecked()] + _names(self.other_rooms.text()),
            present=_names(self.present.text()),
            note=self.note.text(),
        )
        shown = self._session.assessment.how_seen  # what this screen last showed: rooms a sibling added are kept
        return self._session.op(lambda services, aid: services.set_how_seen(aid, how_seen, seen=shown))

    def _show_status(self, status: str) -> None:
        self.status.setText(status)
        failed = status.startswith("Not saved")
        self.status.setStyleSheet(PROBLEM_STYLE if failed else QUIET)
