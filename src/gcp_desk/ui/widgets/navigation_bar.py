"""The bar across the top: Back, Caseload, where you are, and who is working."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QActionEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QToolBar, QWidget


class NavigationBar(QToolBar):
    back_requested = Signal()
    caseload_requested = Signal()
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Navigation", parent)
        self.setMovable(False)
        self.setFloatable(False)
        self.back_action = QAction("&Back", self)
        back_keys = [QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left)]
        back_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Back) if k not in back_keys]
        self.back_action.setShortcuts(back_keys)  # the same key twice would make the shortcut ambiguous
        self.back_action.setToolTip("Back (Alt+Left)")
        self.back_action.triggered.connect(self.back_requested)
        self.caseload_action = QAction("&Caseload", self)
        self.caseload_action.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Home))
        self.caseload_action.setToolTip("Go to the caseload (Alt+Home)")
        self.caseload_action.triggered.connect(self.caseload_requested)
        for action in (self.back_action, self.caseload_action):
            self.addAction(action)
            self.widgetForAction(action).setAccessibleName(action.text().replace("&", ""))
        self.addSeparator()
        self.breadcrumb = QLabel()
        self.breadcrumb.setAccessibleName("Where you are")
        self.breadcrumb.setContentsMargins(8, 0, 8, 0)
        font = self.breadcrumb.font()
        font.setBold(True)
        self.breadcrumb.setFont(font)
        self.addWidget(self.breadcrumb)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.user_label = QLabel()
        self.addWidget(self.user_label)
        self.switch_user_button = QPushButton("&Switch user")
        self.switch_user_button.clicked.connect(self.switch_user_requested)
        # A widget on a tool bar is shown and hidden through its action.
        self._switch_user_action = self.addWidget(self.switch_user_button)
        self._switch_user_action.setVisible(False)

    def actionEvent(self, event: QActionEvent) -> None:
        """A tool bar button shows its action's icon text, which Qt makes without the "&": give it back, so that
        Alt and the underlined letter work on the bar as in a menu ("…" stays off, as on any tool bar button)."""
        action = event.action()
        if event.type() == QEvent.Type.ActionAdded and "&" in action.text():
            action.setIconText(action.text().replace("…", ""))
        super().actionEvent(event)

    def show_trail(self, trail: list[str], *, can_go_back: bool, signed_in: bool) -> None:
        self.breadcrumb.setText("  ›  ".join(trail))
        self.back_action.setEnabled(can_go_back)
        self.caseload_action.setEnabled(signed_in)

    def show_user(self, text: str) -> None:
        self.user_label.setText(text)
        self._switch_user_action.setVisible(True)
