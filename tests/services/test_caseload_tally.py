"""The caseload filters' counts are kept by the database (``caseload_tally``, migration 0023) rather than counted
from every child of the team on each read: after random edits through the services, and changes made straight to
the children's rows (as a sync or an import writes them: a child moved to another team, a status written, a child
removed), the kept counts are exactly the counts of the children's rows, and each filter's count is the number of
children the filter lists, for people of different teams and with children shared."""

from __future__ import annotations

import random
from collections import Counter
from uuid import UUID

import pytest
from sqlalchemy import delete, select, update

from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.domain.caseload_window import CaseloadRequest, CaseloadShow
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.domain.errors import GcpDeskError
from gcp_desk.services.children import ChildService
from gcp_desk.storage import orm
from gcp_desk.storage.orm_kept import NO_ONE

from conftest_services import TODAY
from test_stored_attention import as_user, random_edit

EDITS = 60


@pytest.fixture
def demo(services):
    caseload = DemoCaseload(services.backend.db, seed=23, today=TODAY)
    caseload.write(40)
    return caseload


def kept(backend) -> Counter:
    with backend.db.transaction() as uow:
        rows = uow.session.execute(select(orm.caseload_tally)).all()
    return Counter({(row.team_id, row.status, row.owner_id, bool(row.concerns), bool(row.attention)): row.n
                    for row in rows if row.n})


def counted(backend) -> Counter:
    """The tally worked out afresh from every child's row."""
    children = orm.children.c
    with backend.db.transaction() as uow:
        rows = uow.session.execute(select(children.team_id, children.latest_status, children.latest_owner_id,
                                          children.concern_domains, children.attention_rank)).all()
    draft = AssessmentStatus.DRAFT
    return Counter((team or NO_ONE, status.value if status else "", (owner or NO_ONE) if status is draft else NO_ONE,
                    concerns != "", rank is not None) for team, status, owner, concerns, rank in rows)


def assert_kept(backend, done: str = "") -> None:
    assert kept(backend) == counted(backend), done


def listed(children: ChildService, request: CaseloadRequest) -> int:
    found, after = 0, None
    while True:
        page = children.caseload_page(request, after, 500)
        found += len(page.rows)
        if page.after is None:
            return found
        after = page.after


def assert_counts_are_the_lists(backend, users) -> None:
    for user in users:
        children = ChildService(as_user(backend, user))
        for show in CaseloadShow:
            request = CaseloadRequest(show=show, user_id=user.id)
            counts = children.caseload_counts(request)
            assert counts.by_show[show] == counts.shown == listed(children, request), (user.name, show)
        searched = CaseloadRequest(words=("a",), show=CaseloadShow.CONCERNS, user_id=user.id)
        assert children.caseload_counts(searched).shown == listed(children, searched)


def test_the_kept_counts_equal_the_childrens_rows_after_random_edits(services, demo):
    backend = services.backend
    assert_kept(backend, "the demo's bulk insert keeps them")
    teams = {user.team_id for user in demo.users}
    assert len(teams - {None}) >= 2, "the demo should have teams to count apart"
    rnd = random.Random(41)
    with backend.db.transaction() as uow:  # the children of the team random_edit's first person works in
        child_ids = [row.child_id for row in uow.caseload.rows()]
    child_ids = [child_id for child_id in child_ids if _team_of(backend, child_id) == demo.users[0].team_id]
    done = []
    for _ in range(EDITS):
        try:
            done.append(random_edit(rnd, backend, demo, child_ids))
        except GcpDeskError:
            done.append("refused")
        assert_kept(backend, done[-1])
    assert {"grade", "start", "new-child"} <= set(done), done

    # Written straight to the rows, as a sync or an import does: a team changed, a status, a child removed.
    children = orm.children.c
    with backend.db.transaction() as uow:
        uow.session.execute(update(orm.children).where(children.id == child_ids[0]).values(team_id=None))
        uow.session.execute(update(orm.children).where(children.id == child_ids[1])
                            .values(team_id=rnd.choice(sorted(teams - {None}))))
        uow.session.execute(update(orm.children).where(children.id == child_ids[2])
                            .values(latest_status=AssessmentStatus.DRAFT, latest_owner_id=demo.users[1].id))
        uow.session.execute(update(orm.children).where(children.id == child_ids[3])
                            .values(concern_domains="", attention_rank=None))
    assert_kept(backend)
    leaving = ChildService(as_user(backend, demo.users[0])).create_child(
        given_name="Robin", family_name="Leaving", date_of_birth=TODAY.replace(year=TODAY.year - 3))
    assert_kept(backend)
    with backend.db.transaction() as uow:
        uow.session.execute(delete(orm.children).where(children.id == leaving.id))
    assert_kept(backend)

    # Each filter's count is what the filter lists, for people of each team and of none.
    people = [next(user for user in demo.users if user.team_id == team) for team in teams]
    assert_counts_are_the_lists(backend, people)


def test_children_shared_with_a_team_are_counted_with_its_own(services, demo):
    from gcp_desk.services.sharing import SharingService

    backend = services.backend
    supervisor = next(user for user in demo.users if user.team_id is not None and user.role.value == "supervisor")
    with backend.db.transaction() as uow:  # every child, as storage reads them
        everyone = [row.child_id for row in uow.caseload.rows()]
    other = next(child_id for child_id in everyone if _team_of(backend, child_id) not in (None, supervisor.team_id))
    owner = next(user for user in demo.users if user.role.value == "supervisor"
                 and user.team_id == _team_of(backend, other))
    SharingService(as_user(backend, owner)).share(other, supervisor.team_id, "Joint visits with the other team.")
    member = next(user for user in demo.users if user.team_id == supervisor.team_id)
    children = ChildService(as_user(backend, member))
    assert other in {row.child_id for row in children.caseload()}
    assert_counts_are_the_lists(backend, [member, supervisor])


def _team_of(backend, child_id: UUID) -> UUID | None:
    with backend.db.transaction() as uow:
        return uow.session.execute(select(orm.children.c.team_id).where(orm.children.c.id == child_id)).scalar()


def test_the_upgrade_works_out_the_counts_and_runs_of_children_already_there(services, demo):
    """A database with children (migrated back to the revision before) gets the counts filled by the upgrade."""
    from alembic import command

    from gcp_desk.storage import migrate

    backend = services.backend
    config = migrate._alembic_config()
    with backend.db.engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, "0021")
        command.upgrade(config, "0023")
    assert_kept(backend, "after the upgrade")
    assert sum(kept(backend).values()) == 40
