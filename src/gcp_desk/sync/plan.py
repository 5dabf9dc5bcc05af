"""What one sync does with each record, worked out from the two sides' rows and the versions they last agreed.

For a record that carries a version (``records.Kind.versioned``), with ``base`` the version both sides last agreed:

- changed here only (local version moved past the base, the server's did not): sent;
- changed on the server only: received;
- changed on both: if both now read the same, they agree; otherwise a conflict, kept with both versions for a
  person to resolve (``SyncService.resolve``), and neither side is touched meanwhile;
- new on one side (no base): copied to the other; deleted on one side and unchanged on the other: deleted there
  too; deleted on one side and changed on the other: the changed record is kept (nothing is lost).

An assessment travels whole with its grades, evidence and domain grades: only its author edits a draft, and a
signed one never changes, so the copy changed last is the one kept. Review records, links and moves are never
changed once made: each side gets the ones it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from .records import ASSESSMENT, BY_NAME, DOMAIN, EVIDENCE, GRADE, KINDS, ChildFiles, Key, Kind, Row, same

ASSESSMENT_PARTS = (GRADE, EVIDENCE, DOMAIN)
AGREED = 0
"""The base kept for an assessment: both sides had it (it carries no version)."""


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


def make_plan(mine: ChildFiles, theirs: ChildFiles, bases: dict[tuple[str, UUID], int]) -> Plan:
    plan = Plan()
    for kind in KINDS:
        if kind.versioned:
            _versioned(plan, kind, mine.of(kind), theirs.of(kind), bases)
        elif kind is ASSESSMENT:
            _assessments(plan, mine, theirs, bases)
        elif not kind.part_of_assessment:
            here, there = mine.of(kind), theirs.of(kind)
            plan.send[kind.name] += [row for key, row in here.items() if key not in there]
            plan.receive[kind.name] += [row for key, row in there.items() if key not in here]
    return plan


def _child_of(kind: Kind, row: Row) -> UUID | None:
    if kind.name == "child":
        return row["id"]
    return row.get("child_id")


def _versioned(plan: Plan, kind: Kind, here: dict[Key, Row], there: dict[Key, Row],
               bases: dict[tuple[str, UUID], int]) -> None:
    for key in dict.fromkeys([*here, *there]):
        record_id = key[0]
        mine, theirs, base = here.get(key), there.get(key), bases.get((kind.name, record_id))
        if mine is not None and theirs is None:
            if base is not None and mine["version"] == base:
                plan.delete_here[kind.name].append(key)  # deleted on the server, unchanged here
                plan.forget.append((kind.name, record_id))
            else:
                plan.send[kind.name].append(mine)
                plan.bases[(kind.name, record_id)] = mine["version"]
        elif theirs is not None and mine is None:
            if base is not None and theirs["version"] == base:
                plan.delete_there[kind.name].append(key)  # deleted here, unchanged on the server
                plan.forget.append((kind.name, record_id))
            else:
                plan.receive[kind.name].append(theirs)
                plan.bases[(kind.name, record_id)] = theirs["version"]
        elif mine is not None and theirs is not None:
            changed_here = base is None or mine["version"] != base
            changed_there = base is None or theirs["version"] != base
            if not changed_here and not changed_there:
                continue
            if changed_here and not changed_there:
                plan.send[kind.name].append(mine)
                plan.bases[(kind.name, record_id)] = mine["version"]
            elif changed_there and not changed_here:
                plan.receive[kind.name].append(theirs)
                plan.bases[(kind.name, record_id)] = theirs["version"]
            elif same(kind, mine, theirs):  # the same change made on both sides: the server's copy is kept
                plan.bases[(kind.name, record_id)] = theirs["version"]
                if mine != theirs:
                    plan.receive[kind.name].append(theirs)
            else:
                plan.conflicts.append(Conflict(kind.name, record_id, _child_of(kind, mine) or _child_of(kind, theirs),
                                               base if base is not None else 0, theirs["version"], mine, theirs))


def _parts(files: ChildFiles, assessment_id: UUID) -> dict[str, dict[Key, Row]]:
    return {kind.name: {key: row for key, row in files.of(kind).items() if row["assessment_id"] == assessment_id}
            for kind in ASSESSMENT_PARTS}


def _assessments(plan: Plan, mine: ChildFiles, theirs: ChildFiles, bases: dict[tuple[str, UUID], int]) -> None:
    here, there = mine.of(ASSESSMENT), theirs.of(ASSESSMENT)
    parts_here = _grouped(mine)
    parts_there = _grouped(theirs)
    for key in dict.fromkeys([*here, *there]):
        assessment_id = key[0]
        a, b = here.get(key), there.get(key)
        agreed = (ASSESSMENT.name, assessment_id) in bases
        if a is not None and b is None:
            if agreed:  # deleted on the server (a draft discarded there)
                plan.delete_here[ASSESSMENT.name].append(key)
                plan.forget.append((ASSESSMENT.name, assessment_id))
                continue
            _take(plan.send, a, parts_here.get(assessment_id, {}))
        elif b is not None and a is None:
            if agreed:
                plan.delete_there[ASSESSMENT.name].append(key)
                plan.forget.append((ASSESSMENT.name, assessment_id))
                continue
            _take(plan.receive, b, parts_there.get(assessment_id, {}))
        else:
            assert a is not None and b is not None
            mine_parts, their_parts = parts_here.get(assessment_id, {}), parts_there.get(assessment_id, {})
            if same(ASSESSMENT, a, b) and mine_parts == their_parts:
                pass
            elif a["updated_at"] > b["updated_at"]:
                _take(plan.send, a, mine_parts)
                plan.replace_parts_there.append(assessment_id)
            else:
                _take(plan.receive, b, their_parts)
                plan.replace_parts_here.append(assessment_id)
        plan.bases[(ASSESSMENT.name, assessment_id)] = AGREED


def _grouped(files: ChildFiles) -> dict[UUID, dict[str, dict[Key, Row]]]:
    grouped: dict[UUID, dict[str, dict[Key, Row]]] = {}
    for kind in ASSESSMENT_PARTS:
        for key, row in files.of(kind).items():
            grouped.setdefault(row["assessment_id"], {part.name: {} for part in ASSESSMENT_PARTS})[kind.name][key] = row
    return grouped


def _take(target: dict[str, list[Row]], assessment: Row, parts: dict[str, dict[Key, Row]]) -> None:
    target[ASSESSMENT.name].append(assessment)
    for name, rows in parts.items():
        target[BY_NAME[name].name] += list(rows.values())
