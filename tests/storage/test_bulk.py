"""Bulk writes for the demo and the benchmark store exactly what the repositories would."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import event

from gcp_desk.domain.enums import Relationship, Role
from gcp_desk.domain.assessment import Assessment
from gcp_desk.domain.people import Adult, Child, ChildAdultLink, Household, User
from gcp_desk.storage.bulk import BulkWriter


def test_bulk_written_records_read_back_whole_across_many_batches(db, make):
    users = [User(name=f"Worker {i}", role=Role.PRACTITIONER) for i in range(3)]
    households = [Household(name=f"Household {i}") for i in range(5)]
    children = [make.child(given_name=f"Child{i:02d}", household_id=households[i % 5].id) for i in range(12)]
    adults = [Adult(household_id=h.id, given_name="Parent", family_name=h.name) for h in households]
    links = [
        ChildAdultLink(child_id=c.id, adult_id=adults[i % 5].id, relationship=Relationship.MOTHER)
        for i, c in enumerate(children)
    ]
    assessments = [
        make.assessment(child.id, author_id=users[0].id, visit_dates=(date(2024, 1, 1 + k), date(2024, 2, 1 + k)))
        for child in children
        for k in range(3)
    ]
    # Concerns on the latest assessment of every other child.
    concerns = {a.id: ["physical-care", "supervision"] for i, a in enumerate(assessments) if i % 6 == 2}
    writer = BulkWriter(db, assessment_batch=4, people_batch=5)

    # Generators, as the demo generator passes them: nothing needs to be held in a list.
    assert writer.users(iter(users)) == 3
    assert writer.households(h for h in households) == 5
    assert writer.children(c for c in children) == 12
    assert writer.adults(a for a in adults) == 5
    assert writer.links(link for link in links) == 12
    assert writer.assessments((a for a in assessments), concerns) == 36

    with db.transaction() as uow:
        assert uow.users.all() == sorted(users, key=lambda u: u.name)
        assert uow.children.get(children[7].id) == children[7]
        assert [a.link for a in uow.adults.for_child(children[3].id)] == [links[3]]
        assert uow.assessments.history(children[4].id) == assessments[12:15]
        rows = {row.child_id: row for row in uow.caseload.rows()}
    assert len(rows) == 12
    row = rows[children[0].id]
    assert row.latest_assessment_id == assessments[2].id  # the last visit of the third is the latest
    assert row.latest_date == date(2024, 2, 3)  # the assessment date is the last visit's date
    assert row.assessment_count == 3
    assert row.concern_domains == ("physical-care", "supervision")
    assert rows[children[1].id].concern_domains == ()


def test_concern_domains_given_for_an_assessment_show_in_the_caseload(db, make):
    child = make.child()
    assessment = make.assessment(child.id, visit_dates=(date(2024, 4, 1),))
    writer = BulkWriter(db)
    writer.children([child])
    writer.assessments([assessment], {assessment.id: ["nutrition", "emotional-care"]})
    with db.transaction() as uow:
        assert uow.caseload.row(child.id).concern_domains == ("nutrition", "emotional-care")


@dataclass
class Bundle:
    household: Household
    adults: list[Adult]
    children: list[Child]
    links: list[ChildAdultLink]
    assessments: list[tuple[Assessment, list[str]]]


def test_households_are_written_whole_from_a_stream_of_bundles(db, make):
    def bundles():
        for number in range(7):
            household = Household(name=f"Household {number}")
            carer = Adult(household_id=household.id, given_name="Carer", family_name=str(number))
            children = [make.child(given_name=f"C{number}-{i}", household_id=household.id) for i in range(2)]
            links = [ChildAdultLink(child_id=c.id, adult_id=carer.id, relationship=Relationship.GRANDPARENT)
                     for c in children]
            assessments = [(make.assessment(c.id, visit_dates=(date(2024, 1, 1 + number),)), ["nutrition"])
                           for c in children]
            yield Bundle(household, [carer], children, links, assessments)

    written = BulkWriter(db, assessment_batch=3).write_bundles(bundles())

    assert written == 7
    with db.transaction() as uow:
        rows = uow.caseload.rows()
        households = uow.households.all()
        record = uow.children.record(rows[0].child_id)
    assert len(households) == 7 and len(rows) == 14
    assert all(row.assessment_count == 1 and row.concern_domains == ("nutrition",) for row in rows)
    assert record.household is not None and [a.link.relationship for a in record.adults] == [Relationship.GRANDPARENT]


@pytest.mark.sqlite_only
def test_a_load_keeps_one_connection_and_copies_the_log_back_after_each_batch(db, make):
    """The page cache of the load's connection stays warm from batch to batch (a connection taken from the pool for
    each batch found its cache stale whenever the previous batch had gone through another), and the write-ahead log
    starts again after each batch rather than growing with the whole load."""
    def bundles():
        for number in range(12):
            household = Household(name=f"Household {number}")
            carer = Adult(household_id=household.id, given_name="Carer", family_name=str(number))
            child = make.child(given_name=f"C{number}", household_id=household.id)
            link = ChildAdultLink(child_id=child.id, adult_id=carer.id, relationship=Relationship.MOTHER)
            assessments = [(make.assessment(child.id, visit_dates=(date(2024, 1, 1 + k),)), []) for k in range(4)]
            yield Bundle(household, [carer], [child], [link], assessments)

    checked_out: list[int] = []
    loader = threading.get_ident()

    def taken(dbapi_connection, _record, _proxy) -> None:
        if threading.get_ident() == loader:  # not the background checkpoints' thread
            checked_out.append(id(dbapi_connection))

    event.listen(db.engine, "checkout", taken)
    assert BulkWriter(db, assessment_batch=4).write_bundles(bundles()) == 12

    assert len(checked_out) == 1
    with db.engine.connect() as connection:
        driver = connection.connection.driver_connection
        pages = driver.execute("PRAGMA page_count").fetchone()[0]
        _busy, in_log, _copied = driver.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert in_log < pages / 2  # the last of twelve batches (about 40 pages), not all of them (some 500)
