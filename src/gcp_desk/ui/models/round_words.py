"""Which look a supervisor is having at an assessment: "1st look", then "2nd look" after a return, and so on."""

from __future__ import annotations


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def look_words(round_number: int, is_amendment: bool = False) -> str:
    """Marked when the assessment corrects a countersigned one, since the supervisor reads it differently."""
    words = f"{ordinal(round_number)} look"
    return f"{words} \u00b7 amendment" if is_amendment else words
