"""Household headings are worked out ahead, behind the caseload after sign-in (``prepare_household_labels``): the
first grouped or needs-attention page then compares no households itself, and shows the same headings, told apart
within what the person may see."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from gcp_desk.domain.caseload_window import CaseloadRequest
from gcp_desk.domain.enums import Role
from gcp_desk.domain.people import Team
from gcp_desk.storage import household_labels

GROUPED = CaseloadRequest(by_household=True)


@pytest.fixture
def statements(backend):
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    event.listen(backend.db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(backend.db.engine, "before_cursor_execute", note)


def compared(statements: list[str]) -> bool:
    """Whether the households were compared: the read of every household with a child in scope."""
    return any("FROM households" in statement and "EXISTS" in statement for statement in statements)


def test_headings_worked_out_ahead_are_the_ones_the_first_page_shows(backend, add_user, statements):
    with backend.db.transaction() as uow:
        north, south = Team(name="North"), Team(name="South")
        uow.users.add_team(north)
        uow.users.add_team(south)
    ben = add_user("Ben Carter", Role.SUPERVISOR, team_id=north.id)
    sal = add_user("Sal Okafor", Role.SUPERVISOR, team_id=south.id)
    for given, address in (("Ava", "2 Mill Lane, Testbury TB7 2QX"), ("Kit", "9 Quay Street, Testbury TB12 8RD")):
        ben.children.create_child(given_name=given, family_name="Tolley", date_of_birth=date(2015, 2, 1),
                                  new_household=("Tolley household", address))
    sal.children.create_child(given_name="Nia", family_name="Tolley", date_of_birth=date(2016, 4, 9),
                              new_household=("Tolley household", "1 Dock Road, Testbury TB3 1AA"))

    household_labels._kept.clear()  # as in a fresh process
    cold = ben.children.caseload_page(GROUPED).households
    assert compared(statements), "with nothing kept, the first page compares the households itself"
    assert sorted(cold.values()) == ["Tolley household, TB12", "Tolley household, TB7"]

    household_labels._kept.clear()
    ben.children.prepare_household_labels()
    sal.children.prepare_household_labels()
    statements.clear()
    assert ben.children.caseload_page(GROUPED).households == cold
    assert list(sal.children.caseload_page(GROUPED).households.values()) == ["Tolley household"]
    assert not compared(statements), "worked out ahead, the first pages only read their own rows"
