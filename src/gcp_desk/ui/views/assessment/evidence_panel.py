"""Evidence for the current item: the notes so far, each tagged with where it came from, and a note being written.

The note being written is stored as it is typed (created on the first pause, then edited), so evidence is never
held only on screen. "Start a new note" finishes it; choosing a note from the list edits that one instead.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....domain.assessment import Assessment, EvidenceNote
from ....domain.enums import EvidenceSource
from ....domain.labels import EVIDENCE_SOURCE
from ...theme import PROBLEM_STYLE
from ...widgets.autosave_text import AutosaveText, describe_failure, not_saved
from .evidence_draft import Draft, UnsavedDrafts, store_op
from .session import AssessmentSession

KEPT = ("This note could not be stored yet, so it stays here. It is stored as soon as the database can be reached: "
        "type on, or move on and come back.")
HINT = "Grades 3 to 5 need evidence. Keep what you saw apart from what you were told: tag each note's source."
NOTE_ID = Qt.ItemDataRole.UserRole


class _NoteList(QListWidget):
    edit_requested = Signal()
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_requested.emit()
        elif event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
        else:
            super().keyPressEvent(event)


class EvidencePanel(QWidget):
    back_to_grades = Signal()

    def __init__(self, session: AssessmentSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._draft: Draft | None = None
        self._unsaved = UnsavedDrafts()
        self._item_title = ""
        self._shown: tuple | None = None

        self.heading = QLabel(self)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        self.notes = _NoteList(self)
        self.notes.setWordWrap(True)
        self.notes.setAlternatingRowColors(True)
        self.notes.setSpacing(2)
        self.notes.setAccessibleName("Evidence notes")
        self.edit_button = QPushButton("Edit note", self)
        self.edit_button.setAccessibleName("Edit the selected evidence note")
        self.delete_button = QPushButton("Delete note", self)
        self.delete_button.setAccessibleName("Delete the selected evidence note")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.hide()

        self.editing = QLabel(self)
        self.source = QComboBox(self)
        for source in EvidenceSource:
            self.source.addItem(EVIDENCE_SOURCE[source], source)
        self.source.setAccessibleName("Source of this evidence note")
        source_label = QLabel("&Source:", self)
        source_label.setBuddy(self.source)
        self.text = AutosaveText(session.runner, self._store, accessible_name="Evidence note text", lines=5,
                                 placeholder="What you saw, heard or were told, in your own words", parent=self)
        self.new_button = QPushButton("Start a new note", self)
        self.new_button.setToolTip("Ctrl+Enter in the note does the same")

        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.edit_button)
        list_buttons.addWidget(self.delete_button)
        list_buttons.addStretch(1)
        source_row = QHBoxLayout()
        source_row.addWidget(source_label)
        source_row.addWidget(self.source, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(hint)
        layout.addWidget(self.notes, 1)
        layout.addLayout(list_buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.editing)
        layout.addLayout(source_row)
        layout.addWidget(self.text)
        layout.addWidget(self.new_button)

        self.notes.edit_requested.connect(self.edit_selected)
        self.notes.delete_requested.connect(self.delete_selected)
        self.notes.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.text.stored.connect(session.accept)
        self.text.finish_requested.connect(self.start_new_note)
        self.new_button.clicked.connect(self.start_new_note)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back_to_grades)
        session.loaded.connect(lambda _assessment: self.forget_unsaved())
        session.changed.connect(self.refresh)

    # Which item ----------------------------------------------------------------------------------------------
    def show_item(self, item_id: str, item_title: str) -> None:
        self.flush()
        if self._draft is not None:
            self._unsaved.keep(self._draft)
        self._item_title = item_title
        self.heading.setText(f"Evidence for {item_title}")
        self.notes.setAccessibleName(f"Evidence notes for {item_title}")
        waiting = self._unsaved.take(item_id)
        self._begin(waiting or Draft(item_id))
        if waiting is not None:
            self._show_message(KEPT)
            self.text.save()  # try again now
        self._shown = None
        self.refresh(self._session.assessment)

    def forget_unsaved(self) -> None:
        """Another assessment is opening: notes left from this one must not come back into it."""
        self._unsaved.clear()
        self._draft = None

    def flush(self) -> None:
        self.text.flush()

    def focus_editor(self) -> None:
        self.text.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # The list ------------------------------------------------------------------------------------------------
    def refresh(self, assessment: Assessment) -> None:
        if self._draft is None:
            return
        notes = assessment.evidence_for(self._draft.item_id)
        read_only = self._session.read_only
        shown = (tuple((n.id, n.source, n.text) for n in notes), self._draft.note_id, read_only)
        if shown != self._shown:
            self._shown = shown
            self._fill(notes)
        self.text.set_read_only(read_only)
        for widget in (self.source, self.new_button):
            widget.setEnabled(not read_only)
        for widget in (self.delete_button, self.edit_button):
            widget.setEnabled(not read_only and bool(notes))

    def _fill(self, notes: list[EvidenceNote]) -> None:
        selected = self._selected_id()
        self.notes.clear()
        for note in notes:
            editing = " (being edited below)" if self._draft and note.id == self._draft.note_id else ""
            row = QListWidgetItem(f"{EVIDENCE_SOURCE[note.source]}: {note.text}{editing}")
            row.setData(NOTE_ID, note.id)
            self.notes.addItem(row)
            if note.id == selected:
                self.notes.setCurrentItem(row)
        if not notes:
            empty = QListWidgetItem("No evidence for this item yet.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.notes.addItem(empty)
        elif self.notes.currentItem() is None:
            self.notes.setCurrentRow(0)

    def _selected_id(self) -> UUID | None:
        row = self.notes.currentItem()
        return row.data(NOTE_ID) if row is not None else None

    def _selected_note(self) -> EvidenceNote | None:
        note_id = self._selected_id()
        return next((n for n in self._session.assessment.evidence if n.id == note_id), None)

    # Acting --------------------------------------------------------------------------------------------------
    def start_new_note(self) -> None:
        if self._draft is None or not self._may_leave_draft():
            return
        self._begin(Draft(self._draft.item_id))
        self.focus_editor()

    def edit_selected(self) -> None:
        note = self._selected_note()
        if note is None or self._draft is None or self._session.read_only or not self._may_leave_draft():
            return
        self._begin(Draft.of_note(self._draft.item_id, note.id, note.text, note.source))
        self.focus_editor()

    def _may_leave_draft(self) -> bool:
        """Store the note on screen; one whose save failed stays on screen rather than vanish."""
        self.flush()
        if self._draft is not None and self._draft.failed and self._draft.unsaved:
            self._show_message(KEPT)
            return False
        if self._draft is not None:
            self._unsaved.keep(self._draft)  # still on its way: kept in case the save fails after all
        return True

    def delete_selected(self) -> None:
        note = self._selected_note()
        if note is None or self._session.read_only:
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Delete evidence note",
                          f"Delete this note?\n\n{EVIDENCE_SOURCE[note.source]}: {note.text}",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self._delete(note.id))
        box.finished.connect(
            lambda _result: (box.deleteLater(), self.window().activateWindow(), self.notes.setFocus()))
        box.open()

    def _delete(self, note_id: UUID) -> None:
        if self._draft is not None and self._draft.note_id == note_id:
            self._begin(Draft(self._draft.item_id))
        self._session.edit(lambda services, aid: services.delete_evidence(aid, note_id), on_error=self._failed)

    def _begin(self, draft: Draft) -> None:
        self._draft = draft
        self.text.reset(draft.text)
        if draft.source is not None:
            self.source.blockSignals(True)
            self.source.setCurrentIndex(self.source.findData(draft.source))
            self.source.blockSignals(False)
        self.editing.setText("Editing the chosen note:" if draft.note_id else "New note:")
        self._shown = None
        self.message.hide()

    def _source_changed(self) -> None:
        if self._draft is not None and (self._draft.note_id is not None or self.text.text().strip()):
            self.text.save()

    def _store(self, text: str):
        draft, source = self._draft, EvidenceSource(self.source.currentData())
        if draft is None or self._session.read_only or (draft.note_id is None and not text.strip()):
            return None
        return store_op(self._session.services, self._session.assessment.id, draft, text, source)

    def _failed(self, error: Exception) -> None:
        self._show_message(not_saved(describe_failure(error)))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
