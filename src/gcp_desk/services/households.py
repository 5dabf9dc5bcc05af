"""The household as the family's unit: finding a household, moving a child into one with the date, the adults a
household already knows (offered before anyone types a new person), merging duplicate adults, and saying why a
child's birth father is not recorded.

Rules, each deliberate:

- **A household's children are in one team.** A search shows the households the person may see (a child of
  theirs is in scope, or no child lives there yet) and only counts the others, so a name or address of another
  team's family is never shown; moving a child into a household of another team is refused with the way round (a
  supervisor shares the records).
- **Adults are recorded once.** "Known adults" are the household's adults and those of linked households (where
  the children's other parent lives, say), so a sibling is linked to the same person instead of a copy.
- **Merging is a supervisor's decision.** Every link of the duplicate moves to the adult kept, unsigned
  assessments name the kept adult, and the duplicate's id stays as an alias: signed content keeps the id it was
  signed with and still resolves to the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from ..domain.clock import utc_now
from ..domain.enums import EventKind, Role, Sex
from ..domain.errors import InvalidInput, PermissionDenied, Problem
from ..domain.events import SignificantEvent
from ..domain.people import Adult, Child, ChildRecord, Household, HouseholdMove
from ..storage.repositories.households import ANOTHER_TEAM
from ..storage.unit_of_work import UnitOfWork
from . import audit_payloads as payloads
from .base import Service
from .validation import text_length_problems

SUPERVISORS_MERGE = "Only a supervisor can merge two records of the same adult."
SAME_ADULT = "choose two different records: an adult cannot be merged with themselves"


@dataclass(frozen=True)
class HouseholdSearch:
    households: list[Household]
    """Households whose name or address matches, that the person may see."""
    elsewhere: int
    """How many more match in another team's records: said, never named."""

    @property
    def elsewhere_words(self) -> str:
        if not self.elsewhere:
            return ""
        one = self.elsewhere == 1
        return (f"{'A household' if one else f'{self.elsewhere} households'} matching this "
                f"{'is' if one else 'are'} recorded in another team. Ask a supervisor of that team to share the "
                "children's records if this family is the same.")


@dataclass(frozen=True)
class KnownAdult:
    """An adult already recorded around the child's household, offered before a new person is typed."""

    adult: Adult
    household: Household
    in_childs_household: bool
    """In the child's own household (``False``: a linked household, e.g. where the other parent lives)."""


