"""Stored attention kept on the server: a job run as the owner role (nightly, say, by the server's scheduler)
that works out again every child whose stored reasons no longer hold today, whoever's team they are in.

People's own writes keep the attention of the children they change, as on a laptop (``services.stored_attention``);
what changes with the calendar alone (a reassessment or a target falling due) is caught here, so that a supervisor's
list of who needs attention is current before anyone has opened those children. The reasons are worked out with
the built-in instruments and the default settings, which is what every laptop uses unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import event

from ..storage.server_address import roles_for, server_url

CHILDREN_PER_STEP = 500
"""Children worked out per transaction: a long job never holds the chain's lock for long."""


def refresh_attention(url: str, owner_password: str | None, *, today: Callable[[], date] = date.today,
                      progress: Callable[[int], None] | None = None) -> int:
    """Work out again the stored attention of every child whose reasons do not hold ``today``; how many."""
    from ..paths import instruments_dir
    from ..scoring.instruments import InstrumentLibrary
    from ..services.stored_attention import AttentionKeeper
    from ..settings import Settings
    from ..storage.db import Database
    from ..storage.migrate import prepare

    address = server_url(url, password=owner_password)
    owner = roles_for(address).owner
    db = Database(address)
    event.listen(db.engine, "connect", _set_role(owner))
    keeper = AttentionKeeper(InstrumentLibrary(instruments_dir()), Settings(), today)
    total = 0
    try:
        prepare(db, None)  # refuses a server whose schema is not this app's, and changes nothing
        while True:
            with db.transaction() as uow:
                done = keeper.refresh_stale(uow, CHILDREN_PER_STEP)
            total += done
            if progress is not None and done:
                progress(total)
            if done < CHILDREN_PER_STEP:
                return total
    finally:
        db.dispose()


def _set_role(role: str) -> Callable[[Any, Any], None]:
    def set_role(dbapi_connection: Any, record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{role}"')
        dbapi_connection.commit()

    return set_role
