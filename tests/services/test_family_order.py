"""The caseload grouped by household orders families as the needs-attention list does (``scoring.family_order``):
by the worst flag, then how many children are flagged, and within a family the child with the most and worst flags
first. The database keeps that order itself (migration 0019), so it must agree with the list worked out in Python
after every write: children moved into shared households, grades, plans and visits through the services, a child
added, a household deleted."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import delete

from gcp_desk.domain.caseload_window import CaseloadRequest, CaseloadShow, CaseloadSort
from gcp_desk.domain.errors import GcpDeskError
from gcp_desk.services.children import ChildService
from gcp_desk.services.households import HouseholdService
from gcp_desk.services.stored_attention import decode
from gcp_desk.storage import orm
from gcp_desk.ui.views.history.attention_families import group_by_family

from conftest_services import TODAY
from attention_edits import as_user, random_edit, teamless_demo

NEEDS_ATTENTION = CaseloadRequest(sort=CaseloadSort.ATTENTION, show=CaseloadShow.NEEDS_ATTENTION)


@pytest.fixture
def demo(services):
    return teamless_demo(services, seed=7, children=40)


def read_all(children: ChildService, request: CaseloadRequest, limit: int = 7):
    rows, attention, after = [], {}, None
    while True:
        page = children.caseload_page(request, after, limit)
        rows += page.rows
        attention |= {child_id: stored for child_id, stored, _rank in page.attention}
        if page.after is None:
            return rows, attention
        after = page.after


def expected_order(children: ChildService) -> list:
    """The needs-attention list's families (``group_by_family``), from the list in the caseload's order."""
    rows, attention = read_all(children, NEEDS_ATTENTION, limit=500)
    flagged = [(row, list(decode(attention[row.child_id]).reasons)) for row in rows]
    return [child.row.child_id for family in group_by_family(flagged) for child in family.children]


def assert_orders_agree(children: ChildService) -> list:
    expected = expected_order(children)
    grouped, _ = read_all(children, CaseloadRequest(sort=CaseloadSort.ATTENTION, show=CaseloadShow.NEEDS_ATTENTION,
                                                    by_household=True))
    assert [row.child_id for row in grouped] == expected
    # The whole caseload grouped: the flagged in the same order, each family's unflagged children after its
    # flagged ones, and families with nobody flagged after every family with someone flagged.
    everyone, attention = read_all(children, CaseloadRequest(by_household=True), limit=9)
    assert [row.child_id for row in everyone if row.child_id in attention] == expected
    last_flagged = max(i for i, row in enumerate(everyone) if row.child_id in attention)
    flagged_homes = {row.household_id for row in everyone if row.child_id in attention}
    assert all(row.household_id in flagged_homes for row in everyone[:last_flagged] if row.household_id)
    return expected


def test_the_grouped_caseload_orders_families_as_needs_attention_does_after_every_write(services, demo):
    backend, admin = services.backend, demo.users[0]
    children = ChildService(as_user(backend, admin))
    households = HouseholdService(as_user(backend, admin))
    rnd = random.Random(19)
    everyone = [row.child_id for row in children.caseload_page(CaseloadRequest(), None, 500).rows]
    flagged = [row.child_id for row in read_all(children, NEEDS_ATTENTION)[0]]
    assert len(flagged) > 8
    # Brothers and sisters: flagged children moved into three shared households, with some unflagged ones.
    homes = [children.create_household(name, "") for name in ("Ashdown household", "Ashdown household",
                                                                 "Brook household")]
    for number, child_id in enumerate(flagged[:8] + [c for c in everyone if c not in flagged][:3]):
        households.move_child(child_id, homes[number % 3].id, TODAY)
    before = assert_orders_agree(children)
    rows, attention = read_all(children, NEEDS_ATTENTION)
    families = group_by_family([(row, list(decode(attention[row.child_id]).reasons)) for row in rows])
    assert sum(1 for family in families if family.is_family) >= 3

    changed, done = 0, []
    for _ in range(60):
        try:
            done.append(random_edit(rnd, backend, demo, everyone))
        except GcpDeskError:
            done.append("refused")
        now = assert_orders_agree(children)
        changed += now != before
        before = now
    assert {"grade", "domain", "visit", "plan"} <= set(done), done
    assert changed >= 3, "the edits should have moved children and families in the order"

    # A household deleted leaves its children families of one, still in the same order as the list.
    with backend.db.transaction() as uow:
        uow.session.execute(delete(orm.households).where(orm.households.c.id == homes[2].id))
    assert_orders_agree(children)


def test_headings_are_worked_out_again_when_a_household_of_the_same_name_comes_or_goes(backend, add_user):
    from datetime import date

    from gcp_desk.domain.enums import Role

    ben = add_user("Ben Carter", Role.SUPERVISOR)
    grouped = CaseloadRequest(by_household=True)
    ava = ben.children.create_child(given_name="Ava", family_name="Tolley", date_of_birth=date(2015, 2, 1),
                                    new_household=("Tolley household", "2 Mill Lane, Testbury TB7 2QX"))
    assert set(ben.children.caseload_page(grouped).households.values()) == {"Tolley household"}
    kit = ben.children.create_child(given_name="Kit", family_name="Tolley", date_of_birth=date(2018, 3, 3),
                                    new_household=("Tolley household", "9 Quay Street, Testbury TB12 8RD"))
    page = ben.children.caseload_page(grouped)
    assert {page.households[ava.household_id], page.households[kit.household_id]} == {
        "Tolley household, TB7", "Tolley household, TB12"}
    home = ben.households.members(kit.household_id)[0]
    ben.children.update_household(home.model_copy(update={"name": "Quay household"}))
    page = ben.children.caseload_page(grouped)
    assert (page.households[ava.household_id], page.households[kit.household_id]) == ("Tolley household",
                                                                                     "Quay household")


def test_weeks_later_the_reasons_worked_out_again_keep_the_grouped_order(services, demo):
    """A date passing works children out again with only their days written where their reasons hold: the
    families' order, kept by the database from the reasons, still agrees with the list."""
    from datetime import timedelta

    from gcp_desk.services.history import HistoryService

    backend, admin = services.backend, demo.users[0]
    children = ChildService(as_user(backend, admin))
    everyone = [row.child_id for row in children.caseload_page(CaseloadRequest(), None, 500).rows]
    homes = [children.create_household(name, "") for name in ("Ashdown household", "Brook household")]
    households = HouseholdService(as_user(backend, admin))
    for number, child_id in enumerate(everyone[:12]):
        households.move_child(child_id, homes[number % 2].id, TODAY)
    before = assert_orders_agree(children)

    later = TODAY + timedelta(weeks=30)  # reassessments and targets fall due meanwhile
    assert HistoryService(as_user(backend, admin, later)).refresh_stale() > 0
    after = assert_orders_agree(ChildService(as_user(backend, admin, later)))
    assert after != before, "weeks later, some children should be flagged who were not"
