"""The caseload summary stored on each child row stays equal to what the child's assessments say, whatever writes
them: a new assessment, a visit that moves the date, a status change, an amendment, new concerns, a bulk load."""

from __future__ import annotations

import threading

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gcp_desk.domain.assessment import Assessment, Visit
from gcp_desk.domain.enums import AssessmentStatus, Role
from gcp_desk.domain.people import User
from gcp_desk.storage import orm
from gcp_desk.storage.bulk import BulkWriter
from gcp_desk.storage.db import Database
from gcp_desk.storage.unit_of_work import UnitOfWork

_assessments = orm.assessments


def summary(uow: UnitOfWork, child_id: UUID) -> tuple:
    """What the caseload shows of the child's latest assessment, from the stored summary."""
    row = uow.caseload.row(child_id)
    return (row.latest_assessment_id, row.latest_status, row.latest_date, row.latest_owner_id,
            row.concern_domains, row.assessment_count)


def from_scratch(uow: UnitOfWork, child_id: UUID) -> tuple:
    """The same, worked out afresh from the assessments table, with the database doing the ordering."""
    a = _assessments
    rows = uow.session.execute(
        select(a.c.id, a.c.status, a.c.assessment_date, a.c.created_at, a.c.created_by, a.c.concern_domains)
        .where(a.c.child_id == child_id, a.c.status != AssessmentStatus.AMENDED)
        .order_by(a.c.assessment_date.desc().nulls_first(), a.c.created_at.desc(), a.c.id.desc())
    ).all()
    if not rows:
        return (None, None, None, None, (), 0)
    latest = rows[0]
    concerns = tuple(latest.concern_domains.split(",")) if latest.concern_domains else ()
    shown_date = latest.assessment_date or latest.created_at.astimezone(UTC).date()
    return (latest.id, latest.status, shown_date, latest.created_by, concerns, len(rows))


def light_assessment(child_id: UUID, *, visits: tuple[date, ...] = (), created: datetime,
                     status: AssessmentStatus = AssessmentStatus.DRAFT, owner: UUID | None = None) -> Assessment:
    return Assessment(child_id=child_id, instrument_id="gcp-desk-neglect", instrument_version="1.0",
                      instrument_hash="ab" * 32, status=status, visits=[Visit(date=day) for day in visits],
                      created_at=created, updated_at=created, created_by=owner)


# Each kind of write, one at a time ------------------------------------------------------------------------------


def test_a_new_visit_that_moves_an_older_assessment_past_a_newer_one_makes_it_the_latest(db, world, make):
    january = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9))
    february = light_assessment(world.child.id, visits=(date(2024, 2, 10),), created=make.at(2024, 2, 9))
    with db.transaction() as uow:
        uow.assessments.add(january)
        uow.assessments.add(february)
        assert summary(uow, world.child.id)[:3] == (february.id, AssessmentStatus.DRAFT, date(2024, 2, 10))
        uow.assessments.update_fields(january.id, visits=[Visit(date=date(2024, 1, 10)), Visit(date=date(2024, 3, 1))])
        assert summary(uow, world.child.id)[:3] == (january.id, AssessmentStatus.DRAFT, date(2024, 3, 1))
        # All its visits taken away, it is undated work again: newest of all, dated by its creation.
        uow.assessments.update_fields(january.id, visits=[])
        assert summary(uow, world.child.id)[:3] == (january.id, AssessmentStatus.DRAFT, date(2024, 1, 9))
        assert summary(uow, world.child.id) == from_scratch(uow, world.child.id)


def test_a_status_change_shows_at_once_and_an_amended_assessment_drops_out(db, world, make):
    earlier = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9),
                               status=AssessmentStatus.COUNTERSIGNED, owner=world.user.id)
    later = light_assessment(world.child.id, visits=(date(2024, 5, 10),), created=make.at(2024, 5, 9))
    with db.transaction() as uow:
        uow.assessments.add(earlier, concern_domains=["nutrition"])
        uow.assessments.add(later, concern_domains=["supervision"])
        uow.assessments.update_fields(later.id, status=AssessmentStatus.SUBMITTED)
        assert summary(uow, world.child.id) == (
            later.id, AssessmentStatus.SUBMITTED, date(2024, 5, 10), None, ("supervision",), 2
        )
        uow.assessments.update_fields(later.id, status=AssessmentStatus.AMENDED)
        assert summary(uow, world.child.id) == (
            earlier.id, AssessmentStatus.COUNTERSIGNED, date(2024, 1, 10), world.user.id, ("nutrition",), 1
        )
        uow.assessments.update_fields(earlier.id, status=AssessmentStatus.AMENDED)
        assert summary(uow, world.child.id) == (None, None, None, None, (), 0)


