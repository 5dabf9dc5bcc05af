"""What the window draws again when a sync ends: who holds each child offline, on the child's record on screen and
in the caseload's rows, as the server has just said (``SyncStatusBar.attach`` wires it to ``holds_refreshed``)."""

from __future__ import annotations


def redraw_holds(window) -> None:
    """The held-by line of the child on screen and the caseload names' tooltips, from the holds just read."""
    record = getattr(window, "child_record", None)
    if record is not None:
        record.redraw_hold()
    caseload = getattr(window, "caseload", None)
    if caseload is not None:
        caseload.model.holds_changed()
