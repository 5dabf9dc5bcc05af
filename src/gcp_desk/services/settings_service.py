"""The settings an administrator changes in the app (Settings…) or with ``gcp-desk settings``: the retention rule.

Everyone signed in may read the rule; only an administrator changes it. A change is checked whole first, each
problem named ("The age for review must be from 18 to 120, not 12"), and refused with nothing written. A good one
is written to settings.json whole or not at all, with every other setting in the file as it is there now (read
again, not as this process last saw it), and recorded in the audit trail in the same step: the event holds the
rule's numbers before and after, which say nothing about anyone. Should the audit event fail to be saved, the file
is put back as it was. The rule in use by this process changes at once, so the records due for review follow it.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.enums import Role
from ..domain.errors import InvalidInput, PermissionDenied, Problem
from ..settings import REVIEW_AGES, YEARS_AFTER_LAST_ACTIVITY, RetentionRule, Settings
from .base import Service

ADMINISTRATORS_ONLY = "Only an administrator changes the retention rule."
RETENTION_SETTING = "retention"


def may_change_settings(user) -> bool:
    """The one place that says who changes the organisation's settings: administrators."""
    return user is not None and user.has_role(Role.ADMINISTRATOR)


def retention_problems(review_at_age: int | None, review_years_after_last_activity: int | None,
                       review_at_age_if_looked_after: int | None) -> list[Problem]:
    """Everything wrong with a retention rule, in words; none when it may be saved."""
    problems = []
    if review_at_age is None and review_years_after_last_activity is None:
        problems.append(Problem("", "Choose an age, or years since the last activity, or both: with neither, no "
                                    "record would ever come up for review"))
    if review_at_age is not None and review_at_age not in REVIEW_AGES:
        problems.append(Problem("", f"The age for review must be from {REVIEW_AGES[0]} to {REVIEW_AGES[-1]}, not "
                                    f"{review_at_age}"))
    years = review_years_after_last_activity
    if years is not None and years not in YEARS_AFTER_LAST_ACTIVITY:
        problems.append(Problem("", f"The years since the last activity must be from {YEARS_AFTER_LAST_ACTIVITY[0]} "
                                    f"to {YEARS_AFTER_LAST_ACTIVITY[-1]}, not {years}"))
    looked_after = review_at_age_if_looked_after
    if looked_after is not None and looked_after not in REVIEW_AGES:
        problems.append(Problem("", f"The age for children looked after must be from {REVIEW_AGES[0]} to "
                                    f"{REVIEW_AGES[-1]}, not {looked_after}"))
    elif looked_after is not None and review_at_age in REVIEW_AGES and looked_after <= review_at_age:
        problems.append(Problem("", f"The age for children looked after ({looked_after}) must be above the age for "
                                    f"other children ({review_at_age}): their records are kept longer"))
    return problems


class SettingsService(Service):
    def __init__(self, context, settings_file: Path):
        super().__init__(context)
        self._file = settings_file

    def retention_rule(self) -> RetentionRule:
        """The rule in use now (a copy)."""
        return self._context.settings.retention.model_copy()

    def set_retention_rule(self, *, review_at_age: int | None, review_years_after_last_activity: int | None,
                           review_at_age_if_looked_after: int | None) -> bool:
        """Administrators only. Returns whether the rule changed (the same rule again writes nothing)."""
        with self._context.db.read() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not may_change_settings(stored):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
        problems = retention_problems(review_at_age, review_years_after_last_activity, review_at_age_if_looked_after)
        if problems:
            raise InvalidInput(problems)
        rule = RetentionRule(review_at_age=review_at_age,
                             review_years_after_last_activity=review_years_after_last_activity,
                             review_at_age_if_looked_after=review_at_age_if_looked_after)
        on_file = Settings.load(self._file)  # every other setting as the file holds it now; a broken file refuses
        before = on_file.retention
        if before == rule and self._context.settings.retention == rule:
            return False
        old_text = self._file.read_bytes() if self._file.exists() else None
        on_file.retention = rule
        written = False
        try:
            with self._context.transaction() as uow:  # the file is written last, so the event commits with it
                uow.audit.record(stored.id, "settings.retention", "settings", RETENTION_SETTING,
                                 before.model_dump(mode="json"), rule.model_dump(mode="json"))
                written = True  # or part-way: put back whatever happens from here
                on_file.save(self._file)
        except BaseException:
            if written:  # the event was not saved: neither is the rule
                self._put_back(old_text)
            raise
        self._context.settings.retention = rule
        return True

    def _put_back(self, old_text: bytes | None) -> None:
        if old_text is None:
            self._file.unlink(missing_ok=True)
            return
        temporary = self._file.with_name(f".{self._file.stem}-put-back.tmp")
        temporary.write_bytes(old_text)
        temporary.replace(self._file)
