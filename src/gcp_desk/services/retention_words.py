"""The retention rule (``settings.RetentionRule``) in sentences, as the settings and the records due for review
say it."""

from __future__ import annotations

from typing import Any


def rule_words(rule: Any) -> str:
    """When a record comes up for review, in a sentence."""
    parts = []
    if rule.review_at_age is not None:
        parts.append(f"when the child turns {rule.review_at_age}")
    if rule.review_years_after_last_activity is not None:
        years = rule.review_years_after_last_activity
        parts.append(f"{years} year{'s' if years != 1 else ''} after the record last changed")
    if not parts:
        return "No retention rule is set: no record comes up for review."
    if len(parts) == 2:
        return f"A record comes up for review {parts[0]}, or {parts[1]}, whichever comes first."
    return f"A record comes up for review {parts[0]}."


def looked_after_words(age: int | None) -> str:
    """What the rule says of a record kept because the child is or was looked after."""
    if age is None:
        return "A record kept because the child is or was looked after comes up again like any other."
    return (f"A record kept because the child is or was looked after does not come up again before their "
            f"{ordinal(age)} birthday.")


def ordinal(number: int) -> str:
    """21st, 22nd, 23rd, 25th, 111th."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"
