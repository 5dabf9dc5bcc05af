"""Turning pydantic's validation errors into problems a practitioner can read."""

from __future__ import annotations

from collections.abc import Callable
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
