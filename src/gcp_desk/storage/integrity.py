"""Integrity errors that mean "this cannot be stored", turned into errors a practitioner can read and act on.

Services validate input before it reaches the database, so these are the last line: a value that slipped past
(a grade of 7 built without validation) is refused by a CHECK constraint, and a record that was removed meanwhile
(on a team database, by someone else) fails a foreign key. Other integrity errors (a duplicate id, a missing
value, a change to the append-only audit trail) mean a fault in the program or tampering, not bad input, so they
are left as they are, to be seen and fixed.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from ..domain.errors import GcpDeskError, InvalidInput, NotFound, Problem

RANGE_1_TO_5 = "must be a whole number from 1 to 5"

CHECK_PROBLEMS: dict[str, Problem] = {
    "ck_item_grades_grade_range": Problem("Grade", RANGE_1_TO_5),
    "ck_item_grades_grade_or_reason": Problem(
        "Grade", "give either a grade or the reason the item was not assessed, not both and not neither"
    ),
    "ck_domain_grades_chosen_range": Problem("Domain grade", RANGE_1_TO_5),
    "ck_domain_grades_suggested_range": Problem("Suggested domain grade", RANGE_1_TO_5),
    "ck_plan_actions_target_grade_range": Problem("Target grade", RANGE_1_TO_5),
}
"""Words for each CHECK constraint of the schema, by its name in the database."""

MISSING_RECORD = (
    "This change refers to a record that is not in the database; it may have been removed. "
    "Refresh and try again. Nothing was saved."
)

_CHECK = "check"
_FOREIGN_KEY = "foreign key"
_SQLITE_KINDS = {"SQLITE_CONSTRAINT_CHECK": _CHECK, "SQLITE_CONSTRAINT_FOREIGNKEY": _FOREIGN_KEY}
_SQLITE_WORDS = {"SQLITE_CONSTRAINT_CHECK": "CHECK constraint failed",
                 "SQLITE_CONSTRAINT_FOREIGNKEY": "FOREIGN KEY constraint failed"}
_POSTGRESQL_KINDS = {"23514": _CHECK, "23503": _FOREIGN_KEY}  # SQLSTATE check_violation, foreign_key_violation


def readable_integrity_error(error: IntegrityError) -> GcpDeskError | None:
    """The error to show instead of ``error``, or ``None`` if it does not signal bad input."""
    kind, constraint = _classify(error.orig)
    if kind == _CHECK:
        problem = CHECK_PROBLEMS.get(constraint or "")
        if problem is None:
            problem = Problem("", f"a value is outside what the database allows (rule {constraint or 'unnamed'})")
        return InvalidInput([problem])
    if kind == _FOREIGN_KEY:
        return NotFound(MISSING_RECORD)
    return None


def _classify(driver_error: BaseException | None) -> tuple[str | None, str | None]:
    """The kind of violation and the constraint's name, from sqlite3's or psycopg's own error."""
    sqlite_name = getattr(driver_error, "sqlite_errorname", None)
    if sqlite_name == "SQLITE_CONSTRAINT":
        # sqlcipher3 (the encrypted database) reports the primary code only; SQLite's own words then say which.
        sqlite_name = next((name for name, words in _SQLITE_WORDS.items() if str(driver_error).startswith(words)),
                           sqlite_name)
    if sqlite_name is not None:
        kind = _SQLITE_KINDS.get(sqlite_name)
        if kind != _CHECK:
            return kind, None  # a foreign key failure on SQLite names no constraint
        return kind, str(driver_error).partition(": ")[2] or None  # "CHECK constraint failed: <name>"
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate is not None:
        diagnostics = getattr(driver_error, "diag", None)
        return _POSTGRESQL_KINDS.get(sqlstate), getattr(diagnostics, "constraint_name", None)
    return None, None
