"""One line on a child's record saying that someone else has the child offline on their laptop, and since when, as
the team server said at the last online sign-in or sync: what is changed here meets their work when they sync."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtWidgets import QLabel

from ...scoring.age import format_date

HELD = "Held offline by {name} since {day}"
WHY = ("{name} took this child's record offline on {laptop} at {time} UTC. Their changes reach the team server when "
       "they sync; anything changed here in the meantime is shown to a person side by side if it meets theirs.")


class HeldOfflineLabel(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("heldOffline")
        self.setStyleSheet("QLabel#heldOffline { background: #e8f0fb; color: #12335c; border: 1px solid #6b8fc2;"
                           " border-radius: 4px; padding: 4px 8px; }")
        self.setWordWrap(True)
        self.hide()

    def show_hold(self, hold) -> None:
        """``hold``: who holds the child (``holder_name``, ``since``, ``laptop``), or ``None`` for nobody else."""
        if hold is None:
            self.clear()
            self.setAccessibleName("")
            self.hide()
            return
        since = hold.since.astimezone(UTC)
        words = HELD.format(name=hold.holder_name, day=format_date(since.date()))
        self.setText(words)
        self.setAccessibleName(words)
        self.setToolTip(WHY.format(name=hold.holder_name, laptop=hold.laptop, time=f"{since:%H:%M}"))
        self.show()
