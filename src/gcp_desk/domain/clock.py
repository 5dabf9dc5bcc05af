"""Timestamps are always UTC with a time zone, so records from several laptops merge without ambiguity."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
