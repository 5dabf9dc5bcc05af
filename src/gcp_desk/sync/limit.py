"""How long a laptop may keep children offline without a sync (``Settings.offline_days``, 14 by default)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain.clock import utc_now
from ..domain.errors import NotAllowed
from ..storage.db import Database
from . import local


class OfflineTooLong(NotAllowed):
    """The laptop's offline copy has gone too long without a sync: only a sync opens it again."""


def check_offline_limit(db: Database, days: int, now: datetime | None = None) -> None:
    """Refuse, saying what to do, when this copy holds children offline and last synced more than ``days`` ago."""
    with db.read() as uow:
        connection = uow.session.connection()
        state = local.state(connection)
        if state is None or not local.children(connection, held_only=True):
            return
    last = state.last_sync_at
    now = now or utc_now()
    if last is not None and now - last <= timedelta(days=days):
        return
    when = f"was last synced on {last:%d %B %Y}" if last is not None else "has never been synced"
    raise OfflineTooLong(
        f"This laptop's copy of the children taken offline {when}, more than {days} days ago, so it does not open "
        "for work. Connect to the organisation's network and sync it ('gcp-desk sync now --as \"YOUR NAME\"', or ask "
        "IT); it opens again as soon as the sync ends.")
