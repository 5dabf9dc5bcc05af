"""The second pass of an import, inside one transaction: the bundle's records written table by table, parents
before parts, a batch of children at a time. A record held already (same id) is left as it is when it is the same,
and is a problem when it differs: nothing held is ever overwritten. Problems found here roll the whole transaction
back, like those of the first pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from uuid import UUID, uuid4

from ..bundle.models import BundleAssessment, BundleChild, BundleHousehold, OriginAuditEvent, StaffMember
from ..domain.instrument import Instrument
from ..scoring.flags import concern_domains
from ..scoring.signing_content import assessment_content_hash
from ..storage import orm
from ..storage.assessment_parts import AssessmentParts
from ..storage.child_summary import EMPTY_SUMMARY, refresh_child_summaries
from ..storage.repositories.attention import NOT_WORKED_OUT
from ..storage.repositories.events import event_from, event_values
from ..storage.rows import ROLE_SEPARATOR, adult_from, adult_values, child_values, household_from, household_values
from ..storage.unit_of_work import UnitOfWork

CHILDREN_PER_BATCH = 50
InstrumentFor = Callable[[BundleAssessment], Instrument]
CHILD_COMPARED = ("given_name", "family_name", "date_of_birth", "expected_date_of_delivery", "sex", "ethnicity",
                  "identifiers", "household_id", "plan_type")
"""What makes a child's record the same record: not the team it is filed under here, nor bookkeeping times."""


