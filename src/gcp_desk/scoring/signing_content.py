"""What a signature fixes: the SHA-256 of an assessment's content, and nothing that changes because it was signed.

A signature keeps this hash, the report prints it, and ``gcp-desk verify`` recomputes it from the record years
later. So it must cover everything a reader relies on and must not move when only the workflow moves on:
submitting, countersigning and later marking the record as replaced by an amendment change ``status``,
``updated_at`` and ``submitted_at``, and a hash taken before those changes must still match after them.

Decisions, each deliberate:

- **A list of content fields, not a list of exclusions.** A field added to ``Assessment`` later is not hashed until
  someone puts it in ``CONTENT_FIELDS`` (and a unit test fails until every field is classified as content or
  workflow). The other way round, every new field would change the hash of every record already signed.
- **The assessment's own id is content.** It binds the hash to one record, so the same words signed in two records
  give two hashes and a hash cannot be carried from one record to another. ``created_by`` (whose work it is) is
  content too. ``created_at`` is bookkeeping no reader relies on, so it is left out with the workflow fields.
- **Dictionary order never matters**: item and domain grades are keyed by id and the canonical JSON sorts keys.
- **List order is content.** Evidence, visits, adults, context, the plan and the action reviews are hashed in their
  stored order, which is the order a reader sees them in; storage keeps it (evidence and plan by a position
  column, the rest as JSON). Moving a note is a change a signature should notice, not noise to sort away.
- **Moments are hashed as UTC**, so a time read back from the database in UTC hashes like the same moment held in
  another zone. A moment without a zone (the models allow one; storage refuses it) is hashed as written.
- **The scheme is named inside the hashed value**, so this hash can never be mistaken for a hash of the whole
  model, and a future change of what is hashed has a new name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic_core import to_jsonable_python

from ..domain.assessment import Assessment
from ..domain.canonical import sha256_hex

HASH_SCHEME = "gcp-desk/assessment-content/1"

CONTENT_FIELDS: frozenset[str] = frozenset({
    "id",
    "child_id",
    "instrument_id",
    "instrument_version",
    "instrument_hash",
    "age_band",
    "visits",
    "how_seen",
    "context",
    "adults",
    "item_grades",
    "evidence",
    "domain_grades",
    "child_voice",
    "carers_views",
    "strengths",
    "analysis",
    "plan",
    "action_reviews",
    "created_by",
    "amends_id",
    "amendment_reason",
    "participation",
    "shared_facts",
})
"""Hashed: what a reader of the record or the report relies on."""

WORKFLOW_FIELDS: frozenset[str] = frozenset({"status", "created_at", "updated_at", "submitted_at"})
"""Not hashed: they change as the record moves through review, or are bookkeeping."""


ADDED_WHEN_EMPTY: dict[str, frozenset[str]] = {"visits": frozenset({"recorded_on"}),
                                                "adults": frozenset({"known_to_services"}),
                                                "plan": frozenset({"family_id"}),
                                                "shared_facts": frozenset({"replaced_grade"})}
"""Fields added to the parts of an assessment after records were first signed: hashed when set, left out while
``None``, so a record signed before they existed keeps its hash."""


ADDED_TOP_LEVEL = frozenset({"participation"})
"""Content fields added after records were first signed: hashed when set, left out while ``None``."""

ADDED_LISTS = frozenset({"shared_facts"})
"""Lists added after records were first signed: hashed when they hold anything, left out while empty."""


def assessment_content(assessment: Assessment) -> dict[str, Any]:
    """The plain JSON-ready value that is hashed: the scheme's name and the content fields."""
    fast = all(_utc_or_naive(note.created_at) and _utc_or_naive(note.updated_at) for note in assessment.evidence)
    # The only moments in the content are the evidence notes' times: when they are already UTC (as storage always
    # gives them), pydantic's own JSON dump is the same value, several times faster.
    fields = assessment.model_dump(mode="json" if fast else "python", include=_CONTENT)
    for name in ADDED_TOP_LEVEL:
        if fields.get(name) is None:
            fields.pop(name, None)
    for name in ADDED_LISTS:
        if not fields.get(name):
            fields.pop(name, None)
    for part, added in ADDED_WHEN_EMPTY.items():
        if part not in fields:  # a list left out while empty
            continue
        fields[part] = [{key: value for key, value in entry.items() if not (key in added and value is None)}
                        for entry in fields[part]]
    if fast:
        return {"scheme": HASH_SCHEME, "assessment": fields}
    return {"scheme": HASH_SCHEME, "assessment": to_jsonable_python(_moments_in_utc(fields))}


_CONTENT = set(CONTENT_FIELDS)
_ZERO = timedelta(0)


def _utc_or_naive(moment: datetime) -> bool:
    """Pydantic writes any moment at offset zero as "…Z", whichever time zone object it carries (``UTC``, the
    ``TzInfo`` a JSON bundle is read with, London in winter), exactly as the slow path's UTC conversion does."""
    return moment.tzinfo is None or moment.tzinfo is UTC or moment.utcoffset() == _ZERO


def assessment_content_hash(assessment: Assessment) -> str:
    """SHA-256 (64 lowercase hex digits) of the canonical JSON of the assessment's content."""
    return sha256_hex(assessment_content(assessment))


def _moments_in_utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.utcoffset() is not None else value
    if isinstance(value, dict):
        return {key: _moments_in_utc(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_moments_in_utc(item) for item in value]
    return value
