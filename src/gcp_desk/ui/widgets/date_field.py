"""A date typed as people write it ("3/2/2019", "3 Feb 2019"), with a plain reason when it cannot be a date."""

from __future__ import annotations

import calendar
import re
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDED = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{1,4})$")
HOW_TO_WRITE = "write it as day/month/year, for example 3/2/2019"


class DateProblem(ValueError):
    """Why some text is not a date, in words."""


def parse_typed_date(text: str) -> date | None:
    """``None`` for empty text; otherwise the date, or ``DateProblem`` saying why it is not one."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _WORDED.match(text):
        day, year = int(match[1]), int(match[3])
        month = _MONTH_NAMES.get(match[2].lower())
        if month is None:
            raise DateProblem(f"'{match[2]}' is not a month; {HOW_TO_WRITE}")
    else:
        raise DateProblem(f"'{text}' is not a date; {HOW_TO_WRITE}")
    if year < 100:
        raise DateProblem(f"write the year in full (for example {2000 + year if year < 50 else 1900 + year})")
    if year < 1900:
        raise DateProblem(f"the year {year} cannot be right; check it")
    if not 1 <= month <= 12:
        raise DateProblem(f"there is no month {month}; {HOW_TO_WRITE}")
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise DateProblem(f"{calendar.month_name[month]} {year} has {last_day} days, so '{text}' is not a date")
    return date(year, month, day)


class DateField(QLineEdit):
    """A line edit for a date. Typing is never blocked: the form says what is wrong when it is checked."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("day/month/year")

    def set_date(self, value: date | None) -> None:
        self.setText(f"{value.day}/{value.month}/{value.year}" if value else "")

    def date(self) -> date | None:
        return parse_typed_date(self.text())
