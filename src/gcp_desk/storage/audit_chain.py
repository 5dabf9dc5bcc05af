"""The audit trail as a hash chain: each event's hash covers the previous event's hash and the event itself, so an
event changed, removed or slipped in anywhere breaks every hash after it.

An event's hash covers a digest of its payload (``before`` and ``after``), not the payload: payloads hold ids, not
names, and a payload erased under a retention rule leaves its digest, so the chain still verifies.

    link = chain_link(previous_hash, seq, event)      # hash = SHA-256(previous hash, canonical event)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from ..domain.canonical import canonical_json, sha256_hex

CHAIN_SCHEME = "gcp-desk/audit-chain/1"
GENESIS = "0" * 64
"""The "previous hash" of the first event."""


@dataclass(frozen=True)
class ChainHead:
    """The last link: how many events the chain holds and the last one's hash."""

    seq: int
    hash: str

    @classmethod
    def empty(cls) -> ChainHead:
        return cls(0, GENESIS)


def payload_digest(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    return sha256_hex({"before": before, "after": after})


def event_hash(previous_hash: str, seq: int, *, event_id: UUID | str, at: datetime, actor_id: UUID | str | None,
               action: str, entity: str, entity_id: str, digest: str) -> str:
    """SHA-256 over the previous hash and the canonical event (with its payload's digest)."""
    canonical = canonical_json({
        "scheme": CHAIN_SCHEME,
        "seq": seq,
        "id": _uuid_text(event_id),
        "at": _moment(at),
        "actor_id": None if actor_id is None else _uuid_text(actor_id),
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "payload_sha256": digest,
    })
    return hashlib.sha256(previous_hash.encode("ascii") + b"\n" + canonical).hexdigest()


def _uuid_text(value: UUID | str) -> str:
    return str(UUID(str(value)))


def _moment(value: datetime) -> str:
    """UTC to the microsecond, whatever zone the driver hands back."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
