"""A laptop names itself to the team server on each connection that takes children offline or syncs, so that the
server's own rules can refuse a laptop an administrator has withdrawn (``server revoke-laptop``): it takes no child
offline and sends nothing, whatever program asks (``laptop_rules``). Here the server's refusal becomes words."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from ..domain.errors import NotAllowed
from ..scoring.age import format_date

WITHDRAWN = ("This laptop was withdrawn from the team server on {day}, so it can no longer take children offline or "
             "sync. Ask your administrator: work on it that was never synced cannot be sent from it. Nothing was "
             "sent or received.")
NO_LAPTOP_ID = ("This copy of GCP Desk has no laptop id (its data folder is not encrypted), so the team server cannot "
                "record which laptop holds the children. Nothing was taken offline.")


class LaptopWithdrawn(NotAllowed):
    """The server refused this laptop: an administrator withdrew it."""


def name_this_laptop(connection: Connection, laptop_id: str | None) -> None:
    """Tell the server which laptop this connection is (kept by the server for the connection alone); refused in
    words if the laptop was withdrawn. Runs in the caller's transaction, or commits one of its own."""
    if not laptop_id:
        raise NotAllowed(NO_LAPTOP_ID)
    own = not connection.in_transaction()
    try:
        connection.execute(text("SELECT gcp_desk_this_laptop(:laptop)"), {"laptop": laptop_id})
    except DBAPIError as error:
        if own:
            connection.rollback()
        refused = withdrawn(error)
        if refused is None:
            raise
        raise refused from None
    if own:
        connection.commit()


def withdrawn(error: BaseException) -> LaptopWithdrawn | None:
    """The server's refusal of a withdrawn laptop, in words (``None`` for any other error)."""
    found = re.search(r"laptop withdrawn on (\d{4}-\d{2}-\d{2})", str(getattr(error, "orig", None) or error))
    if found is None:
        return None
    return LaptopWithdrawn(WITHDRAWN.format(day=format_date(date.fromisoformat(found.group(1)))))
