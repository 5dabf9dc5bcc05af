"""A sync reads only the children whose file changed since it last ran: each child's print moves with every change
a person makes to a record that travels, and stays put for a child nobody touched."""

from __future__ import annotations

from datetime import date

from gcp_desk.domain.enums import EventKind, EvidenceSource, Relationship
from gcp_desk.services.history import HistoryService
from gcp_desk.services.plan import PlanService
from gcp_desk.sync.changes import prints


def _prints(services) -> dict:
    with services.backend.db.read() as uow:
        from sqlalchemy import select

        from gcp_desk.storage import orm

        connection = uow.session.connection()
        return prints(connection, list(connection.execute(select(orm.children.c.id)).scalars()))


def test_each_kind_of_change_moves_the_childs_print_and_only_that_childs(services):
    made = []
    for family in ("Printone", "Printtwo"):
        child = services.children.create_child(given_name="Invented", family_name=family,
                                               date_of_birth=date(2019, 3, 1),
                                               new_household=(f"{family} home", "1 Made-up Road"))
        assessment = services.assessments.start(child.id)
        assessment = services.assessments.add_visit(assessment.id, on=date(2026, 11, 2))
        made.append((child, assessment))
    (child, assessment), (other, _) = made
    instrument = services.assessments.instrument_for(assessment)
    item = instrument.applicable_item_ids(assessment.age_band)[0]
    domain = instrument.domains[0].id
    context = services.backend.context(services.user)
    record = services.children.add_adult(child.id, given_name="Invented", family_name="Aunt",
                                         relationship=Relationship.AUNT_OR_UNCLE)
    adult = record.adults[0].adult
    choose = services.assessments.choose_domain_grade
    changes = [
        ("a grade", lambda: services.assessments.grade_item(assessment.id, item, 2)),
        ("the same grade changed", lambda: services.assessments.grade_item(assessment.id, item, 4)),
        ("evidence", lambda: services.assessments.add_evidence(assessment.id, item_id=item,
                                                                source=EvidenceSource.OBSERVED, text="Seen.")),
        ("a domain grade", lambda: choose(assessment.id, domain, 3, "Invented reason.")),
        ("the domain grade changed", lambda: choose(assessment.id, domain, 5, "Invented reason.")),
        ("a plan action", lambda: PlanService(context).add_action(
            assessment.id, domain_id=domain, what_will_change="Invented change", who="Invented worker",
            by_when=date(2027, 3, 1), target_grade=2)),
        ("the child's details", lambda: services.children.update_child(
            services.children.get(child.id).model_copy(update={"ethnicity": "Not stated"}))),
        ("an event", lambda: HistoryService(context).add_event(child.id, on=date(2026, 11, 1),
                                                               kind=EventKind.INCIDENT, what_happened="Invented.",
                                                               source_agency="School")),
        ("an adult's details", lambda: services.children.update_adult(adult.model_copy(
            update={"relevant_history": "Invented history."}))),
        ("a link removed", lambda: services.children.unlink_adult(child.id, adult.id)),
    ]
    before = _prints(services)
    for what, change in changes:
        change()
        now = _prints(services)
        assert now[child.id] != before[child.id], f"{what} did not move the print"
        assert now[other.id] == before[other.id], f"{what} moved another child's print"
        before = now
    assert _prints(services) == before  # reading changes nothing
