"""The evidence note being written, and the notes that could not be stored yet.

A note is created on the first pause in typing and edited by every later save, so the draft remembers the note's id
once the worker has created it. A note whose save failed (a database on a pulled-out USB stick) is never dropped
when the person moves on: it waits here and comes back into the editor, to be saved again, when they return.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from ....domain.assessment import Assessment
from ....domain.enums import EvidenceSource

if TYPE_CHECKING:
    from ....services.assessments import AssessmentService


@dataclass(eq=False)
class Draft:
    item_id: str
    note_id: UUID | None = None
    """Set by the worker once the note exists, so later saves edit it rather than add another."""
    text: str = ""
    """The text last sent to be stored (set on the UI thread)."""
    source: EvidenceSource | None = None
    saved_text: str = ""
    """The text known to be stored (set by the worker when a save succeeds)."""
    failed: bool = False
    """The last save failed (set by the worker)."""

    @classmethod
    def of_note(cls, item_id: str, note_id: UUID, text: str, source: EvidenceSource) -> Draft:
        return cls(item_id, note_id, text, source, saved_text=text)

    @property
    def unsaved(self) -> bool:
        """Text sent but not known to be stored: still on its way, or refused. (An emptied note never counts: the
        stored note keeps its words until it is deleted.)"""
        return bool(self.text.strip()) and self.text != self.saved_text


def store_op(services: AssessmentService, assessment_id: UUID, draft: Draft, text: str,
             source: EvidenceSource) -> Callable[[], Assessment]:
    """The work of storing ``text`` in ``draft``'s note: run on the worker thread, in the order saves were made."""
    draft.text, draft.source = text, source

    def op() -> Assessment:
        try:
            if draft.note_id is None:
                known = {note.id for note in services.get(assessment_id).evidence}
                stored = services.add_evidence(assessment_id, item_id=draft.item_id, source=source, text=text)
                draft.note_id = next(note.id for note in stored.evidence if note.id not in known)
            else:
                stored = services.edit_evidence(assessment_id, draft.note_id, text=text, source=source)
        except Exception:
            draft.failed = True
            raise
        draft.failed, draft.saved_text = False, text
        return stored

    return op


class UnsavedDrafts:
    """Drafts left behind before they were stored, by item."""

    def __init__(self) -> None:
        self._by_item: dict[str, list[Draft]] = {}

    def keep(self, draft: Draft) -> None:
        if draft.unsaved:
            self._by_item.setdefault(draft.item_id, []).append(draft)

    def take(self, item_id: str) -> Draft | None:
        """The first draft of ``item_id`` still not stored (those stored since are forgotten)."""
        waiting = [draft for draft in self._by_item.pop(item_id, []) if draft.unsaved]
        if not waiting:
            return None
        if waiting[1:]:
            self._by_item[item_id] = waiting[1:]
        return waiting[0]

    def clear(self) -> None:
        self._by_item.clear()
