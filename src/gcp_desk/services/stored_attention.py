"""Needs attention, stored: each child's reasons worked out on every write that can change them and kept on the
child's row, so the whole caseload's list is one read, not every child's history worked through again.

- **When.** Storage notes the children a unit of work changed (an assessment added, graded, its visits, status or
  plan changed; a child added or edited) and, before the transaction commits, calls ``AttentionKeeper`` for them;
  change and attention are saved together.
- **Time.** A reassessment or a target falls due by the calendar, not by a write. Each child's row says the day
  its reasons were worked out and the last day they hold (``scoring.attention.attention_holds_until``); a read
  first works out again the few children whose day has passed (``refresh_stale``).
- **Settings and instruments.** The reasons depend on the drift interval, the reassessment intervals and the
  instruments installed. Their fingerprint (``basis``) is stored with the reasons; a child stored with another
  fingerprint (or none: after the upgrade that brought this in) is worked out again at the next read.

The reasons are stored as JSON and ranked by a text that sorts as ``scoring.attention.caseload_sort_key`` does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date
from itertools import islice
from typing import Any
from uuid import UUID

from ..domain.enums import PlanType
from ..scoring.attention import (
    AttentionKind,
    AttentionReason,
    Severity,
    attention_holds_until,
    attention_reasons,
)
from ..scoring.drift import assessment_date
from ..scoring.instruments import InstrumentLibrary
from ..scoring.reassessment import reassessment_due
from ..settings import Settings
from ..storage.unit_of_work import UnitOfWork
from .attention_histories import read_child_history, read_histories

SCHEME = "attention/2"
"""Named in the basis: a change to how reasons are worked out gets a new name, and every child is redone."""
CHILDREN_PER_READ = 500
ONE_BY_ONE = 4
"""Up to this many children (a write changes one child's record, or a few siblings'), each is read on their own, in
one statement, taking any assessment the writer holds as it is; more are read together, a table at a time."""
_KIND_RANK = {kind: rank for rank, kind in enumerate(AttentionKind)}
_KINDS = {kind.value: kind for kind in AttentionKind}
_SEVERITIES = {severity.value: severity for severity in Severity}


class AttentionKeeper:
    """Works out and stores the attention of the children given, in the caller's unit of work."""

    def __init__(self, instruments: InstrumentLibrary, settings: Settings, today: Callable[[], date]):
        self._instruments = instruments
        self._settings = settings
        self._today = today
        self._basis: str | None = None

    @property
    def basis(self) -> str:
        if self._basis is None:
            self._basis = attention_basis(self._instruments, self._settings)
        return self._basis

    def __call__(self, uow: UnitOfWork, child_ids: Sequence[UUID]) -> None:
        self.refresh(uow, child_ids)

    def refresh(self, uow: UnitOfWork, child_ids: Collection[UUID], *, rechecked: bool = False) -> None:
        """``rechecked``: the children's stored attention no longer held today (``refresh_stale``); their records
        did not change, so most keep their reasons (``AttentionStore.store_rechecked``)."""
        today, settings, basis = self._today(), self._settings, self.basis
        if len(child_ids) <= ONE_BY_ONE:
            held = uow.assessments.held()
            reads = [read_child_history(uow, self._instruments, child_id, held) for child_id in child_ids]
        else:
            reads = (read_histories(uow, self._instruments, chunk) for chunk in _chunks(child_ids))
        for read in reads:
            values = []
            for child_id, plan_type in read.plan_types.items():
                if child_id in read.unreadable:
                    values.append(_unreadable(child_id, today, basis))
                    continue
                history = read.histories.get(child_id, [])
                values.append(stored_values(child_id, history, plan_type, today=today, settings=settings,
                                            basis=basis))
            if rechecked:
                uow.attention.store_rechecked(values)
            else:
                uow.attention.store(values, read.stored)

    def values_for(self, child_id: UUID, history: list, plan_type: PlanType, today: date | None = None
                   ) -> dict[str, Any]:
        """What to store for a child whose whole history is at hand (a bulk load): no read needed. ``today``:
        the day to work it out on, when not the keeper's (an invented caseload's own day)."""
        return stored_values(child_id, history, plan_type, today=today or self._today(), settings=self._settings,
                             basis=self.basis)

    def refresh_stale(self, uow: UnitOfWork, limit: int | None = None) -> int:
        """Work out again the children whose stored attention does not hold today (at most ``limit``); returns
        how many."""
        stale = uow.attention.stale(self.basis, self._today(), limit)
        self.refresh(uow, stale, rechecked=True)
        return len(stale)


