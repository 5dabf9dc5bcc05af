"""Constants shared by the service tests."""

from datetime import date

TODAY = date(2026, 11, 2)

PASSWORD = "kestrel-morning-41"
"""Every test account's password. Its argon2 hash is made once per session: hashing is slow on purpose."""
