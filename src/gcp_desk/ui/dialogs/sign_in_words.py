"""The Accounts list's words for whether each account can sign in now, and what an administrator can do if not."""

from __future__ import annotations

from math import ceil

from ...domain.enums import SignIn
from ...domain.people import AccountState

SIGN_IN_WORDS = {
    SignIn.READY: "Yes",
    SignIn.ONE_TIME: "Yes, with a one-time password (chooses their own next)",
    SignIn.NO_PASSWORD: "No: needs a one-time password",
    SignIn.DISABLED: "No: disabled",
}


def sign_in_in_words(state: AccountState | None) -> str:
    if state is None:
        return ""
    words = SIGN_IN_WORDS[state.sign_in]
    if state.sign_in is SignIn.DISABLED and state.disabled_at is not None:
        words += f" on {state.disabled_at.astimezone():%-d %b %Y}"
    if state.wait_seconds > 0:
        words += f"; locked for {_wait(state.wait_seconds)} after wrong passwords"
    return words


def _wait(seconds: float) -> str:
    if seconds < 60:
        return f"{ceil(seconds)} s"
    return f"{ceil(seconds / 60)} min"
