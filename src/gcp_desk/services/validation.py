"""Turning pydantic's validation errors into problems a practitioner can read."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..domain.errors import InvalidInput, Problem

Model = TypeVar("Model", bound=BaseModel)

FIELD_NAMES = {
    "given_name": "First name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "expected_date_of_delivery": "Expected date of delivery",
    "name": "Name",
    "grade": "Grade",
    "not_assessed_reason": "Reason not assessed",
    "text": "Evidence",
    "chosen": "Domain grade",
    "override_reason": "Reason for the override",
    "what_will_change": "What will change",
    "who": "Who",
    "by_when": "By when",
    "target_grade": "Target grade",
    "date": "Visit date",
    "scheme": "Identifier type",
    "value": "Identifier",
}

_PLAIN = {
    "string_too_short": "must not be empty",
    "missing": "is required",
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "int_parsing": "must be a whole number",
    "date_from_datetime_parsing": "is not a date",
    "date_parsing": "is not a date",
    "enum": "is not one of the allowed choices",
    "extra_forbidden": "is not a field of this record",
}


def problems_from(error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors():
        field = next((str(part) for part in reversed(detail["loc"]) if isinstance(part, str)), "")
        label = FIELD_NAMES.get(field, field.replace("_", " ").capitalize())
        template = _PLAIN.get(detail["type"])
        if template:
            message = template.format(**(detail.get("ctx") or {}))
        else:
            message = str(detail["msg"]).removeprefix("Value error, ")
        problems.append(Problem(label, message))
    return problems


def build(factory: Callable[..., Model], **values: object) -> Model:
    """Construct a domain model, turning validation errors into ``InvalidInput``."""
    try:
        return factory(**values)
    except ValidationError as error:
        raise InvalidInput(problems_from(error)) from None


# Plausible input --------------------------------------------------------------------------------------------------
# The checks a person makes without thinking, which a typing slip or a pasted file gets past: kept here so the app,
# the command line and any later import refuse the same things with the same words.

OLDEST_CHILD_YEARS = 25
"""Children's services work with young people up to 25 (care leavers); a birth earlier than this is a slip."""
LONGEST_PREGNANCY_DAYS = 44 * 7
"""An expected date of delivery further ahead than this cannot be right."""
TEXT_LIMITS = {"Address": 1_000, "Ethnicity": 200, "Relevant history": 20_000, "Why the father is not recorded": 2_000}
"""Characters; generous for real use, and a guard against a pasted file."""


def control_character_problems(**named: str) -> list[Problem]:
    """Names and short fields with a control character in them (a tab, a bell, a stray escape code): refused,
    because they print as nothing or as boxes and cannot be searched for."""
    problems = []
    for label, text in named.items():
        bad = next((char for char in text if unicodedata.category(char) in ("Cc", "Cf") and char not in _ALLOWED),
                   None)
        if bad is not None:
            problems.append(Problem(label, f"contains an invisible control character (U+{ord(bad):04X}); "
                                           "type it again without it"))
    return problems


_ALLOWED = {"\u200d", "\u200c"}
"""Joiners that some scripts and emoji need."""


def text_length_problems(**named: str) -> list[Problem]:
    return [Problem(label, f"is {len(text):,} characters long; the most is {TEXT_LIMITS[label]:,}")
            for label, text in named.items() if len(text) > TEXT_LIMITS[label]]


def birth_date_problems(date_of_birth: date | None, expected: date | None, today: date) -> list[Problem]:
    """A date of birth in the future or more than 25 years ago, and an expected delivery in the past by more than
    a pregnancy or further ahead than one, are refused with the dates named."""
    problems = []
    if date_of_birth is not None:
        earliest = _years_before(today, OLDEST_CHILD_YEARS)
        if date_of_birth > today:
            problems.append(Problem("Date of birth", f"{format_date(date_of_birth)} is in the future"))
        elif date_of_birth < earliest:
            problems.append(Problem("Date of birth", f"{format_date(date_of_birth)} would make the child over "
                                                     f"{OLDEST_CHILD_YEARS}; check the year"))
    if expected is not None and date_of_birth is None:
        if expected > today + timedelta(days=LONGEST_PREGNANCY_DAYS):
            problems.append(Problem("Expected date of delivery", f"{format_date(expected)} is more than a "
                                                                 "pregnancy away; check the year"))
        elif expected < today - timedelta(days=LONGEST_PREGNANCY_DAYS):
            problems.append(Problem("Expected date of delivery", f"{format_date(expected)} is long past; record "
                                                                 "the date of birth instead"))
    return problems


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def format_date(day: date) -> str:
    from ..scoring.age import format_date as words

    return words(day)
