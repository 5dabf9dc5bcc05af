"""Share one child's record with another team, or stop sharing it: a supervisor's decision, with a reason.

The child stays in their own team. The dialog lists who the record is shared with now and why, offers the other
teams, and asks for the reason, which is kept and audited. The service checks the same rules; its refusal is shown
here with the dialog kept open.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.people import Share, Team
from ..widgets.problem_line import ProblemLine

NOT_SHARED = "Not shared with any other team."


def share_in_words(share: Share) -> str:
    return f"{share.team_name}, since {share.shared_at.astimezone():%-d %b %Y}: {share.reason}"


class ShareDialog(QDialog):
    """Opened with ``open()``. ``share_requested`` carries (team id, reason) and ``stop_requested`` (share id,
    reason); the caller stores them and then calls ``show_shares`` or ``show_problem``."""

    share_requested = Signal(object, str)
    stop_requested = Signal(object, str)

    def __init__(self, *, child_name: str, home_team_id: UUID | None, teams: list[Team],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Share {child_name}'s record")
        self.setAccessibleName(self.windowTitle())
        self.setModal(True)
        self._teams, self._home_team_id = teams, home_team_id
        home_team = next((team.name for team in teams if team.id == home_team_id), "no team")
        intro = QLabel(
            f"{child_name}'s record belongs to {home_team}. Sharing it lets another team see it and work on it, "
            "for example when the family has moved or a sibling is known to them. Say why: the reason is kept "
            "with the share and in the audit trail. Stop sharing when it is no longer needed.", self)
        intro.setWordWrap(True)
        now = QGroupBox("Shared now with", self)
        now_layout = QVBoxLayout(now)
        self.shares = QListWidget(now)
        self.shares.setAccessibleName("Teams the record is shared with now")
        self.shares.setWordWrap(True)
        self.shares.currentRowChanged.connect(lambda _row: self._chosen_share_changed())
        now_layout.addWidget(self.shares)
        stop_row = QHBoxLayout()
        self.stop_reason = QPlainTextEdit(now)
        self.stop_reason.setAccessibleName("Why stop sharing")
        self.stop_reason.setPlaceholderText("Why stop, e.g. the family has moved back to our area")
        self.stop_reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3)
        self.stop_button = QPushButton("&Stop sharing", now)
        self.stop_button.setAutoDefault(False)
        self.stop_button.clicked.connect(self._stop)
        stop_row.addWidget(self.stop_reason, 1)
        stop_row.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignTop)
        now_layout.addLayout(stop_row)
        add = QGroupBox("Share with another team", self)
        form = QFormLayout(add)
        self.team = QComboBox(add)
        self.team.setAccessibleName("Team to share with")
        self.team.setPlaceholderText("Already shared with every other team")
        self.reason = QPlainTextEdit(add)
        self.reason.setAccessibleName("Why the other team needs to see this record")
        self.reason.setPlaceholderText("Why the other team needs to see this record")
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.share_button = QPushButton("S&hare", add)
        self.share_button.setAutoDefault(False)
        self.share_button.clicked.connect(self._share)
        form.addRow("&Team", self.team)
        form.addRow("&Reason", self.reason)
        form.addRow("", self.share_button)
        self.problem = ProblemLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(now)
        layout.addWidget(add)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.show_shares([])

    def show_shares(self, shares: list[Share]) -> None:
        """The shares as stored now; the teams it could still go to; the fields cleared for the next step."""
        self.current = list(shares)
        self.shares.clear()
        for share in self.current:
            item = QListWidgetItem(share_in_words(share))
            item.setData(Qt.ItemDataRole.UserRole, share.id)
            self.shares.addItem(item)
        if not self.current:
            self.shares.addItem(QListWidgetItem(NOT_SHARED))
        shared = {share.team_id for share in self.current}
        self.team.clear()
        for team in self._teams:
            if team.id not in shared and team.id != self._home_team_id:
                self.team.addItem(team.name, str(team.id))  # ids as text: combo boxes find data by identity
        self.team.setCurrentIndex(0 if self.team.count() else -1)  # with a placeholder, nothing is chosen by itself
        self.share_button.setEnabled(self.team.count() > 0)
        self.reason.clear()
        self.stop_reason.clear()
        self.shares.setCurrentRow(0 if self.current else -1)
        self._chosen_share_changed()

    def show_problem(self, words: str) -> None:
        self.share_button.setEnabled(self.team.count() > 0)
        self._chosen_share_changed()
        self.problem.say(words)

    @property
    def chosen_share(self) -> UUID | None:
        item = self.shares.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _chosen_share_changed(self) -> None:
        self.stop_button.setEnabled(self.chosen_share is not None)

    def _share(self) -> None:
        team = self.team.currentData()
        if not team:
            return
        self.problem.hide()
        self.share_button.setEnabled(False)
        self.share_requested.emit(UUID(team), self.reason.toPlainText())

    def _stop(self) -> None:
        share_id = self.chosen_share
        if share_id is None:
            return
        self.problem.hide()
        self.stop_button.setEnabled(False)
        self.stop_requested.emit(share_id, self.stop_reason.toPlainText())