def attention_basis(instruments: InstrumentLibrary, settings: Settings) -> str:
    """A fingerprint of everything besides the record that the reasons depend on."""
    depends = {
        "scheme": SCHEME,
        "drift_min_weeks": settings.drift_min_weeks,
        "reassessment": settings.reassessment.model_dump(),
        "instruments": instruments.content_hashes(),
    }
    return hashlib.sha256(json.dumps(depends, sort_keys=True).encode()).hexdigest()


def stored_values(child_id: UUID, history: list, plan_type: PlanType, *, today: date, settings: Settings,
                  basis: str) -> dict[str, Any]:
    """What is stored for one child (see ``storage.repositories.attention.STORED_FIELDS``), from their history
    as ``scoring.attention`` reads it."""
    reasons = attention_reasons(history, plan_type, today=today, settings=settings)
    due = None
    if history:
        due = reassessment_due(plan_type, assessment_date(history[-1][0]), settings.reassessment)
    return {
        "child": child_id,
        "attention": encode(reasons, due),
        "attention_rank": rank_text(reasons),
        "attention_from": today,
        "attention_until": attention_holds_until(history, plan_type, today=today, settings=settings),
        "attention_basis": basis,
    }


def _unreadable(child_id: UUID, today: date, basis: str) -> dict[str, Any]:
    """A child with an assessment graded with an instrument that is not installed: left out of the list (their
    record says which instrument is missing) until it is installed, which changes the basis."""
    return {"child": child_id, "attention": json.dumps({"unreadable": True}), "attention_rank": None,
            "attention_from": today, "attention_until": None, "attention_basis": basis}


def rank_text(reasons: list[AttentionReason]) -> str | None:
    """A text that sorts (by code point) as ``caseload_sort_key`` does: severity, the date the matter stands
    since, kind, domain, message. ``None`` for a child with no reason."""
    if not reasons:
        return None
    first = min(reasons, key=lambda reason: reason.sort_key)
    since = (first.since or date.min).isoformat()
    # Domain ids are lower-case letters, digits and hyphens, all after the space that ends them.
    return f"{9 - first.severity}{since}{_KIND_RANK[first.kind]}{first.domain_id or ''} {first.message}"


def encode(reasons: list[AttentionReason], due: date | None) -> str:
    return json.dumps({
        "due": due.isoformat() if due else None,
        "reasons": [[r.kind.value, r.message, int(r.severity), r.since.isoformat() if r.since else None,
                     r.domain_id] for r in reasons],
    }, ensure_ascii=False, separators=(",", ":"))


class Decoded:
    __slots__ = ("reasons", "due", "unreadable")

    def __init__(self, reasons: tuple[AttentionReason, ...], due: date | None, unreadable: bool):
        self.reasons, self.due, self.unreadable = reasons, due, unreadable


def decode(text: str) -> Decoded:
    value = json.loads(text) if text else {}
    if value.get("unreadable"):
        return Decoded((), None, True)
    reasons = tuple(
        AttentionReason(_KINDS[kind], message, _SEVERITIES[severity], date.fromisoformat(since) if since else None,
                        domain_id)
        for kind, message, severity, since, domain_id in value.get("reasons", ())
    )
    due = value.get("due")
    return Decoded(reasons, date.fromisoformat(due) if due else None, False)


class AttentionIndex(Mapping[UUID, list[AttentionReason]]):
    """Why each flagged child needs attention, as the caseload shows it: who is flagged and in what order at once,
    each child's reasons decoded only when looked at (a large caseload flags tens of thousands of children, and a
    screen shows a few dozen)."""

    def __init__(self, ranked: list[tuple[UUID, str, str]], stale: int = 0):
        self._stored = {child_id: attention for child_id, attention, _ in ranked}
        self._ranks = {child_id: rank for child_id, _, rank in ranked}
        self._decoded: dict[UUID, list[AttentionReason]] = {}
        self.stale = stale
        """Children whose stored attention does not hold today: being worked out again."""

    def __getitem__(self, child_id: UUID) -> list[AttentionReason]:
        found = self._decoded.get(child_id)
        if found is None:
            found = self._decoded[child_id] = list(decode(self._stored[child_id]).reasons)
        return found

    def __contains__(self, child_id: object) -> bool:
        return child_id in self._stored

    def __iter__(self) -> Iterator[UUID]:
        return iter(self._stored)  # most pressing first

    def __len__(self) -> int:
        return len(self._stored)

    def rank(self, child_id: UUID) -> str | None:
        """Sorts the most pressing child first (see ``rank_text``); ``None`` for a child not flagged."""
        return self._ranks.get(child_id)


def _chunks(ids: Collection[UUID]) -> Iterator[list[UUID]]:
    remaining = iter(ids)
    while chunk := list(islice(remaining, CHILDREN_PER_READ)):
        yield chunk
