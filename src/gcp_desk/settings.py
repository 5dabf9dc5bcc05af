"""Every setting, with its default, in one place. Unknown keys in the settings file are refused."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .domain.errors import InvalidInput, Problem


class ReassessmentIntervals(BaseModel):
    """Weeks between repeat profiles by plan type."""

    model_config = ConfigDict(extra="forbid")
    child_protection_weeks: int = Field(13, ge=1, le=104)
    child_in_need_weeks: int = Field(26, ge=1, le=104)
    early_help_weeks: int = Field(26, ge=1, le=104)


class BackupPolicy(BaseModel):
    """The automatic backups: how many are kept, and how much room they may take."""

    model_config = ConfigDict(extra="forbid")
    keep_daily: int = Field(7, ge=1, le=365)
    """The newest automatic backup of each of this many days (the days that have one) is kept."""
    keep_weekly: int = Field(4, ge=0, le=520)
    """And the newest of each of this many weeks."""
    max_total_gb: float = Field(10.0, gt=0, le=10_000)
    """All backups together; over it, the oldest automatic ones are removed first (never the newest)."""
    min_free_gb: float = Field(2.0, ge=0, le=10_000)
    """Free space left on the backups' disk after a backup; a backup that would leave less is not made."""


REVIEW_AGES = range(18, 121)
"""The ages a record may come up for review at: an adult's, and a lifetime at most."""
YEARS_AFTER_LAST_ACTIVITY = range(1, 101)


class RetentionRule(BaseModel):
    """When a child's record comes up for review under the retention schedule: at an age, or some years after the
    record last changed, or at whichever comes first when both are set. An administrator then keeps or deletes it.
    A record kept because the child is or was looked after is not due again before the looked-after age."""

    model_config = ConfigDict(extra="forbid")
    review_at_age: int | None = Field(25, ge=REVIEW_AGES[0], le=REVIEW_AGES[-1])
    """Years of age; children's social care records are typically kept until the 25th birthday."""
    review_years_after_last_activity: int | None = Field(None, ge=YEARS_AFTER_LAST_ACTIVITY[0],
                                                         le=YEARS_AFTER_LAST_ACTIVITY[-1])
    review_at_age_if_looked_after: int | None = Field(75, ge=REVIEW_AGES[0], le=REVIEW_AGES[-1])
    """For a record kept because the child is or was looked after (in care), whose records are typically kept
    until the 75th birthday: not due again before this age. ``None``: such a record is kept like any other."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    database_url: str | None = None
    """``None`` means the SQLite file in the data folder; a PostgreSQL URL for a team database."""
    team_server: str | None = None
    """The team server this laptop is linked to (``gcp-desk server link``): its address only, never a login or a
    password. The records stay in the encrypted file here; the server is where accounts come from and work syncs
    to."""
    drift_min_weeks: int = Field(8, ge=1, le=104)
    """Two assessments closer than this are not counted as separate evidence of drift."""
    last_user_id: str | None = None
    """The account that last used the app on this laptop, offered first at start."""
    idle_lock_minutes: int = Field(10, ge=1, le=240)
    organisation_name: str = Field("", max_length=120)
    """Printed at the top of every report page and named in the report's signature."""
    signing_certificate: str | None = None
    """The organisation's PKCS#12 (.p12/.pfx) signing certificate. Its passphrase, if any, is read from the
    environment variable GCP_DESK_SIGNING_PASSPHRASE, never stored here. ``None``: a self-signed certificate the app
    makes in the data folder's ``signing`` folder."""
    reassessment: ReassessmentIntervals = Field(default_factory=ReassessmentIntervals)
    retention: RetentionRule = Field(default_factory=RetentionRule)
    max_bundle_mb: int = Field(200, ge=1, le=100_000)
    """Bundles larger than this (in MB of 1,048,576 bytes) are refused before anything is read. A caseload of
    several thousand children with all their history fits within the default; import reads a bundle in two
    passes within about 300 MB of memory whatever its size, so a larger setting costs time, not memory."""
    audit_head_signed: bool = False
    """Set once the audit chain's end has been signed into the data folder's head file: from then on a missing
    head file is reported as a possible removal of the trail's end."""
    backups: BackupPolicy = Field(default_factory=BackupPolicy)
    offline_days: int = Field(14, ge=1, le=90)
    """A laptop's copy of children taken offline from a team server refuses to open this many days after its last
    sync: records too long away from the server are records others cannot see."""
    has_held_database: bool = False
    """Set once this folder's database has been opened: from then on a missing file is said, never replaced by a
    new empty one."""

    @classmethod
    def load(cls, path: Path) -> Settings:
        if not path.exists():
            return cls()
        try:
            return cls.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as error:
            raise InvalidInput([Problem(str(path), f"not valid JSON ({error.msg}, line {error.lineno})")]) from error
        except ValidationError as error:
            raise InvalidInput(
                [
                    Problem(f"{path.name}: {'.'.join(str(part) for part in e['loc'])}", e["msg"])
                    for e in error.errors()
                ]
            ) from error

    def save(self, path: Path) -> None:
        """Written whole or not at all: a copy beside the file, flushed to the disk, then put in its place."""
        import os
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temporary:
                temporary.write(self.model_dump_json(indent=2))
                temporary.flush()
                os.fsync(temporary.fileno())
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
