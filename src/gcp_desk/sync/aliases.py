"""What one sync does with the ids of merged-away adults (``adult_aliases``), so that a merge made on either side
arrives whole on the other: the alias, the links moved to the adult kept and the duplicate's removal (those two
travel as any link and adult do).

An alias is made by a merge, re-pointed when the adult it points at is merged in turn, and removed only with the
adult it points at (retention's deletion of a child). Both sides note the aliases they hold, as for links
(``plan._removable``), and one held on one side only is planned as any record is (``plan_model.one_side``):

- held on one side only and never noted: new, copied to the other side;
- held on one side only and noted: removed on the other side (with its adult), so removed here too;
- held on both and the same: noted;
- held on both and pointing at different adults: the one that points at an adult still standing wins (the other
  points at an adult since merged away, on one side or the other); when both stand (the same duplicate merged into
  two different adults, one on each side) the server's is kept, as for the same change made on both sides. The
  losing side's row is removed and the winner written in its place: removals are carried out before any row is
  written and aliases are removed before adults, so the adult it pointed at can go in the same transaction.
"""

from __future__ import annotations

from uuid import UUID

from .plan_model import Plan, one_side
from .records import Key, Kind, Row


def plan_aliases(plan: Plan, kind: Kind, here: dict[Key, Row], there: dict[Key, Row],
                 bases: dict[tuple[str, UUID], int]) -> None:
    merged_away = {key[0] for key in [*here, *there]}
    for key in dict.fromkeys([*here, *there]):
        record_id = kind.record_id(key)
        noted = (kind.name, record_id) in bases
        mine, theirs = here.get(key), there.get(key)
        if mine is not None and theirs is not None:
            if mine != theirs:
                if mine["adult_id"] in merged_away or theirs["adult_id"] not in merged_away:
                    plan.delete_here[kind.name].append(key)  # the server's points at the adult standing
                    plan.receive[kind.name].append(theirs)
                else:
                    plan.delete_there[kind.name].append(key)
                    plan.send[kind.name].append(mine)
            if not noted or mine != theirs:
                plan.bases[(kind.name, record_id)] = 1
        else:
            one_side(plan, kind, key, here.get(key) or there[key], 1, gone_there=noted, here=key in here)
