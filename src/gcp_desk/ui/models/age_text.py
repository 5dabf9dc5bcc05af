"""A child's age as a practitioner would say it: "7 years", "14 months", "Unborn (due 3 Feb 2027)"."""

from __future__ import annotations

from datetime import date

from ...scoring.age import age_in_months, short_date

def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def age_in_words(date_of_birth: date | None, expected_date_of_delivery: date | None, today: date) -> str:
    if date_of_birth is None:
        if expected_date_of_delivery is None:
            return "Not known"
        if expected_date_of_delivery >= today:
            return f"Unborn (due {short_date(expected_date_of_delivery)})"
        return f"Was due {short_date(expected_date_of_delivery)}: birth not recorded"
    if date_of_birth > today:
        return "Date of birth is in the future"
    months = age_in_months(date_of_birth, today)
    if months < 1:
        days = (today - date_of_birth).days
        return _plural(days, "day") if days < 14 else _plural(days // 7, "week")
    if months < 24:
        return _plural(months, "month")
    return _plural(months // 12, "year")


def age_sort_key(date_of_birth: date | None, expected_date_of_delivery: date | None, today: date) -> int:
    """Age in days; an unborn child counts down to the due date, so sorts youngest of all."""
    if date_of_birth is not None:
        return (today - date_of_birth).days
    if expected_date_of_delivery is not None:
        return (today - expected_date_of_delivery).days - 1_000
    return -1_000_000