class HouseholdService(Service):
    def search(self, text: str) -> HouseholdSearch:
        """Households by name or address, any case, anywhere in the words."""
        with self._context.transaction() as uow:
            households, elsewhere = uow.households.search(text)
            return HouseholdSearch(households, elsewhere)

    def members(self, household_id: UUID) -> tuple[Household, list[Child], list[Adult]]:
        """The household, the children in it the person may see, and its adults (and those linked to them)."""
        with self._context.transaction() as uow:
            household = uow.households.require_visible(household_id)
            return household, uow.children.in_household(household_id), uow.adults.around_households([household_id])

    def moves(self, child_id: UUID) -> list[HouseholdMove]:
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            return uow.households.moves_of(child_id)

    def move_child(self, child_id: UUID, household_id: UUID, moved_on: date) -> ChildRecord:
        """The child now lives in ``household_id``, since ``moved_on``: recorded as a move, audited, and put on the
        child's chronology. The adults linked to the child stay linked (a father does not stop being one)."""
        if moved_on > self._context.today():
            raise InvalidInput([Problem("Date of the move", "the move cannot be after today; record it on the day")])
        with self._context.transaction() as uow:
            child = uow.children.get(child_id)
            if child.household_id == household_id:
                raise InvalidInput([Problem("Household", "the child already lives in this household")])
            household = uow.households.require_visible(household_id)
            self._same_team(uow, household.id, child)
            move = HouseholdMove(child_id=child_id, from_household_id=child.household_id, to_household_id=household_id,
                                 moved_on=moved_on, recorded_by=self._context.actor_id)
            uow.households.add_move(move)
            uow.children.update(child.model_copy(update={"household_id": household_id}))
            uow.events.add(SignificantEvent(child_id=child_id, date=moved_on, kind=EventKind.HOUSE_MOVE,
                                            what_happened=f"Moved to {household.name}.",
                                            recorded_by=self._context.actor_id))
            uow.audit.record(self._context.actor_id, "child.move-household", "child", str(child_id),
                             {"household_id": str(move.from_household_id) if move.from_household_id else None},
                             {"household_id": str(household_id), "move_id": str(move.id),
                              "date": moved_on.isoformat()})
            return uow.children.record(child_id)

    def known_adults(self, child_id: UUID) -> list[KnownAdult]:
        """Adults recorded in the child's household first, then in linked households (a household one of these
        adults lives in, or where a child they are linked to lives), leaving out those linked to the child already.
        Households the person may not see are left out."""
        with self._context.transaction() as uow:
            child = uow.children.get(child_id)
            if child.household_id is None:
                return []
            own = uow.adults.around_households([child.household_id])
            linked_households = {a.household_id for a in own}
            linked_households |= uow.adults.households_of_children_linked_to([a.id for a in own])
            linked_households.discard(child.household_id)
            linked_households &= uow.households.visible_ids(list(linked_households))
            others = [a for a in uow.adults.around_households(linked_households) if a.id not in {o.id for o in own}]
            already = {significant.adult.id for significant in uow.adults.for_child(child_id)}
            households = {h: uow.households.get(h) for h in {a.household_id for a in [*own, *others]}}
            return [KnownAdult(adult, households[adult.household_id], adult in own)
                    for adult in [*own, *others] if adult.id not in already]

    def merge_adults(self, kept_id: UUID, duplicate_id: UUID) -> Adult:
        """Merge ``duplicate_id`` into ``kept_id``: links moved, unsigned assessments re-pointed, facts the kept
        record lacks taken from the duplicate, the duplicate's id kept as an alias. Supervisors only."""
        if kept_id == duplicate_id:
            raise InvalidInput([Problem("Adult", SAME_ADULT)])
        with self._context.transaction() as uow:
            if not uow.users.get(self._context.actor_id).has_role(Role.SUPERVISOR):
                raise PermissionDenied(SUPERVISORS_MERGE)
            kept, duplicate = uow.adults.get(kept_id), uow.adults.get(duplicate_id)
            if duplicate.id != duplicate_id or kept.id == duplicate.id:
                raise InvalidInput([Problem("Adult", "that record was merged already")])
            kept_id = kept.id  # a merged-away id given for the one to keep: the record it now stands for
            for adult in (kept, duplicate):
                self._require_visible_adult(uow, adult)
            children = {link.child_id for link in uow.adults.links_of(duplicate_id)}
            for child_id in children:
                uow.children.get(child_id)  # need to know: every child whose record changes
            filled = _filled_from(kept, duplicate)
            if filled != kept:
                uow.adults.update(filled)
            moved = uow.adults.merge(kept_id, duplicate_id, self._context.actor_id, utc_now())
            repointed = self._repoint_assessments(uow, children, kept_id, duplicate_id, filled.full_name)
            uow.audit.record(self._context.actor_id, "adult.merge", "adult", str(kept_id),
                             {"id": str(duplicate_id)},
                             {"id": str(kept_id), "alias_id": str(duplicate_id),
                              "child_ids": sorted(str(c) for c in moved),
                              "assessment_ids": sorted(str(a) for a in repointed)})
            return uow.adults.get(kept_id)

    def record_father_unknown(self, child_id: UUID, reason: str) -> ChildRecord:
        """Say why the child's birth father is not recorded; an empty reason withdraws it (the prompt returns)."""
        reason = reason.strip()
        problems = text_length_problems(**{"Why the father is not recorded": reason})
        if problems:
            raise InvalidInput(problems)
        with self._context.transaction() as uow:
            before = uow.children.get(child_id)
            after = before.model_copy(update={"father_unknown_reason": reason})
            uow.children.update(after)
            uow.audit.record(self._context.actor_id, "child.father-unknown", "child", str(child_id),
                             *payloads.changed(before, after))
            return uow.children.record(child_id)

    # Checks -----------------------------------------------------------------------------------------------------
    @staticmethod
    def _same_team(uow: UnitOfWork, household_id: UUID, child: Child) -> None:
        teams = uow.households.team_ids(household_id) - {child.team_id}
        if teams:
            raise PermissionDenied(ANOTHER_TEAM)

    @staticmethod
    def _require_visible_adult(uow: UnitOfWork, adult: Adult) -> None:
        uow.households.require_visible(adult.household_id)
        for link in uow.adults.links_of(adult.id):
            uow.children.get(link.child_id)

    @staticmethod
    def _repoint_assessments(uow: UnitOfWork, children: set[UUID], kept_id: UUID, duplicate_id: UUID,
                             name: str) -> list[UUID]:
        """Unsigned assessments naming the duplicate name the adult kept; signed ones keep the id they were signed
        with (an alias now), and never change."""
        changed = []
        for child_id in children:
            for assessment in uow.assessments.history(child_id):
                if not assessment.status.is_editable or all(a.adult_id != duplicate_id for a in assessment.adults):
                    continue
                has_kept = any(a.adult_id == kept_id for a in assessment.adults)
                adults = [a.model_copy(update={"adult_id": kept_id, "name": name}) if a.adult_id == duplicate_id
                          else a for a in assessment.adults]
                if has_kept:  # both were in it: keep the first mention
                    seen: set[UUID] = set()
                    adults = [a for a in adults if not (a.adult_id in seen or seen.add(a.adult_id))]
                uow.assessments.update_fields(assessment.id, adults=adults)
                changed.append(assessment.id)
        return changed


def _filled_from(kept: Adult, duplicate: Adult) -> Adult:
    """The kept record, with what only the duplicate knew: a date of birth, their standing with services, history."""
    history = kept.relevant_history
    if duplicate.relevant_history and duplicate.relevant_history not in history:
        history = f"{history}\n\n{duplicate.relevant_history}".strip()
    return kept.model_copy(update={
        "date_of_birth": kept.date_of_birth or duplicate.date_of_birth,
        "known_to_services": kept.known_to_services if kept.known_to_services is not None
        else duplicate.known_to_services,
        "relevant_history": history,
        "sex": kept.sex if kept.sex is not Sex.NOT_KNOWN else duplicate.sex,
    })
