"""Each child's stored household sort key (``children.household_sort``, migration 0018) read from the tables and
checked against the child's household: what a write path that forgot the key would break."""

from __future__ import annotations

from sqlalchemy import select

from gcp_desk.storage import orm


def stored_keys(backend) -> dict:
    """Every child's household id, household name and stored key, read from the tables themselves."""
    children, households = orm.children, orm.households
    query = (select(children.c.id, children.c.household_id, households.c.name, households.c.created_at,
                    children.c.household_sort)
             .select_from(children.outerjoin(households, households.c.id == children.c.household_id)))
    with backend.db.engine.connect() as connection:
        return {row.id: row for row in connection.execute(query)}


def assert_keys_agree(backend) -> None:
    rows = stored_keys(backend)
    assert rows
    for row in rows.values():
        if row.household_id is None:
            assert row.household_sort == "1", row
        else:
            name_part, recorded, id_part = row.household_sort.split("\x01")
            assert name_part == "0" + row.name.strip().lower(), row
            assert recorded == row.created_at.strftime("%Y-%m-%d %H:%M:%S.%f"), row
            assert id_part.replace("-", "") == row.household_id.hex, row
