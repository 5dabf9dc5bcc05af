"""The caseload's household headings, told apart where names are shared (``domain.household_labels``): only
households with a child the signed-in person may see are compared, so a heading never hints at another team's."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from uuid import UUID

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from ..domain.household_labels import NamedHousehold, distinct_labels
from . import orm
from .scope import Scope


def household_names(session: Session, household_ids: set[UUID]) -> dict[UUID, str]:
    """The names of ``household_ids`` (one page's households), read by their primary key."""
    if not household_ids:
        return {}
    households = orm.households
    query = select(households.c.id, households.c.name).where(households.c.id.in_(sorted(household_ids)))
    return {household_id: name for household_id, name in session.execute(query)}


KEEP = 4
"""Label sets kept (per database, scope and state of the households): a few people or screens at once."""
_kept: OrderedDict[tuple, dict[object, str]] = OrderedDict()
_lock = Lock()


def household_headings(session: Session, scope: Scope, names: dict[UUID, str]) -> dict[UUID, str]:
    """``names`` (household id: name, for one page) with each shared name told apart."""
    if not names:
        return names
    labels = scope_labels(session, scope)
    return {household_id: labels.get(_raw(session, household_id), name) for household_id, name in names.items()}


def scope_labels(session: Session, scope: Scope) -> dict[object, str]:
    """The label of every household with a child in ``scope``, by the household's id as the database hands it over
    (``_raw``). Worked out once and kept while no household is added, renamed, moved or removed and no child joins,
    leaves or moves household or team (each raises a version or a count: ``_state``): a common name is shared by
    thousands of households in a large caseload, too many to compare again for each page."""
    bind = session.get_bind()
    key = (id(bind), str(bind.url), scope.everything, scope.works_on_cases, scope.team_id, scope.shared,
           _state(session))
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    found = _work_out(session, scope)
    with _lock:
        _kept[key] = found
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return found


def _state(session: Session) -> tuple:
    """What changes whenever a label could: the households' count, versions and dates; the children's count and
    versions (raised when a child's household or team changes), read on the index of their household and team."""
    households, children = orm.households, orm.children
    homes = session.execute(select(func.count(), func.sum(households.c.version), func.max(households.c.created_at),
                                   func.min(households.c.created_at))).one()
    kids = session.execute(select(func.count(), func.sum(children.c.version))).one()
    return (*homes, *kids)


def _work_out(session: Session, scope: Scope) -> dict[object, str]:
    # Only households with a child this person may see are compared: each tested on the index of the children's
    # household and team alone (``ix_children_household_team``). Ids and times are read as the database holds them
    # (no conversion of thousands of rows).
    households, children = orm.households, orm.children.alias("member")
    seen = select(children.c.id).where(children.c.household_id == households.c.id)
    clause = scope.children_clause(children)
    if clause is not None:
        seen = seen.where(clause)
    query = (select(type_coerce(households.c.id, String), households.c.name, households.c.address,
                    type_coerce(households.c.created_at, String)).where(seen.exists()))
    return distinct_labels(list(map(NamedHousehold._make, session.execute(query).fetchall())))


def _raw(session: Session, household_id: UUID) -> object:
    """A household's id as the database hands it over unconverted: hex text on SQLite, a uuid on PostgreSQL."""
    return household_id.hex if session.get_bind().dialect.name == "sqlite" else household_id
