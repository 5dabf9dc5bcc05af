"""Children, households and significant adults: create, edit, and read the child record and the caseload."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from ..domain.caseload import CaseloadRow
from ..domain.caseload_window import CaseloadCounts, CaseloadPage, CaseloadRequest
from ..domain.enums import PlanType, Relationship, Sex
from ..domain.errors import InvalidInput, PermissionDenied
from ..domain.people import Adult, Child, ChildAdultLink, ChildRecord, Household, LocalIdentifier
from ..storage.repositories.households import ANOTHER_TEAM
from ..storage.scope import NO_CASES
from . import audit_payloads as payloads
from .base import Service
from .context import ServiceContext
from .history_views import RecordOpening
from .validation import birth_date_problems, build, control_character_problems, text_length_problems


class ChildService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context

    # Households ---------------------------------------------------------------------------------------------
    def create_household(self, name: str, address: str = "") -> Household:
        household = build(Household, name=name, address=address)
        self._check_household(household)
        with self._context.transaction() as uow:
            uow.households.add(household)
            uow.audit.record(self._context.actor_id, "household.create", "household", str(household.id),
                             None, payloads.created(household))
        return household

    def update_household(self, household: Household) -> Household:
        updated = build(Household, **household.model_dump())
        self._check_household(updated)
        with self._context.transaction() as uow:
            before = uow.households.get(household.id)
            stored = uow.households.update(updated)
            uow.audit.record(self._context.actor_id, "household.update", "household", str(household.id),
                             *payloads.changed(before, stored))
            return stored

    def households(self) -> list[Household]:
        with self._context.transaction() as uow:
            return uow.households.all()

    # Children -----------------------------------------------------------------------------------------------
    def create_child(
        self,
        *,
        given_name: str,
        family_name: str,
        date_of_birth: date | None = None,
        expected_date_of_delivery: date | None = None,
        sex: Sex = Sex.NOT_KNOWN,
        ethnicity: str = "",
        identifiers: list[tuple[str, str]] | None = None,
        household_id: UUID | None = None,
        new_household: tuple[str, str] | None = None,
        plan_type: PlanType = PlanType.NONE,
    ) -> Child:
        """``household_id``: an existing household the child lives in (of the recorder's team); or
        ``new_household``: the name and address of a household made with the child, in the same step."""
        household = None
        if new_household is not None:
            household = build(Household, name=new_household[0], address=new_household[1])
            self._check_household(household)
            household_id = household.id
        child = build(
            Child,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date_of_birth,
            expected_date_of_delivery=expected_date_of_delivery,
            sex=sex,
            ethnicity=ethnicity,
            identifiers=[build(LocalIdentifier, scheme=s, value=v) for s, v in identifiers or []],
            household_id=household_id,
            plan_type=plan_type,
        )
        self._check_dates(child)
        with self._context.transaction() as uow:
            if not uow.scope.works_on_cases:
                raise PermissionDenied(NO_CASES)
            if household is not None:
                uow.households.add(household)
                uow.audit.record(self._context.actor_id, "household.create", "household", str(household.id),
                                 None, payloads.created(household))
            elif household_id is not None:
                uow.households.require_visible(household_id)
                if uow.households.team_ids(household_id) - {uow.scope.team_id}:
                    raise PermissionDenied(ANOTHER_TEAM)
            # A new child belongs to the team of whoever records them, so that the team sees them at once.
            child = child.model_copy(update={"team_id": uow.scope.team_id})
            uow.children.add(child)
            uow.audit.record(self._context.actor_id, "child.create", "child", str(child.id),
                             None, payloads.created(child))
        return child

    def update_child(self, child: Child) -> Child:
        updated = build(Child, **{**child.model_dump(), "updated_at": child.updated_at})
        self._check_dates(updated)
        with self._context.transaction() as uow:
            before = uow.children.get(child.id)
            # Sharing and moving household are their own, audited steps.
            updated = updated.model_copy(update={"team_id": before.team_id, "household_id": before.household_id})
            uow.children.update(updated)
            uow.audit.record(self._context.actor_id, "child.update", "child", str(child.id),
                             *payloads.changed(before, updated))
            return uow.children.get(child.id)

    def _check_dates(self, child: Child) -> None:
        """Plausible input (``validation``): dates a child can have, names without control characters."""
        problems = control_character_problems(**{
            "First name": child.given_name, "Family name": child.family_name, "Ethnicity": child.ethnicity})
        problems += text_length_problems(Ethnicity=child.ethnicity)
        problems += birth_date_problems(child.date_of_birth, child.expected_date_of_delivery, self._context.today())
        if problems:
            raise InvalidInput(problems)

    @staticmethod
    def _check_adult(adult: Adult) -> None:
        problems = control_character_problems(**{"First name": adult.given_name, "Family name": adult.family_name})
        problems += text_length_problems(**{"Relevant history": adult.relevant_history})
        if problems:
            raise InvalidInput(problems)

    @staticmethod
    def _check_household(household: Household) -> None:
        problems = control_character_problems(Name=household.name)
        problems += text_length_problems(Address=household.address)
        if problems:
            raise InvalidInput(problems)

    def get(self, child_id: UUID) -> Child:
        with self._context.transaction() as uow:
            return uow.children.get(child_id)

    def record(self, child_id: UUID) -> ChildRecord:
        with self._context.transaction() as uow:
            return uow.children.record(child_id)

    def record_opening(self, child_id: UUID) -> RecordOpening:
        """The record, every assessment and the teams it is shared with, as the record screen opens: one unit
        that only reads, so it never waits for a grade being stored, and the person, the scope and the child are
        read once rather than for each part."""
        with self._context.read() as uow:
            record = uow.children.record(child_id)
            return RecordOpening(record, uow.assessments.history(child_id), uow.shares.active_for(child_id))

    def prepare_record_reads(self, child_id: UUID) -> None:
        """Read one child's record as opening it does, and drop it: each statement's SQL is built once per process,
        at its first use, so the first record a person opens after signing in is then about as quick as the later
        ones. Nothing is written or logged: nobody has opened the record. The window runs it behind the caseload
        for the first child listed."""
        self.record_opening(child_id)

    def siblings(self, child_id: UUID) -> list[Child]:
        with self._context.transaction() as uow:
            child = uow.children.get(child_id)
            if child.household_id is None:
                return []
            return [c for c in uow.children.in_household(child.household_id) if c.id != child_id]

    def caseload(self) -> list[CaseloadRow]:
        with self._context.transaction() as uow:
            return uow.caseload.rows()

    def caseload_page(self, request: CaseloadRequest, after: Any = None, limit: int | None = None) -> CaseloadPage:
        """The next page of the caseload as ``request`` orders, searches and filters it, after ``after`` (the
        previous page's ``after``; ``None``: the first page). A read-only unit: no write lock is waited for."""
        with self._context.read() as uow:
            return uow.caseload.page(request, after, *([limit] if limit else []))

    def caseload_counts(self, request: CaseloadRequest, filters: bool = True) -> CaseloadCounts:
        """How many children ``request`` shows, and (``filters``) how many each of the caseload's filters shows;
        read-only, so the window reads it on a thread of its own beside the worker."""
        with self._context.read() as uow:
            return uow.caseload.counts(request, filters)

    def prepare_household_labels(self) -> None:
        """Work out ahead the headings of the households of every child this person may see, which the first
        needs-attention or grouped page would otherwise wait for (a large caseload's households are compared in
        one pass, kept until a household or a child's household or team changes). A read of its own: the window
        runs it behind the caseload after sign-in."""
        with self._context.read() as uow:
            uow.caseload.work_out_household_labels()

    # Significant adults -------------------------------------------------------------------------------------
    def add_adult(
        self,
        child_id: UUID,
        *,
        given_name: str,
        family_name: str,
        relationship: Relationship,
        sex: Sex = Sex.NOT_KNOWN,
        parental_responsibility: bool = False,
        lives_with_child: bool = False,
        part_time: bool = False,
        date_of_birth: date | None = None,
        relevant_history: str = "",
        known_to_services: bool | None = None,
    ) -> ChildRecord:
        """Add a new adult to the child's household network and link them to the child in one step."""
        with self._context.transaction() as uow:
            child = uow.children.get(child_id)
            household_id = child.household_id
            if household_id is None:
                household = build(Household, name=f"{child.family_name} household")
                uow.households.add(household)
                household_id = household.id
                child = child.model_copy(update={"household_id": household_id})
                uow.children.update(child)
            adult = build(
                Adult,
                household_id=household_id,
                given_name=given_name,
                family_name=family_name,
                sex=sex,
                date_of_birth=date_of_birth,
                relevant_history=relevant_history,
                known_to_services=known_to_services,
            )
            self._check_adult(adult)
            link = build(
                ChildAdultLink,
                child_id=child_id,
                adult_id=adult.id,
                relationship=relationship,
                parental_responsibility=parental_responsibility,
                lives_with_child=lives_with_child,
                part_time=part_time,
            )
            uow.adults.add(adult)
            uow.adults.link(link)
            uow.audit.record(self._context.actor_id, "adult.add", "child", str(child_id), None,
                             {"adult": payloads.created(adult), "link": payloads.created(link)})
            return uow.children.record(child_id)

    def link_adult(
        self,
        child_id: UUID,
        adult_id: UUID,
        relationship: Relationship,
        *,
        parental_responsibility: bool = False,
        lives_with_child: bool = False,
        part_time: bool = False,
    ) -> ChildRecord:
        """Link an adult already in the household's network to another child (a sibling, say)."""
        with self._context.transaction() as uow:
            uow.children.get(child_id)
            adult = uow.adults.get(adult_id)  # a merged-away id links the adult kept
            uow.households.require_visible(adult.household_id)
            link = build(
                ChildAdultLink,
                child_id=child_id,
                adult_id=adult.id,
                relationship=relationship,
                parental_responsibility=parental_responsibility,
                lives_with_child=lives_with_child,
                part_time=part_time,
            )
            uow.adults.link(link)
            uow.audit.record(self._context.actor_id, "adult.link", "child", str(child_id), None,
                             payloads.created(link))
            return uow.children.record(child_id)

    def update_adult(self, adult: Adult) -> Adult:
        updated = build(Adult, **adult.model_dump())
        self._check_adult(updated)
        with self._context.transaction() as uow:
            before = uow.adults.get(adult.id)
            uow.adults.update(updated)
            uow.audit.record(self._context.actor_id, "adult.update", "adult", str(adult.id),
                             *payloads.changed(before, updated))
        return updated

    def unlink_adult(self, child_id: UUID, adult_id: UUID) -> ChildRecord:
        with self._context.transaction() as uow:
            uow.adults.unlink(child_id, adult_id)
            uow.audit.record(self._context.actor_id, "adult.unlink", "child", str(child_id),
                             {"adult_id": str(adult_id)}, None)
            return uow.children.record(child_id)
