"""Who needs attention among the caseload's rows read so far: the reasons each page carries, kept as stored and
decoded only when a cell or the panel shows them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

if TYPE_CHECKING:
    from ...scoring.attention import AttentionReason


class PagedAttention(Mapping):
    """Why each child of the pages read so far needs attention: the stored reasons, decoded when looked at, and
    each child's rank (most pressing first)."""

    def __init__(self) -> None:
        self._stored: dict[UUID, Any] = {}
        self._ranks: dict[UUID, Any] = {}
        self._decoded: dict[UUID, list[AttentionReason]] = {}

    def add(self, entries: list[tuple[UUID, Any, Any]]) -> None:
        for child_id, stored, rank in entries:
            self._stored[child_id] = stored
            self._ranks[child_id] = rank
            self._decoded.pop(child_id, None)

    def __getitem__(self, child_id: UUID) -> list[AttentionReason]:
        found = self._decoded.get(child_id)
        if found is None:
            stored = self._stored[child_id]
            if isinstance(stored, str):
                from ...services.stored_attention import decode

                found = list(decode(stored).reasons)
            else:
                found = list(stored)
            self._decoded[child_id] = found
        return found

    def __contains__(self, child_id: object) -> bool:
        return child_id in self._stored

    def __iter__(self) -> Iterator[UUID]:
        return iter(self._stored)

    def __len__(self) -> int:
        return len(self._stored)

    def rank(self, child_id: UUID) -> Any:
        return self._ranks.get(child_id)

    def stored(self, child_id: UUID) -> Any:
        """The child's reasons as read (``None``: needs no attention): what tells a row read again from the one
        shown."""
        return self._stored.get(child_id)
