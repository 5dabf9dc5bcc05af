"""What an audit event's payload holds: ids and which fields changed, never names or other words about a person,
so that a payload can be erased under a retention rule and the hash chain still verifies (``storage.audit_chain``).

Values are kept for the fields a reviewer needs to follow the record (ids, roles, status, dates of workflow); for
any other field the event says that it changed, not what to. Where a change is recorded as the record's fields
(a plan action, a review comment, a reason), ``without_words`` replaces every piece of free text with its digest
(``sha256:<hex>``): the words stay in the record they belong to, and the event can still be matched to them.

Events written before this rule keep the words they hold: the chain covers each payload as stored, so they verify
as before.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..domain.canonical import sha256_hex
from ..domain.review import Signature

_KEPT = {"roles", "role", "status", "kind", "date", "round", "team_id", "is_active", "password_must_change"}
FREE_TEXT = {"text", "reason", "reasons", "what_will_change", "who", "agency", "progress_notes", "override_reason",
             "not_assessed_reason", "note", "notes", "comment", "view", "details", "description", "summary"}
"""Fields that hold words typed by a person, whatever they hold; any other string with a space in it is taken as
words too."""
DIGEST_PREFIX = "sha256:"


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


def without_words(payload: Any) -> Any:
    """``payload`` with every piece of free text replaced by its digest (``sha256:<hex>``); ids, codes, numbers,
    dates and the kept fields as they are."""
    if isinstance(payload, dict):
        return {name: _value(name, value) for name, value in payload.items()}
    if isinstance(payload, list):
        return [without_words(value) for value in payload]
    return payload


def text_digest(text: str) -> str:
    import hashlib

    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _value(name: str, value: Any) -> Any:
    if isinstance(value, dict | list):
        return without_words(value)
    if not isinstance(value, str) or not value or _kept(name) or value.startswith(DIGEST_PREFIX):
        return value
    if name in FREE_TEXT or any(character.isspace() for character in value):
        return text_digest(value)
    return value
