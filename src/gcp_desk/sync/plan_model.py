"""What one sync does, as the plan (``plan.make_plan``) works it out: the rows to send and to receive, the records to
remove on either side, the versions both sides agree once it is carried out, and the conflicts left for a person."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from .records import KINDS, Key, Row


@dataclass
class Conflict:
    kind: str
    record_id: UUID
    child_id: UUID | None
    base_version: int
    theirs_version: int
    mine: Row
    theirs: Row


@dataclass
class Plan:
    send: dict[str, list[Row]] = field(default_factory=lambda: {kind.name: [] for kind in KINDS})
    receive: dict[str, list[Row]] = field(default_factory=lambda: {kind.name: [] for kind in KINDS})
    delete_there: dict[str, list[Key]] = field(default_factory=lambda: {kind.name: [] for kind in KINDS})
    delete_here: dict[str, list[Key]] = field(default_factory=lambda: {kind.name: [] for kind in KINDS})
    replace_parts_there: list[UUID] = field(default_factory=list)
    replace_parts_here: list[UUID] = field(default_factory=list)
    bases: dict[tuple[str, UUID], int] = field(default_factory=dict)
    """The versions both sides agree once the plan is carried out."""
    forget: list[tuple[str, UUID]] = field(default_factory=list)
    """Bases of records deleted on both sides."""
    conflicts: list[Conflict] = field(default_factory=list)

    def sent(self) -> int:
        return sum(map(len, self.send.values())) + sum(map(len, self.delete_there.values()))

    def received(self) -> int:
        return sum(map(len, self.receive.values())) + sum(map(len, self.delete_here.values()))
