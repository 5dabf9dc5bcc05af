"""Facts that belong to the household, entered once and shown in each sibling's assessment on the same visits.

Siblings assessed together share their visits: the same visit (same id) is in each child's assessment. Whenever
one of them records a household fact, it is written into every sibling's assessment that is still open (draft or
returned) and shares a visit with it, in the same transaction, with an audit event on each:

- **Visits**: a visit added or changed comes across as it is (it is the same visit). A visit removed from one child
  is not removed from the others: the child may not have been there; nothing a sibling recorded is lost.
- **How the home was seen**: rooms seen and people present are added to each sibling's (never taken away: a
  correction for one child is made for that child); whether *this* child was seen, and seen alone, stays each
  child's own.
- **Context factors** and **how an adult took part** come across **unconfirmed**: each child's practitioner
  confirms them for their child, as with anything carried over from a previous assessment.
- **Items that describe the home** (marked ``household`` in the instrument, e.g. home conditions): the grade and
  its notes come across, for siblings whose instrument marks the item too and whose age band it applies to.

Visits, how the home was seen and home items also come across unconfirmed, noted in the sibling's
``shared_facts`` (``shared_facts`` module) for each child's practitioner to confirm.

A **plan action shared by siblings** (``family_plan``) is kept in step: a change to one child's copy is made to
each open sibling's copy.

Each child's grades, domain choices, voice, evidence and other plan actions stay their own. A signed (submitted or
countersigned) sibling never changes: a household fact changed afterwards shows in that child's next assessment instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from ..domain.assessment import Assessment, ContextEntry, PlanAction, Visit
from ..domain.enums import SharedFactKind
from ..domain.instrument import Instrument
from ..scoring.drift import assessment_date
from ..scoring.flags import concern_domains
from ..storage.unit_of_work import UnitOfWork
from .shared_facts import HOME_ITEM_ACTIONS, may_share_home_item, share_home_item, with_fact

SHARED_ACTIONS = frozenset({"assessment.add-visit", "assessment.update-visit", "assessment.how-seen",
                            "assessment.context", "assessment.adult-involvement", "assessment.plan.update-action",
                            *HOME_ITEM_ACTIONS})
SHARED_ACTION = "assessment.household-fact"

StoreVisits = Callable[[UnitOfWork, Assessment, Instrument, list[Visit]], None]


def siblings_on_the_same_visits(uow: UnitOfWork, assessment: Assessment) -> list[Assessment]:
    """The open assessments of the child's brothers and sisters in the household that share a visit with this one
    (only those the signed-in person may see)."""
    if not assessment.visits:
        return []
    child = uow.children.get(assessment.child_id)
    if child.household_id is None:
        return []
    visits = {visit.id for visit in assessment.visits}
    siblings = [sibling.id for sibling in uow.children.in_household(child.household_id) if sibling.id != child.id]
    order = {child_id: place for place, child_id in enumerate(siblings)}  # the household's order, then history's
    found = [other for other in uow.assessments.open_of_children(siblings)
             if visits & {visit.id for visit in other.visits}]
    return sorted(found, key=lambda other: order[other.child_id])


def share_household_fact(uow: UnitOfWork, source: Assessment, action: str, after: Any, *, actor_id: UUID | None,
                         instrument_for: Callable[[Assessment], Instrument], store_visits: StoreVisits
                         ) -> list[UUID]:
    """Write the fact ``action`` just recorded on ``source`` into each sibling on the same visits; returns the
    assessments changed."""
    if action not in SHARED_ACTIONS:
        return []
    if action in HOME_ITEM_ACTIONS and not may_share_home_item(source, action, after, instrument_for(source)):
        return []
    changed = []
    for sibling in siblings_on_the_same_visits(uow, source):
        if _apply(uow, source, sibling, action, after, instrument_for, store_visits):
            updated = uow.assessments.get(sibling.id)
            uow.assessments.set_summary(sibling.id, assessment_date(updated),
                                        concern_domains(instrument_for(updated), updated))
            payload = {"from_assessment_id": str(source.id), "action": action}
            if action in ("assessment.grade-item", "assessment.not-assessed"):
                # The grade number this child had (not personal data), so the audit shows what was overwritten.
                item_id = str((after or {}).get("item_id"))
                before = sibling.item_grades.get(item_id)
                payload |= {"item_id": item_id, "replaced_grade": before.grade if before is not None else None}
            uow.audit.record(actor_id, SHARED_ACTION, "assessment", str(sibling.id), None, payload)
            changed.append(sibling.id)
    return changed


def _apply(uow: UnitOfWork, source: Assessment, sibling: Assessment, action: str, after: Any,
           instrument_for: Callable[[Assessment], Instrument], store_visits: StoreVisits) -> bool:
    if action in HOME_ITEM_ACTIONS:
        return share_home_item(uow, source, sibling, action, after, instrument_for(source), instrument_for(sibling))
    if action == "assessment.plan.update-action":
        return _family_action(uow, sibling, after)
    if action in ("assessment.add-visit", "assessment.update-visit"):
        visit = next((v for v in source.visits if str(v.id) == str((after or {}).get("id"))), None)
        if visit is None:
            return False
        visits = [v for v in sibling.visits if v.id != visit.id] + [visit]
        if visits == sibling.visits or sorted(visits, key=lambda v: v.date) == sibling.visits:
            return False
        store_visits(uow, sibling, instrument_for(sibling), visits)
        uow.assessments.update_fields(
            sibling.id, shared_facts=with_fact(sibling.shared_facts, SharedFactKind.VISIT, str(visit.id), source.id))
        return True
    if action == "assessment.how-seen":
        theirs = sibling.how_seen
        home = {"rooms_seen": _joined(theirs.rooms_seen, source.how_seen.rooms_seen),
                "present": _joined(theirs.present, source.how_seen.present)}
        how_seen = theirs.model_copy(update=home)
        if how_seen == sibling.how_seen:
            return False
        uow.assessments.update_fields(
            sibling.id, how_seen=how_seen,
            shared_facts=with_fact(sibling.shared_facts, SharedFactKind.HOME_SEEN, "", source.id))
        return True
    if action == "assessment.context":
        context = _context_for(sibling.context, source.context)
        if context == sibling.context:
            return False
        facts = sibling.shared_facts
        for entry in context:
            if entry not in sibling.context:
                facts = with_fact(facts, SharedFactKind.CONTEXT, entry.factor.value, source.id)
        uow.assessments.update_fields(sibling.id, context=context, shared_facts=facts)
        return True
    # How an adult took part: the adult, if the sibling's assessment lists them too.
    adult_id = str((after or {}).get("adult_id"))
    taking_part = next((a for a in source.adults if str(a.adult_id) == adult_id), None)
    if taking_part is None:
        return False
    adults = [a.model_copy(update={"involvement": taking_part.involvement, "confirmed": False})
              if str(a.adult_id) == adult_id and a.involvement is not taking_part.involvement else a
              for a in sibling.adults]
    if adults == sibling.adults:
        return False
    uow.assessments.update_fields(
        sibling.id, adults=adults,
        shared_facts=with_fact(sibling.shared_facts, SharedFactKind.ADULT, adult_id, source.id))
    return True


def _family_action(uow: UnitOfWork, sibling: Assessment, after: Any) -> bool:
    """A shared plan action changed in one child's plan: the sibling's copy follows (its own id kept)."""
    family_id = (after or {}).get("family_id")
    if not family_id:
        return False
    source = PlanAction.model_validate(after)
    kept = ("id", "carried_from_id")
    plan = [a.model_copy(update={k: v for k, v in source.model_dump().items() if k not in kept})
            if str(a.family_id) == str(family_id) else a for a in sibling.plan]
    if plan == sibling.plan:
        return False
    uow.assessments.set_plan(sibling.id, plan)
    return True


def _joined(theirs: list[str], shared: list[str]) -> list[str]:
    """Theirs, then what is shared and not there yet: a sibling's screen opened before the share never takes away
    what another recorded, and a room unticked for one child is corrected for that child alone."""
    return [*theirs, *(entry for entry in shared if entry not in theirs)]


def _context_for(theirs: list[ContextEntry], shared: list[ContextEntry]) -> list[ContextEntry]:
    """The sibling's context with each shared factor added or its note brought up to date, unconfirmed; factors
    only the sibling has stay as they are."""
    by_factor = {entry.factor: entry for entry in theirs}
    for entry in shared:
        mine = by_factor.get(entry.factor)
        if mine is None or mine.note != entry.note:
            by_factor[entry.factor] = entry.model_copy(update={"confirmed": False})
    return list(by_factor.values())