def test_new_concerns_show_for_the_latest_assessment_only(db, world, make):
    older = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9))
    latest = light_assessment(world.child.id, visits=(date(2024, 2, 10),), created=make.at(2024, 2, 9))
    with db.transaction() as uow:
        uow.assessments.add(older)
        uow.assessments.add(latest)
        uow.assessments.set_summary(older.id, date(2024, 1, 10), ["physical-care"])
        assert summary(uow, world.child.id)[4] == ()
        uow.assessments.set_summary(latest.id, date(2024, 2, 10), ["physical-care", "emotional-care"])
    with db.transaction() as uow:
        assert summary(uow, world.child.id)[4] == ("physical-care", "emotional-care")


def test_a_new_date_alone_or_new_concerns_alone_reach_the_caseload(db, world, make):
    assessment = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9))
    with db.transaction() as uow:
        uow.assessments.add(assessment, concern_domains=["nutrition"])
        uow.assessments.set_summary(assessment.id, date(2024, 1, 12), ["nutrition"])
        assert summary(uow, world.child.id)[2:5] == (date(2024, 1, 12), None, ("nutrition",))
        uow.assessments.set_summary(assessment.id, date(2024, 1, 12), [])
        assert summary(uow, world.child.id)[2:5] == (date(2024, 1, 12), None, ())
        uow.assessments.set_summary(assessment.id, None, [])  # no visit: shown with its creation date
        assert summary(uow, world.child.id)[2:5] == (date(2024, 1, 9), None, ())
        uow.assessments.set_summary(assessment.id, None, [])  # the same again: nothing to change
        assert summary(uow, world.child.id) == from_scratch(uow, world.child.id)


def test_edits_that_cannot_change_the_summary_leave_it_alone(db, world, make):
    assessment = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9))
    with db.transaction() as uow:
        uow.assessments.add(assessment, concern_domains=["nutrition"])
        before = summary(uow, world.child.id)
        uow.assessments.update_fields(assessment.id, child_voice="He said he was hungry.", analysis="...")
        uow.assessments.touch(assessment.id)
        assert summary(uow, world.child.id) == before


def test_a_write_that_fails_leaves_the_summary_as_it_was(db, world, make):
    kept = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9))
    with db.transaction() as uow:
        uow.assessments.add(kept)
    with pytest.raises(RuntimeError):
        with db.transaction() as uow:
            uow.assessments.add(light_assessment(world.child.id, created=make.at(2024, 6, 1)))
            raise RuntimeError("the laptop lid was closed")
    with db.transaction() as uow:
        assert summary(uow, world.child.id) == (kept.id, AssessmentStatus.DRAFT, date(2024, 1, 10), None, (), 1)


def test_a_bulk_load_leaves_every_child_summarised_even_when_a_child_spans_batches(db, make):
    children = [make.child(given_name=f"Child{i}") for i in range(5)]
    assessments = []
    for i, child in enumerate(children):
        for k in range(i):  # 0 to 4 assessments each
            status = AssessmentStatus.AMENDED if k == 1 else AssessmentStatus.COUNTERSIGNED
            visits = () if (i, k) == (4, 3) else (date(2024, 1, 1) + timedelta(days=30 * k),)
            assessments.append(light_assessment(child.id, visits=visits, created=make.at(2024, 1, 1 + k),
                                                status=status))
    concerns = {a.id: ["supervision"] for a in assessments[::2]}
    writer = BulkWriter(db, assessment_batch=3)
    writer.children(children)
    writer.assessments(assessments, concerns)
    with db.transaction() as uow:
        for child in children:
            assert summary(uow, child.id) == from_scratch(uow, child.id)
        counts = [summary(uow, child.id)[5] for child in children]
        undated = summary(uow, children[4].id)
    assert counts == [0, 1, 1, 2, 3]  # the amended one is never counted
    assert undated[2] == date(2024, 1, 4)  # no visit yet: shown with its creation date


# Two writers at once ---------------------------------------------------------------------------------------------


