"""Households, adults and the ids merged into adults are shared between children's files: a father living elsewhere
is in the file of each child linked to him, a household in the file of each child or adult in it. Such a record
leaves one side's files when the link or the move that brought it there goes (the father unlinked from the one
child a laptop holds, a child moved to another household), while the record itself, and its other children's
links, stay. Leaving the files is not a deletion.

So before a sync plans (``plan``), each of these records that one side's files hold and the other's do not is looked
for by its id on the other side, as that side's person may see it; one still held there is put into that side's
files, and the two are compared as any record held on both sides (sent, received, or a conflict for a person).
Only one that side no longer holds at all was removed there: by a merge (carried with its alias, ``aliases``) or by
the deletion of a child under the retention rule, the only two ways the app removes an adult or a household. An
adult merged away on the other side takes none of this side's links with them: those still held are moved to the
adult kept first (``keep_links_of_merged``).
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select, update

from ..storage import orm
from ..storage.repositories.adults import move_every_link
from ..storage.repositories.records import chunks
from .records import ADULT, ALIAS, HOUSEHOLD, ChildFiles, Key, Row

SHARED = (HOUSEHOLD, ADULT, ALIAS)


def lacking(files: ChildFiles, other: ChildFiles) -> dict[str, list[Key]]:
    """The shared records ``other`` holds that ``files`` lacks, by kind."""
    found = {kind.name: [key for key in other.of(kind) if key not in files.of(kind)] for kind in SHARED}
    return {name: keys for name, keys in found.items() if keys}


def fill_in(files: ChildFiles, wanted: dict[str, list[Key]], connection: Connection) -> int:
    """Those of the ``wanted`` records that ``files``' side (``connection``) still holds, read and put into
    ``files``; how many were."""
    found = 0
    for kind in SHARED:
        table, (column,) = kind.table, kind.key
        for batch in chunks(sorted((key[0] for key in wanted.get(kind.name, ())), key=str)):
            statement = select(*[table.c[name] for name in kind.columns]).where(table.c[column].in_(batch))
            rows = [dict(row) for row in connection.execute(statement).mappings()]
            files.of(kind).update((kind.key_of(row), row) for row in rows)
            found += len(rows)
    return found


def keep_links_of_merged(connection: Connection, arriving_aliases: list[Row], removed_adults: list[Key]) -> int:
    """Before an adult merged away on the other side is removed here: the links this side still holds to them (a
    child outside the synced files, linked to the duplicate) moved to the adult kept, as the merge moved the links
    it could see, rather than removed with the duplicate. A child already linked to the adult kept keeps that link.
    On the server the links of children the person may not see (another team's) are moved too, by the server's own
    rule (``move_every_link``); how many of those the person sees were moved."""
    gone = {key[0] for key in removed_adults}
    links, adults = orm.child_adult_links, orm.adults
    moved = 0
    for alias in arriving_aliases:
        duplicate, kept = alias["alias_id"], alias["adult_id"]
        if duplicate not in gone or connection.execute(select(adults.c.id).where(adults.c.id == kept)).first() is None:
            continue
        linked_to_kept = select(links.c.child_id).where(links.c.adult_id == kept)
        moving = connection.execute(select(func.count()).select_from(links).where(
            links.c.adult_id == duplicate, links.c.child_id.not_in(linked_to_kept))).scalar_one()
        if not move_every_link(connection, duplicate, kept):
            connection.execute(update(links).where(links.c.adult_id == duplicate,
                                                   links.c.child_id.not_in(linked_to_kept)).values(adult_id=kept))
        moved += moving
    return moved
