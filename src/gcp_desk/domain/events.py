"""Significant events on a child's chronology, so incidents are read together rather than one at a time."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from .assessment import Reason
from .clock import utc_now
from .enums import EventKind


class SignificantEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: UUID = Field(default_factory=uuid4)
    child_id: UUID
    date: date
    kind: EventKind
    what_happened: Reason
    source_agency: str = ""
    """Who told us, e.g. "Police", "School", "Health visitor"."""
    recorded_by: UUID | None = None
    created_at: datetime = Field(default_factory=utc_now)
