"""Constants shared by the service tests."""

from datetime import date

TODAY = date(2026, 11, 2)
