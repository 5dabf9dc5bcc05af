"""A new passphrase typed twice, with a hint of how hard it would be to guess, said as it is typed."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from ...security.passwords import password_problems

MIN_PASSPHRASE = 10
"""As the bundle's envelope asks (``bundle.envelope.passphrase_problem``)."""


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """How hard ``passphrase`` is to guess, 0 (refused) to 3, and a hint in words."""
    if not passphrase:
        return 0, "Choose a passphrase: a few unrelated words are easy to pass on by telephone and hard to guess."
    if len(passphrase) < MIN_PASSPHRASE:
        return 0, f"Too short: use at least {MIN_PASSPHRASE} characters (this has {len(passphrase)})."
    if len(set(passphrase.casefold())) < 5 or password_problems(passphrase):  # long enough: so, a common one
        return 1, "Easy to guess: choose three or four words that have nothing to do with each other."
    words = [part for part in passphrase.split() if sum(c.isalpha() for c in part) >= 3]
    if len(words) >= 4 or len(passphrase) >= 20:
        return 3, "Strong."
    if len(words) == 3 or len(passphrase) >= 14:
        return 2, "Good. Four or more unrelated words would be stronger."
    return 1, "Fair: a longer passphrase, or four unrelated words, is much harder to guess."


class PassphrasePair(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("The passphrase again")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setObjectName("passphraseHint")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("The passphrase a&gain:", self.again)
        form.addRow("", self.hint)
        self.passphrase.textChanged.connect(self._show_strength)
        self._show_strength("")

    def _show_strength(self, text: str) -> None:
        level, words = passphrase_strength(text)
        colour = ("#8a1c1c", "#8a5a00", "#2f5d1f", "#1f5d2f")[level]
        self.hint.setText(f"<span style='color:{colour}'>{words}</span>")
        self.hint.setAccessibleName(f"Passphrase strength: {words}")

    def problem(self) -> str | None:
        """Why the passphrase cannot be used, or ``None``."""
        passphrase = self.passphrase.text()
        if len(passphrase) < MIN_PASSPHRASE:
            return (f"Use a passphrase of at least {MIN_PASSPHRASE} characters (a few words are easiest to pass on "
                    "by telephone).")
        if passphrase != self.again.text():
            return "The two passphrases differ: type them again."
        return None

    def text(self) -> str:
        return self.passphrase.text()