def test_a_second_writer_waits_for_the_first_so_neither_leaves_a_stale_summary(db, world, make):
    """A write unit holds the write lock from its start (SQLite BEGIN IMMEDIATE, PostgreSQL advisory lock): a
    second writer that starts meanwhile waits, then reads what the first wrote, and both assessments count."""
    first = light_assessment(world.child.id, visits=(date(2024, 1, 10),), created=make.at(2024, 1, 9))
    second = light_assessment(world.child.id, visits=(date(2024, 2, 10),), created=make.at(2024, 2, 9))
    started, finished = threading.Event(), threading.Event()

    def early_writer():
        started.set()
        with db.transaction() as early:
            early.assessments.add(first)
        finished.set()

    with db.transaction() as late:
        late.caseload.row(world.child.id)
        writer = threading.Thread(target=early_writer)
        writer.start()
        started.wait(5)
        assert not finished.wait(0.5), "the second writer went ahead while the first held the write lock"
        late.assessments.add(second)
    writer.join(10)
    assert finished.is_set()
    with db.transaction() as uow:
        assert summary(uow, world.child.id)[5] == 2
        assert summary(uow, world.child.id) == from_scratch(uow, world.child.id)


# Any sequence of writes -----------------------------------------------------------------------------------------

DAYS = st.sampled_from([date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)])  # few, so that dates tie
VISITS = st.lists(DAYS, max_size=2).map(tuple)
CREATED = st.sampled_from([datetime(2024, 2, 1, 9, tzinfo=UTC), datetime(2024, 2, 1, 23, 30, tzinfo=UTC),
                           datetime(2024, 3, 2, 9, tzinfo=UTC)])
STATUSES = st.sampled_from(list(AssessmentStatus))
CONCERNS = st.lists(st.sampled_from(["physical-care", "nutrition", "supervision"]), max_size=2, unique=True)
CHILD = st.integers(0, 2)
PICK = st.integers(0, 1_000)
NEW = st.tuples(CHILD, VISITS, CREATED, STATUSES, st.booleans(), CONCERNS)
WRITES = st.one_of(
    st.tuples(st.just("add"), NEW),
    st.tuples(st.just("bulk"), st.tuples(st.lists(NEW, min_size=1, max_size=4), st.integers(1, 3))),
    st.tuples(st.just("visits"), st.tuples(PICK, VISITS)),
    st.tuples(st.just("status"), st.tuples(PICK, STATUSES)),
    st.tuples(st.just("concerns"), st.tuples(PICK, st.one_of(st.none(), DAYS), CONCERNS)),
)


@dataclass
class Caseload:
    """A few children of one generated example and the assessments written for them so far."""

    db: Database
    owner: User
    children: list[UUID]
    assessments: list[UUID] = field(default_factory=list)

    def new(self, spec: tuple) -> tuple[Assessment, list[str]]:
        child, visits, created, status, owned, concerns = spec
        assessment = light_assessment(self.children[child], visits=visits, created=created, status=status,
                                      owner=self.owner.id if owned else None)
        self.assessments.append(assessment.id)
        return assessment, concerns

    def apply(self, kind: str, arguments: tuple) -> None:
        if kind == "bulk":
            specs, batch = arguments
            made = [self.new(spec) for spec in specs]
            BulkWriter(self.db, assessment_batch=batch).assessments(
                [assessment for assessment, _ in made], {assessment.id: concerns for assessment, concerns in made}
            )
            return
        with self.db.transaction() as uow:
            self._edit(uow, kind, arguments)

    def _edit(self, uow: UnitOfWork, kind: str, arguments: tuple) -> None:
        if kind == "add":
            assessment, concerns = self.new(arguments)
            uow.assessments.add(assessment, concern_domains=concerns)
            return
        if not self.assessments:
            return
        target = self.assessments[arguments[0] % len(self.assessments)]
        edits: dict[str, Callable[[], None]] = {
            "visits": lambda: uow.assessments.update_fields(target, visits=[Visit(date=d) for d in arguments[1]]),
            "status": lambda: uow.assessments.update_fields(target, status=arguments[1]),
            "concerns": lambda: uow.assessments.set_summary(target, arguments[1], arguments[2]),
        }
        edits[kind]()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITES, min_size=1, max_size=10))
def test_after_any_sequence_of_writes_the_summary_equals_one_worked_out_from_scratch(db, make, writes):
    owner = User(name="Sam Lee", role=Role.PRACTITIONER)
    children = [make.child(given_name=f"Child{i}") for i in range(3)]
    with db.transaction() as uow:
        uow.users.add(owner)
        for child in children:
            uow.children.add(child)
    caseload = Caseload(db, owner, [child.id for child in children])
    for kind, arguments in writes:
        caseload.apply(kind, arguments)
        with db.transaction() as uow:
            for child_id in caseload.children:
                assert summary(uow, child_id) == from_scratch(uow, child_id), (kind, arguments)
