"""Errors every layer may raise and the UI shows in words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with some input: where it is and what is wrong, in words a practitioner understands."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class GcpDeskError(Exception):
    """Base of the errors that carry a message fit to show a user."""


class InvalidInput(GcpDeskError):
    """Input that was refused. Nothing was written."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


class NotFound(GcpDeskError):
    pass


class NotAllowed(GcpDeskError):
    """The action is not allowed for this user or in this state of the record."""


class PermissionDenied(NotAllowed):
    """The signed-in user's role or relation to the record does not allow this, whatever the screen offered."""


class WrongPassword(GcpDeskError):
    """A password given to sign in, unlock or sign did not match the account's."""


class RecordLocked(NotAllowed):
    """The assessment is submitted or countersigned and cannot be changed this way."""


class IncompleteAssessment(GcpDeskError):
    """Submit was refused; ``gaps`` says what is missing, in words."""

    def __init__(self, gaps: list[str]):
        self.gaps = gaps
        super().__init__("The assessment cannot be submitted yet:\n" + "\n".join(f"- {gap}" for gap in gaps))


class ChangedAfterSigning(NotAllowed):
    """A signed assessment whose content no longer hashes to its signature: never signed as it stands."""


class DatabaseTooNew(GcpDeskError):
    pass


class DatabaseUnavailable(GcpDeskError):
    pass


class DatabaseMissing(DatabaseUnavailable):
    """The folder has held a database and its file is gone: nothing is made in its place, and the app offers to
    restore the newest backup."""

    def __init__(self, message: str, data_dir=None):
        super().__init__(message)
        self.data_dir = data_dir


class WrongDatabaseKey(DatabaseUnavailable):
    """The encrypted database does not open with the key it was given: the key belongs to another database, or the
    file is damaged (SQLCipher cannot tell which). Nothing was changed."""
