"""The analysis extract as CSV that opens cleanly in a spreadsheet: UTF-8 with a byte order mark (so Excel reads
accented names right), ISO dates, one header row, and every text cell that a spreadsheet would read as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) made plain text with a leading apostrophe,
as OWASP advises against CSV injection.

Rows are pseudonymised by default: a child is named by the HMAC-SHA-256 of its id under the organisation's own
secret, the same in every extract of that organisation and useless to anyone without the secret. The identified
extract (``IDENTIFIED_COLUMNS``) names the child instead.
"""

from __future__ import annotations

import csv
import hmac
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from hashlib import sha256
from pathlib import Path
from uuid import UUID

COLUMNS = (
    "child_ref", "assessment_ref", "amends_ref", "instrument", "instrument_version", "age_band", "first_visit",
    "last_visit", "submitted_on", "status", "plan_type", "domain", "domain_title", "suggested_grade",
    "chosen_grade", "override", "concern", "change_since_previous", "no_improvement", "worse_than_baseline",
)
IDENTIFIED_COLUMNS = ("child_id", "given_name", "family_name", "date_of_birth", "assessment_id", "amends_id",
                      *COLUMNS[3:])
"""The identified extract: the child's and assessments' own ids, name and date of birth instead of the
pseudonymous references."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REF_HEX = 32
"""Characters of the HMAC kept as the pseudonymous id: 128 bits, no collision in any caseload."""


def pseudonym(secret: bytes, record_id: UUID | None) -> str:
    if record_id is None:
        return ""
    return hmac.new(secret, record_id.bytes, sha256).hexdigest()[:REF_HEX]


def cell(value: object) -> str:
    """A value as a spreadsheet should show it: dates in ISO form, booleans as yes/no, formula-looking text
    escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_extract(target: Path, rows: Iterable[Sequence[object]], columns: Sequence[str] = COLUMNS) -> int:
    """Write the header and ``rows`` to a file that appears whole or not at all; returns the rows written."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    written = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(value) for value in row])
                written += 1
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written
