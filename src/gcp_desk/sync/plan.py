"""What one sync does with each record, worked out from the two sides' rows and the versions they last agreed.

For a record that carries a version (``records.Kind.versioned``), with ``base`` the version both sides last agreed:

- changed here only (local version moved past the base, the server's did not): sent;
- changed on the server only: received;
- changed on both: if both now read the same, they agree; otherwise a conflict, kept with both versions for a
  person to resolve (``SyncService.resolve``), and neither side is touched meanwhile;
- new on one side (no base): copied to the other; deleted on one side and unchanged on the other: deleted there
  too; deleted on one side and changed on the other: the changed record is kept (nothing is lost).

An assessment travels whole with its grades, evidence and domain grades, its base being a hash of the whole
(``unit_hash``): changed on one side only, that side's is kept; only its author edits a draft and a signed one never
changes, so should both have changed, the copy changed last is kept. Review records are never changed once made:
each side gets the ones it lacks. A link between a child and an adult, and a household move, is never changed but
can be removed: both sides note holding it, and one that a side no longer holds was removed there, so it is removed
on the other side too (in either direction) rather than copied back. A record held on one side only is treated alike
whatever its kind (``plan_model.one_side``). The ids of merged-away adults: ``aliases``.

A household, an adult or an alias missing from one side's files is a deletion only if that side no longer holds it
at all (a merge, or a child deleted under the retention rule): one that only left the files there (a link or a move
gone) is read back into them before planning and compared as held on both sides (``held_elsewhere``).

Rows are compared as the records' bundles carry them (``records.comparable``): a row read back from a sync's bundle
is the row as stored, column for column, but for what each copy works out for itself from the record (an
assessment's date and domains of concern for the caseload, a child's search text and name order), which is left out
of every comparison (``tests/services/test_sync_bundle_rows.py`` shows it for every kind of record).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from uuid import UUID

from pydantic_core import to_jsonable_python

from .aliases import plan_aliases
from .plan_model import Conflict, Plan, one_side, take
from .records import (ALIAS, ASSESSMENT, DOMAIN, EVIDENCE, GRADE, KINDS, ChildFiles, Key, Kind, Row,
                      comparable, same)

ASSESSMENT_PARTS = (GRADE, EVIDENCE, DOMAIN)


def make_plan(mine: ChildFiles, theirs: ChildFiles, bases: dict[tuple[str, UUID], int]) -> Plan:
    plan = Plan()
    for kind in KINDS:
        if kind.versioned:
            _versioned(plan, kind, mine.of(kind), theirs.of(kind), bases)
        elif kind is ASSESSMENT:
            _assessments(plan, mine, theirs, bases)
        elif kind is ALIAS:
            plan_aliases(plan, kind, mine.of(kind), theirs.of(kind), bases)
        elif kind.removable:
            _removable(plan, kind, mine.of(kind), theirs.of(kind), bases)
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
        if mine is None or theirs is None:
            held = mine if theirs is None else theirs
            assert held is not None
            one_side(plan, kind, key, held, held["version"], gone_there=base is not None and held["version"] == base,
                      here=theirs is None)
            continue
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


def _removable(plan: Plan, kind: Kind, here: dict[Key, Row], there: dict[Key, Row],
               bases: dict[tuple[str, UUID], int]) -> None:
    """A record both sides noted holding and one side no longer has was removed there: removed on the other side
    too (a tombstone, by its key). One side has that the other never noted is new: copied."""
    for key in dict.fromkeys([*here, *there]):
        record_id = kind.record_id(key)
        noted = (kind.name, record_id) in bases
        if key in here and key in there:
            if not noted:
                plan.bases[(kind.name, record_id)] = 1
        else:
            one_side(plan, kind, key, here.get(key) or there[key], 1, gone_there=noted, here=key in here)


def _parts(files: ChildFiles, assessment_id: UUID) -> dict[str, dict[Key, Row]]:
    return {kind.name: {key: row for key, row in files.of(kind).items() if row["assessment_id"] == assessment_id}
            for kind in ASSESSMENT_PARTS}


def unit_hash(assessment: Row, parts: dict[str, dict[Key, Row]]) -> int:
    """An assessment with its grades, evidence and domain grades, as one number: kept as the base both sides agreed,
    so a change on one side only (a grade, a note, a domain grade, the status) is told from a change on both."""
    content = {"assessment": comparable(ASSESSMENT, assessment),
               **{part.name: sorted(parts.get(part.name, {}).values(), key=str) for part in ASSESSMENT_PARTS}}
    digest = hashlib.sha256(json.dumps(to_jsonable_python(content), sort_keys=True).encode()).hexdigest()
    return int(digest[:15], 16)


def _last_change(assessment: Row, parts: dict[str, dict[Key, Row]]) -> datetime:
    times = [assessment["updated_at"], *(row["updated_at"] for rows in parts.values() for row in rows.values()
                                         if row.get("updated_at") is not None)]
    return max(times)


def _assessments(plan: Plan, mine: ChildFiles, theirs: ChildFiles, bases: dict[tuple[str, UUID], int]) -> None:
    here, there = mine.of(ASSESSMENT), theirs.of(ASSESSMENT)
    parts_here = grouped(mine)
    parts_there = grouped(theirs)
    empty: dict[str, dict[Key, Row]] = {part.name: {} for part in ASSESSMENT_PARTS}
    for key in dict.fromkeys([*here, *there]):
        assessment_id = key[0]
        a, b = here.get(key), there.get(key)
        base = bases.get((ASSESSMENT.name, assessment_id))
        mine_parts, their_parts = parts_here.get(assessment_id, empty), parts_there.get(assessment_id, empty)
        if a is None or b is None:  # held on one side: a draft discarded on the other since, or new
            row, parts = (a, mine_parts) if b is None else (b, their_parts)
            assert row is not None
            one_side(plan, ASSESSMENT, key, row, 0 if base is not None else unit_hash(row, parts),
                      gone_there=base is not None, here=b is None, parts=parts)
        else:
            assert a is not None and b is not None
            ours, theirs_hash = unit_hash(a, mine_parts), unit_hash(b, their_parts)
            if ours == theirs_hash:
                if base != ours:
                    plan.bases[(ASSESSMENT.name, assessment_id)] = ours
                continue
            # Changed here only, or (its author's draft changed in two places) changed last here: ours is kept.
            if base == theirs_hash or (base != ours and _last_change(a, mine_parts) > _last_change(b, their_parts)):
                take(plan.send, a, mine_parts)
                plan.replace_parts_there.append(assessment_id)
                plan.bases[(ASSESSMENT.name, assessment_id)] = ours
            else:
                take(plan.receive, b, their_parts)
                plan.replace_parts_here.append(assessment_id)
                plan.bases[(ASSESSMENT.name, assessment_id)] = theirs_hash


def grouped(files: ChildFiles) -> dict[UUID, dict[str, dict[Key, Row]]]:
    grouped: dict[UUID, dict[str, dict[Key, Row]]] = {}
    for kind in ASSESSMENT_PARTS:
        for key, row in files.of(kind).items():
            grouped.setdefault(row["assessment_id"], {part.name: {} for part in ASSESSMENT_PARTS})[kind.name][key] = row
    return grouped