class ImportWriter:
    def __init__(self, uow: UnitOfWork, *, organisation_id: UUID, team_id: UUID | None,
                 instrument_for: InstrumentFor):
        self._uow = uow
        self._store = uow.records
        self._organisation = organisation_id
        self._team = team_id
        self._instrument_for = instrument_for
        self._pending: list[tuple[BundleChild, str]] = []
        self._events: list[OriginAuditEvent] = []
        self.problems: list[str] = []
        self.added = {"children": 0, "households": 0, "adults": 0, "assessments": 0, "events": 0,
                      "staff": 0, "audit_events": 0}
        self.already_held = 0
        self.touched: list[UUID] = []

    # The bundle's small parts, first ---------------------------------------------------------------------------
    def staff(self, members: Iterable[StaffMember]) -> None:
        members = list(members)
        held = self._store.held(orm.users, [member.id for member in members])
        now = datetime.now(UTC)
        new = [member for member in members if member.id not in held]
        self._store.insert(orm.users, [{
            "id": member.id, "name": member.name, "role": member.roles[0],
            "roles": ROLE_SEPARATOR.join(role.value for role in dict.fromkeys(member.roles)), "team_id": None,
            "created_at": now, "password_hash": None, "password_must_change": False} for member in new])
        self._store.insert(orm.historical_staff, [
            {"user_id": member.id, "organisation_id": self._organisation, "imported_at": now} for member in new])
        self.added["staff"] = len(new)

    def households(self, households: list[BundleHousehold]) -> None:
        held = {row["id"]: household_from(row) for row in
                self._store.rows(orm.households, "id", [household.id for household in households])}
        adults = [(adult, f"households[{index}].adults[{number}]") for index, household in enumerate(households)
                  for number, adult in enumerate(household.adults)]
        held_adults = {row["id"]: adult_from(row) for row in
                       self._store.rows(orm.adults, "id", [adult.id for adult, _ in adults])}
        new = []
        for index, household in enumerate(households):
            stored = held.get(household.id)
            if stored is None:
                new.append(household)
            elif stored.model_dump() != household.model_dump(exclude={"adults"}):
                self._differs(f"households[{index}]", "household")
            else:
                self.already_held += 1
        self._store.insert(orm.households, [household_values(household) for household in new])
        new_adults = []
        for adult, where in adults:
            stored = held_adults.get(adult.id)
            if stored is None:
                new_adults.append(adult)
            elif stored.model_dump() != adult.model_dump(exclude={"aliases"}):
                self._differs(where, "adult")
            else:
                self.already_held += 1
        self._store.insert(orm.adults, [adult_values(adult) for adult in new_adults])
        aliases = [(adult.id, alias) for adult, _ in adults for alias in adult.aliases]
        held_aliases = self._store.held(orm.adult_aliases, [alias.alias_id for _, alias in aliases], column="alias_id")
        self._store.insert(orm.adult_aliases, [{"adult_id": adult_id, **alias.model_dump()}
                                               for adult_id, alias in aliases if alias.alias_id not in held_aliases])
        self.added["households"], self.added["adults"] = len(new), len(new_adults)

    # Children, a batch at a time -------------------------------------------------------------------------------
    def child(self, child: BundleChild, path: str) -> None:
        self._pending.append((child, path))
        if len(self._pending) >= CHILDREN_PER_BATCH:
            self._flush()

    def origin_event(self, event: OriginAuditEvent) -> None:
        self._events.append(event)

    def tombstones(self, tombstones, import_event_id: UUID) -> list[UUID]:
        """Record the deletions made where the bundle came from, of children not held here; returns the children
        still held here, whose deletion the caller applies (or refuses)."""
        ids = [tombstone.entity_id for tombstone in tombstones]
        known = self._store.held(orm.tombstones, ids, column="entity_id")
        held = self._store.held(orm.children, ids)
        self._store.insert(orm.tombstones, [
            {"id": uuid4(), "entity": tombstone.entity, "entity_id": tombstone.entity_id,
             "deleted_at": tombstone.deleted_at, "deleted_by": None, "audit_event_id": import_event_id}
            for tombstone in tombstones if tombstone.entity_id not in known and tombstone.entity_id not in held])
        return [tombstone.entity_id for tombstone in tombstones if tombstone.entity_id in held]

    def finish(self, import_event_id: UUID) -> None:
        self._flush()
        held = self._store.held(orm.origin_audit_events, [event.id for event in self._events])
        rows = [{**event.model_dump(exclude={"id"}), "id": event.id, "organisation_id": self._organisation,
                 "imported_by_event": import_event_id} for event in self._events if event.id not in held]
        self._store.insert(orm.origin_audit_events, rows)
        self.added["audit_events"] = len(rows)
        self.already_held += len(held)
        refresh_child_summaries(self._uow.session, self.touched)

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        store = self._store
        ids = [child.id for child, _ in batch]
        held_teams = store.child_teams(ids)
        deleted = store.held(orm.tombstones, ids, column="entity_id")
        held_children = {child.id: child for child in store.children([i for i in ids if i in held_teams])}
        new_children, writing = [], []
        for child, path in batch:
            if child.id in deleted:
                self.problems.append(f"{path}: this child's record was deleted under the retention rule (here, or "
                                     "where a bundle came from); it is not imported again")
            elif child.id not in held_teams:
                new_children.append(child)
                writing.append((child, path))
            elif child.id not in held_children:
                self.problems.append(f"{path}: this child's record is held here in another team's records, which "
                                     "you cannot see; a supervisor of that team can share it with yours")
            elif any(getattr(held_children[child.id], name) != getattr(child, name) for name in CHILD_COMPARED):
                self._differs(path, "child's record")
            else:
                self.already_held += 1
                writing.append((child, path))
        store.insert(orm.children, [{**child_values(child.model_copy(update={"team_id": self._team})),
                                     **EMPTY_SUMMARY, **NOT_WORKED_OUT} for child in new_children])
        self.added["children"] += len(new_children)
        self._links(writing)
        self._moves(writing)
        self._events_of(writing)
        self._assessments(writing)
        self.touched.extend(child.id for child, _ in writing)

    def _links(self, writing: list[tuple[BundleChild, str]]) -> None:
        held = {(row["child_id"], row["adult_id"]) for row in
                self._store.rows(orm.child_adult_links, "child_id", [child.id for child, _ in writing])}
        self._store.insert(orm.child_adult_links, [
            link.model_dump() for child, _ in writing for link in child.links
            if (link.child_id, link.adult_id) not in held])

    def _moves(self, writing: list[tuple[BundleChild, str]]) -> None:
        moves = [(move, f"{path}.moves[{index}]") for child, path in writing for index, move in enumerate(child.moves)]
        held = {row["id"]: row for row in self._store.rows(orm.household_moves, "id", [move.id for move, _ in moves])}
        new = []
        for move, where in moves:
            stored = held.get(move.id)
            if stored is None:
                new.append(move)
            elif any(stored[name] != value for name, value in move.model_dump().items()):
                self._differs(where, "move between households")
            else:
                self.already_held += 1
        self._store.insert(orm.household_moves, [move.model_dump() for move in new])

    def _events_of(self, writing: list[tuple[BundleChild, str]]) -> None:
        events = [(event, f"{path}.events[{index}]") for child, path in writing
                  for index, event in enumerate(child.events)]
        held = {row["id"]: event_from(row) for row in
                self._store.rows(orm.significant_events, "id", [event.id for event, _ in events])}
        new = []
        for event, where in events:
            stored = held.get(event.id)
            if stored is None:
                new.append(event)
            elif stored.model_dump() != event.model_dump():
                self._differs(where, "significant event")
            else:
                self.already_held += 1
        self._store.insert(orm.significant_events, [event_values(event) for event in new])
        self.added["events"] += len(new)

    def _assessments(self, writing: list[tuple[BundleChild, str]]) -> None:
        found = [(assessment, f"{path}.assessments[{index}]") for child, path in writing
                 for index, assessment in enumerate(child.assessments)]
        held_ids = self._store.held(orm.assessments, [assessment.id for assessment, _ in found])
        held = {a.id: a for a in self._store.assessments({a.child_id for a, _ in found if a.id in held_ids})}
        new: list[BundleAssessment] = []
        for assessment, where in found:
            stored = held.get(assessment.id)
            if assessment.id in held_ids and stored is None:
                self.problems.append(f"{where}: an assessment with this id is held here under another child")
            elif stored is None:
                new.append(assessment)
            elif (stored.status != assessment.status
                  or assessment_content_hash(stored) != assessment_content_hash(assessment)):
                self._differs(where, "assessment")
            else:
                self.already_held += 1
        parts = AssessmentParts()
        for assessment in _originals_first(new):
            parts.add(assessment, concern_domains(self._instrument_for(assessment), assessment))
        for table, rows in parts.by_table():
            self._store.insert(table, rows)
        self._review(new)
        self.added["assessments"] += len(new)

    def _review(self, assessments: list[BundleAssessment]) -> None:
        store = self._store
        store.insert(orm.signatures, [signature.model_dump() for a in assessments for signature in a.signatures])
        store.insert(orm.review_comments, [comment.model_dump() for a in assessments for comment in a.review_comments])
        returns = [record for a in assessments for record in a.returns]
        store.insert(orm.assessment_returns, [record.model_dump(exclude={"content_at_return"}) for record in returns])
        store.insert(orm.return_snapshots, [{"return_id": record.id, "content": record.content_at_return}
                                            for record in returns if record.content_at_return is not None])

    def _differs(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: differs from the {what} with the same id held here; GCP Desk never "
                             "overwrites a record held, so nothing was imported")


def _originals_first(assessments: list[BundleAssessment]) -> list[BundleAssessment]:
    """An amendment after the assessment it amends, so the link between them holds at every insert."""
    ordered: list[BundleAssessment] = []
    placed: set[UUID] = set()
    waiting = list(assessments)
    inside = {a.id for a in assessments}
    while waiting:
        ready = [a for a in waiting if a.amends_id is None or a.amends_id not in inside or a.amends_id in placed]
        if not ready:  # a loop of amendments: leave it to the database to refuse
            ready = waiting
        ordered.extend(ready)
        placed.update(a.id for a in ready)
        waiting = [a for a in waiting if a.id not in placed]
    return ordered


