"""Dates, times, ages and yes/no as a printed report says them, and user text made safe to print.

Times are stored in UTC; a reader in England expects clock time, so they are printed in UK time with the zone
("14:05 BST"), which also keeps them unambiguous for a reader elsewhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from ..domain.people import Child
from ..scoring.age import age_in_months, format_date

__all__ = ["format_date", "format_datetime", "age_text", "yes_no", "safe", "paragraphs_of", "short_hash"]


def _uk_zone() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/London")
    except Exception:  # no time-zone database (some Windows builds): UTC is still right, only less familiar
        return UTC


_UK = _uk_zone()


def format_datetime(moment: datetime) -> str:
    """ "3 May 2026 at 14:05 BST". A naive time is taken to be UTC, as everything stored is."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(_UK)
    return f"{format_date(local.date())} at {local:%H:%M} {local.tzname() or 'UTC'}"


def age_text(child: Child, on: date | None) -> str:
    """The child's age on the day given, e.g. "4 years 3 months", or the due date before birth."""
    if child.date_of_birth is None:
        due = child.expected_date_of_delivery
        return f"Unborn, due {format_date(due)}" if due else "Unborn"
    if on is None or on < child.date_of_birth:
        return "Not known (no visit recorded)"
    months = age_in_months(child.date_of_birth, on)
    if months < 1:
        days = (on - child.date_of_birth).days
        return _plural(days, "day")
    if months < 24:
        return _plural(months, "month")
    years, rest = divmod(months, 12)
    return _plural(years, "year") + (f" {_plural(rest, 'month')}" if rest else "")


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def safe(text: str) -> str:
    """User text for a reportlab Paragraph: markup characters printed as typed, line breaks kept."""
    from .scripts import marked_up  # every script printed in a face that has it (``scripts``)

    return marked_up(text.strip()).replace("\n", "<br/>")


def paragraphs_of(text: str) -> list[str]:
    """User text split at blank lines, each part escaped; long notes then flow across pages paragraph by paragraph."""
    parts = [part for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [safe(part) for part in parts]


def short_hash(value: str, length: int = 12) -> str:
    return value[:length]


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
