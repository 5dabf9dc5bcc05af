"""Retention: which children's records are due for review under the rule in the settings; keeping one for now,
with a reason, until a later review; and deleting one child's record, with a reason, through the one privileged
path there is.

A decision to keep is an audit event (``retention.keep``: the reason's category and the next review date, no
words): the trail is where it is recorded, and the list of records due reads it from there, so there is no second
copy to disagree with it. The record is not listed again until that date, nor, when it was kept because the child
is or was looked after, before the age the rule gives for looked-after children (``review_at_age_if_looked_after``,
read when the list is made, so a change of rule reaches every such decision).

Deleting is done in one transaction: the audit event (ids, counts and the reason's category: no personal data),
then the child's tombstone (which is what lets the database delete the child's signatures, review comments and
returns, append-only otherwise), then every row about the child. Adults and household facts still linked to a
sibling stay. The audit trail keeps its events about the child: they hold ids, never names or words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from datetime import UTC, date, datetime
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import delete, func, select

from ..domain.enums import Role
from ..domain.errors import InvalidInput, NotFound, PermissionDenied
from ..domain.labels import ROLE
from ..storage import orm
from ..storage.repositories.records import chunks
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from ..scoring.age import short_date

ADMINISTRATORS_ONLY = "Only an administrator reviews and deletes records under the retention rule."


class DeletionReason(StrEnum):
    RETENTION_PERIOD = "retention-period"
    """The record reached its review date and is not to be kept longer."""
    ERASURE_REQUEST = "erasure-request"
    RECORDED_IN_ERROR = "recorded-in-error"
    DELETED_AT_ORIGIN = "deleted-at-origin"
    """Deleted by an administrator of this organisation in another copy, and received as a tombstone in a bundle."""


DELETION_REASON_WORDS = {
    DeletionReason.RETENTION_PERIOD: "The retention period has ended and the record is not needed any longer",
    DeletionReason.ERASURE_REQUEST: "A request to erase the record has been upheld",
    DeletionReason.RECORDED_IN_ERROR: "The record was made in error (the wrong child, or a duplicate)",
}


class KeepReason(StrEnum):
    """Why a record due for review is kept for now."""

    STILL_INVOLVED = "still-involved"
    LOOKED_AFTER = "looked-after"
    PROCEEDINGS = "proceedings"
    REQUEST_OPEN = "request-open"
    OTHER = "other"


KEEP_REASON_WORDS = {
    KeepReason.STILL_INVOLVED: "Children's services are still involved with the child or family",
    KeepReason.LOOKED_AFTER: "The child is or was looked after (in care): their record is kept longer",
    KeepReason.PROCEEDINGS: "Court proceedings, an inquiry, a complaint or a practice review need it",
    KeepReason.REQUEST_OPEN: "A subject access or other request about the record is being answered",
    KeepReason.OTHER: "Another reason, recorded in the case management system",
}
KEEP_YEARS = range(1, 11)
"""A record kept for now comes up for review again after one to ten years (one by default)."""


@dataclass(frozen=True)
class DueForReview:
    child_id: UUID
    name: str
    date_of_birth: date | None
    team: str
    due_on: date
    why: str
    kept_until: date | None = None
    """When the record was last kept for now, the review date then set (today or past: it is due again)."""


@dataclass(frozen=True)
class KeptForNow:
    child_id: UUID
    name: str
    date_of_birth: date | None
    team: str
    kept_until: date
    """The next review date set when the record was kept: it is listed as due again then."""
    reason: KeepReason
    decided_on: date
    kept_by: str = ""
    """Who decided, as the app names staff: "Alex Morrow (administrator)"."""
    looked_after_age: int | None = None
    """When the record is kept until the looked-after age of the rule (not the years chosen): that age."""


class RetentionService(Service):
    def due(self) -> list[DueForReview]:
        """Children whose records are due for review today or earlier, the longest overdue first: name, date of
        birth and team only."""
        self._require_administrator()
        rule = self._context.settings.retention
        today = self._context.today()
        children, teams, events, assessments = orm.children, orm.teams, orm.significant_events, orm.assessments
        found = []
        with self._context.db.read() as uow:
            last_event = {row[0]: row[1] for row in uow.session.execute(
                select(events.c.child_id, func.max(events.c.date)).group_by(events.c.child_id))}
            last_change = {row[0]: row[1] for row in uow.session.execute(
                select(assessments.c.child_id, func.max(assessments.c.updated_at)).group_by(assessments.c.child_id))}
            rows = uow.session.execute(
                select(children.c.id, children.c.given_name, children.c.family_name, children.c.date_of_birth,
                       children.c.expected_date_of_delivery, children.c.updated_at, teams.c.name.label("team"))
                .select_from(children.outerjoin(teams, teams.c.id == children.c.team_id))).mappings().all()
            kept = _kept(uow)
        for row in rows:
            candidates = []
            born = row["date_of_birth"] or row["expected_date_of_delivery"]
            if rule.review_at_age is not None and born is not None:
                birthday = _years_after(born, rule.review_at_age)
                candidates.append((birthday, _birthday_words(rule.review_at_age, birthday, today)))
            if rule.review_years_after_last_activity is not None:
                moments = [row["updated_at"].date(), last_event.get(row["id"])]
                changed = last_change.get(row["id"])
                moments.append(changed.date() if isinstance(changed, datetime) else changed)
                last = max(moment for moment in moments if moment is not None)
                candidates.append((_years_after(last, rule.review_years_after_last_activity),
                                   _quiet_words(last, today)))
            if not candidates:
                continue
            due_on, why = min(candidates)
            decision = kept.get(row["id"])
            until = _kept_until(decision, born, rule)[0] if decision is not None else None
            if decision is not None and until > due_on:
                due_on = until
                why = (f"{why}; kept on {_day(decision.decided_on)} until {_day(until)} "
                       f"({KEEP_REASON_WORDS[decision.reason].lower()})")
            if due_on <= today:
                found.append(DueForReview(row["id"], f"{row['given_name']} {row['family_name']}",
                                          row["date_of_birth"], row["team"] or "no team", due_on, why, until))
        with self._context.transaction() as uow:
            uow.audit.record(self._context.actor_id, "retention.review-list", "caseload", "-", None,
                             {"due": len(found)})
        return sorted(found, key=lambda entry: (entry.due_on, entry.name))

    def kept(self) -> list[KeptForNow]:
        """Children whose records were kept for now and are not due again yet, the soonest review first: name, date
        of birth and team, the review date (the later of the one then set and, for a child looked after, the
        rule's looked-after age), the reason's category, and who decided when."""
        self._require_administrator()
        rule = self._context.settings.retention
        today = self._context.today()
        children, teams = orm.children, orm.teams
        found = []
        with self._context.db.read() as uow:
            decisions = _kept(uow)
            rows = uow.session.execute(
                select(children.c.id, children.c.given_name, children.c.family_name, children.c.date_of_birth,
                       children.c.expected_date_of_delivery, teams.c.name.label("team"))
                .select_from(children.outerjoin(teams, teams.c.id == children.c.team_id))
                .where(children.c.id.in_(list(decisions) or [UUID(int=0)]))).mappings().all()
            staff: dict[UUID | None, str] = {}
            for row in rows:
                decision = decisions[row["id"]]
                until, looked_after_age = _kept_until(
                    decision, row["date_of_birth"] or row["expected_date_of_delivery"], rule)
                if until <= today:
                    continue
                if decision.actor_id not in staff:
                    staff[decision.actor_id] = _administrator_words(uow, decision.actor_id)
                found.append(KeptForNow(row["id"], f"{row['given_name']} {row['family_name']}", row["date_of_birth"],
                                        row["team"] or "no team", until, decision.reason, decision.decided_on,
                                        staff[decision.actor_id], looked_after_age))
        return sorted(found, key=lambda entry: (entry.kept_until, entry.name))

    def keep(self, child_id: UUID, reason: KeepReason, years: int = 1) -> date:
        """Keep the child's record for now: recorded in the audit trail with the reason's category and the next
        review date (``years`` from today), after which it is listed as due again. Returns the date it is due
        again: that one, or for a child looked after the rule's looked-after birthday if later."""
        actor = self._require_administrator()
        reason = KeepReason(reason)
        if years not in KEEP_YEARS:
            raise InvalidInput(f"The next review must be {KEEP_YEARS[0]} to {KEEP_YEARS[-1]} years away, not {years}.")
        today = self._context.today()
        next_review = _years_after(today, years)
        children = orm.children
        with self._context.transaction() as uow:
            born = uow.session.execute(
                select(children.c.date_of_birth, children.c.expected_date_of_delivery)
                .where(children.c.id == child_id)).first()
            if born is None:
                raise NotFound(f"There is no child with the id {child_id} in this database.")
            uow.audit.record(actor.id, "retention.keep", "child", str(child_id), None,
                             {"reason": reason.value, "years": years, "next_review": next_review.isoformat(),
                              "decided_on": today.isoformat()})
        decision = _Decision(today, next_review, reason, actor.id)
        return _kept_until(decision, born[0] or born[1], self._context.settings.retention)[0]

    def delete_child(self, child_id: UUID, reason: DeletionReason) -> dict[str, int]:
        """Delete every row about the child in one transaction; returns how many of each were deleted."""
        actor = self._require_administrator()
        reason = DeletionReason(reason)
        if reason not in DELETION_REASON_WORDS:
            raise InvalidInput(f"{reason.value} is recorded only when a deletion arrives from another copy; choose one "
                               "of: " + ", ".join(r.value for r in DELETION_REASON_WORDS) + ". Nothing was deleted.")
        with self._context.transaction() as uow:
            if not uow.records.held(orm.children, [child_id]):
                raise NotFound(f"There is no child with the id {child_id} in this database.")
            return remove_child(uow, child_id, actor_id=actor.id, reason=reason, deleted_by=actor.id)

    def _require_administrator(self):
        with self._context.db.read() as uow:
            stored = uow.users.get(self._context.actor_id)
        if not stored.has_role(Role.ADMINISTRATOR):
            raise PermissionDenied(ADMINISTRATORS_ONLY)
        return stored


def remove_child(uow: UnitOfWork, child_id: UUID, *, actor_id: UUID, reason: DeletionReason,
                 deleted_by: UUID | None, deleted_at: datetime | None = None, **more: Any) -> dict[str, int]:
    """The one privileged path that deletes a child's record, inside the caller's transaction: the audit event
    (ids, counts, the reason's category and ``more``, no personal data), the tombstones, then every row about
    the child; adults and household facts still linked to a sibling stay. Returns how many of each went."""
    plan = _deletion_plan(uow, child_id)
    event = uow.audit.record(actor_id, "retention.delete", "child", str(child_id), None,
                             {"reason": reason.value, **{k: len(v) for k, v in plan.items()}, **more})
    when = deleted_at or datetime.now(UTC)
    uow.session.execute(orm.tombstones.insert(), [{
        "id": uuid4(), "entity": entity, "entity_id": entity_id, "deleted_at": when, "deleted_by": deleted_by,
        "audit_event_id": event.id} for entity, entity_id in [
            ("child", child_id), *(("assessment", a) for a in plan["assessments"]),
            *(("return", r) for r in plan["returns"]), *(("signature", s) for s in plan["signatures"])]])
    _delete(uow, child_id, plan)
    return {name: len(ids) for name, ids in plan.items()}


def rows_about_child(uow: UnitOfWork, child_id: UUID) -> dict[str, list[UUID]]:
    """The ids of every row about the child that deleting it removes (adults and household facts still linked to a
    sibling stay), by what they are: assessments (amendments first), adults, households, events, signatures,
    returns. Also what a sync reads to take a returned child off a laptop (``sync.release``)."""
    return _deletion_plan(uow, child_id)


def delete_rows_about_child(uow: UnitOfWork, child_id: UUID, rows: dict[str, list[UUID]]) -> None:
    """Delete the rows ``rows_about_child`` found, in the caller's transaction. The child's append-only review
    records go only where the database is shown why (a tombstone, or a sync's release mark, written first)."""
    _delete(uow, child_id, rows)


@dataclass(frozen=True)
class _Decision:
    decided_on: date
    until: date
    """The next review date set then."""
    reason: KeepReason
    actor_id: UUID | None


def _kept(uow: UnitOfWork) -> dict[UUID, _Decision]:
    """Each child's latest decision to keep their record: when, until when, why, and by whom."""
    decisions: dict[UUID, _Decision] = {}
    for event in uow.audit.events_of(("retention.keep",)):  # oldest first: the latest decision wins
        on = event.after.get("decided_on")  # the day the decision counted from (older events: when recorded)
        decisions[UUID(event.entity_id)] = _Decision(date.fromisoformat(on) if on else event.at.date(),
                                                     date.fromisoformat(event.after["next_review"]),
                                                     KeepReason(event.after["reason"]), event.actor_id)
    return decisions


def _kept_until(decision: _Decision, born: date | None, rule: Any) -> tuple[date, int | None]:
    """Until when a decision keeps the record: the date then set or, for a child looked after, not before the
    rule's looked-after age; and that age when it is what decides."""
    age = rule.review_at_age_if_looked_after
    if decision.reason is not KeepReason.LOOKED_AFTER or age is None or born is None:
        return decision.until, None
    birthday = _years_after(born, age)
    return (birthday, age) if birthday > decision.until else (decision.until, None)


def _administrator_words(uow: UnitOfWork, actor_id: UUID | None) -> str:
    """"Alex Morrow (administrator)", as the app names staff; a decision always needs an administrator."""
    try:
        user = uow.users.get(actor_id) if actor_id is not None else None
    except NotFound:
        user = None
    role = ROLE[Role.ADMINISTRATOR].lower()
    return f"{user.name} ({role})" if user is not None else f"an {role} no longer held here"


def _deletion_plan(uow: UnitOfWork, child_id: UUID) -> dict[str, list[UUID]]:
    session, c = uow.session, orm
    assessments = [(row[0], row[1]) for row in session.execute(
        select(c.assessments.c.id, c.assessments.c.amends_id).where(c.assessments.c.child_id == child_id))]
    assessment_ids = [row[0] for row in assessments]
    household = session.execute(select(c.children.c.household_id).where(c.children.c.id == child_id)).scalar()
    linked = set(session.execute(select(c.child_adult_links.c.adult_id)
                                 .where(c.child_adult_links.c.child_id == child_id)).scalars())
    candidates = linked | (set(session.execute(select(c.adults.c.id).where(c.adults.c.household_id == household))
                               .scalars()) if household else set())
    others_in_household = bool(household) and bool(session.execute(
        select(c.children.c.id).where(c.children.c.household_id == household, c.children.c.id != child_id)
        .limit(1)).first())
    adults = []
    for adult_id, adult_household in session.execute(select(c.adults.c.id, c.adults.c.household_id)
                                                     .where(c.adults.c.id.in_(candidates))):
        linked_elsewhere = session.execute(select(c.child_adult_links.c.child_id).where(
            c.child_adult_links.c.adult_id == adult_id, c.child_adult_links.c.child_id != child_id).limit(1)).first()
        household_kept = adult_household != household or others_in_household
        if not linked_elsewhere and not household_kept:
            adults.append(adult_id)
    remaining_adults = household and session.execute(select(c.adults.c.id).where(
        c.adults.c.household_id == household, c.adults.c.id.not_in(adults or [UUID(int=0)])).limit(1)).first()
    return {"assessments": _amendments_first(assessments), "adults": adults,
            "households": [household] if household and not others_in_household and not remaining_adults else [],
            "events": list(session.execute(select(c.significant_events.c.id)
                                           .where(c.significant_events.c.child_id == child_id)).scalars()),
            "signatures": list(session.execute(select(c.signatures.c.id)
                                               .where(c.signatures.c.assessment_id.in_(assessment_ids))).scalars()),
            "returns": list(session.execute(select(c.assessment_returns.c.id)
                                            .where(c.assessment_returns.c.assessment_id.in_(assessment_ids)))
                            .scalars())}


def _amendments_first(rows: list[tuple[UUID, UUID | None]]) -> list[UUID]:
    """An amendment before the assessment it amends, so the link between them holds at every delete."""
    ordered: list[UUID] = []
    remaining = dict(rows)
    while remaining:
        amended = {target for target in remaining.values() if target in remaining}
        ready = [aid for aid in remaining if aid not in amended] or list(remaining)
        ordered.extend(ready)
        for aid in ready:
            remaining.pop(aid)
    return ordered


def _delete(uow: UnitOfWork, child_id: UUID, plan: dict[str, list[UUID]]) -> None:
    session, c = uow.session, orm
    for batch in chunks(plan["assessments"]):
        returns = select(c.assessment_returns.c.id).where(c.assessment_returns.c.assessment_id.in_(batch))
        session.execute(delete(c.return_snapshots).where(c.return_snapshots.c.return_id.in_(returns)))
        for table in (c.assessment_returns, c.review_comments, c.signatures):
            session.execute(delete(table).where(table.c.assessment_id.in_(batch)))
    for assessment_id in plan["assessments"]:  # parts go with them (ON DELETE CASCADE)
        session.execute(delete(c.assessments).where(c.assessments.c.id == assessment_id))
    for table in (c.significant_events, c.child_adult_links, c.child_shares):
        session.execute(delete(table).where(table.c.child_id == child_id))
    session.execute(delete(c.children).where(c.children.c.id == child_id))
    for batch in chunks(plan["adults"]):
        session.execute(delete(c.child_adult_links).where(c.child_adult_links.c.adult_id.in_(batch)))
        session.execute(delete(c.adult_aliases).where(c.adult_aliases.c.adult_id.in_(batch)))
        session.execute(delete(c.adults).where(c.adults.c.id.in_(batch)))
    for household in plan["households"]:
        session.execute(delete(c.households).where(c.households.c.id == household))


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _day(day: date) -> str:
    return short_date(day)


def _birthday_words(age: int, birthday: date, today: date) -> str:
    """"turned 25 on 07 Oct 2034", or "turns 25 on …" while the birthday is still to come."""
    return f"{'turned' if birthday <= today else 'turns'} {age} on {_day(birthday)}"


def _quiet_words(last: date, today: date) -> str:
    """"no activity since 12 Mar 2029 (6 years)": the last activity and the whole years since."""
    years = today.year - last.year - ((today.month, today.day) < (last.month, last.day))
    if years < 1:
        return f"no activity since {_day(last)}"
    return f"no activity since {_day(last)} ({years} year{'s' if years != 1 else ''})"
