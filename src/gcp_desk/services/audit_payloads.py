"""What an audit event's payload holds: ids and which fields changed, never names or other words about a person,
so that a payload can be erased under a retention rule and the hash chain still verifies (``storage.audit_chain``).

Values are kept for the fields a reviewer needs to follow the record (ids, roles, status, dates of workflow); for
any other field the event says that it changed, not what to.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..domain.canonical import sha256_hex
from ..domain.review import Signature

_KEPT = {"roles", "role", "status", "kind", "date", "round", "team_id", "is_active", "password_must_change"}


def _kept(name: str) -> bool:
    return name == "id" or name.endswith("_id") or name.endswith("_ids") or name in _KEPT


def created(model: BaseModel) -> dict[str, Any]:
    """A new record: its ids and kept values, and the names of the fields given."""
    values = model.model_dump(mode="json")
    payload = {name: value for name, value in values.items() if _kept(name)}
    payload["fields"] = sorted(name for name, value in values.items()
                               if not _kept(name) and value not in (None, "", [], {}))
    return payload


def changed(before: BaseModel, after: BaseModel) -> tuple[dict[str, Any], dict[str, Any]]:
    """A changed record: its id, the kept values before and after, and the names of the fields that changed."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    names = sorted(name for name in new if old.get(name) != new.get(name))
    identity = {"id": new["id"]} if "id" in new else {}
    return ({**identity, **{name: old.get(name) for name in names if _kept(name)}},
            {**identity, **{name: new.get(name) for name in names if _kept(name)}, "changed": names})



def signature_digest(signature: Signature) -> str:
    """The digest of a signature row as stored (name and role as signed included), kept in the audit event that
    made it, so a signature edited in the database is found by ``audit verify`` without the event naming anyone."""
    return sha256_hex(signature.model_dump(mode="json"))
