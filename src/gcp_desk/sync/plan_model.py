"""What one sync does, as the plan (``plan.make_plan``) works it out: the rows to send and to receive, the records to
remove on either side, the versions both sides agree once it is carried out, and the conflicts left for a person.
A record held on one side only is planned alike whatever its kind (``one_side``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from .records import ASSESSMENT, BY_NAME, KINDS, Key, Kind, Row


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


def one_side(plan: Plan, kind: Kind, key: Key, row: Row, agreed: int, *, gone_there: bool, here: bool,
             parts: dict[str, dict[Key, Row]] | None = None) -> None:
    """A record one side holds (``here``: the laptop) and the other does not. Removed on the other side since both
    last agreed on it, and not changed where it is (``gone_there``): removed where it is too. Otherwise new, or
    changed where it is since the other removed it (nothing is lost): copied to the other side, whole with its
    ``parts`` (an assessment's), and ``agreed`` kept as the base both sides agree."""
    record_id = kind.record_id(key)
    if gone_there:
        (plan.delete_here if here else plan.delete_there)[kind.name].append(key)
        plan.forget.append((kind.name, record_id))
        return
    target = plan.send if here else plan.receive
    if parts is None:
        target[kind.name].append(row)
    else:
        take(target, row, parts)
    plan.bases[(kind.name, record_id)] = agreed


def take(target: dict[str, list[Row]], assessment: Row, parts: dict[str, dict[Key, Row]]) -> None:
    """An assessment, whole with its grades, evidence and domain grades, into ``target`` (a plan's send or receive)."""
    target[ASSESSMENT.name].append(assessment)
    for name, rows in parts.items():
        target[BY_NAME[name].name] += list(rows.values())
