"""Need to know, by direct service calls: each person sees and searches only their team's children (and those
shared with their team); an administrator sees no case record; a supervisor shares one child with another team,
with a reason, audited and revocable."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.enums import Relationship, Role, Sex
from gcp_desk.domain.errors import InvalidInput, PermissionDenied
from gcp_desk.domain.people import Team
from gcp_desk.services.history import HistoryService
from gcp_desk.services.sharing import SharingService



@pytest.fixture
def teams(backend):
    north, river = Team(name="Northgate team"), Team(name="Riverside team")
    with backend.db.transaction() as uow:
        uow.users.add_team(north)
        uow.users.add_team(river)
    return north, river


@pytest.fixture
def people(add_user, teams):
    north, river = teams
    return {
        "ben": add_user("Ben Carter", Role.PRACTITIONER, north.id),
        "grace": add_user("Grace Mensah", Role.SUPERVISOR, north.id),
        "jo": add_user("Jo Macintyre", Role.PRACTITIONER, river.id),
        "chris": add_user("Chris Halloran", Role.SUPERVISOR, river.id),
        "ama": add_user("Ama Boateng", Role.ADMINISTRATOR),
    }


def child_of(services, given: str, household_id=None):
    child = services.children.create_child(given_name=given, family_name="Fenwick", date_of_birth=date(2019, 5, 3),
                                           sex=Sex.MALE, household_id=household_id)
    services.children.add_adult(child.id, given_name="Kim", family_name="Fenwick", relationship=Relationship.MOTHER,
                                sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    return services.children.get(child.id)


def history_of(services) -> HistoryService:
    return HistoryService(services.children._context)


def test_a_child_belongs_to_the_team_of_whoever_records_them(people, teams):
    north, _ = teams
    robin = child_of(people["ben"], "Robin")
    assert robin.team_id == north.id
    assert people["grace"].children.get(robin.id).full_name == "Robin Fenwick"


def test_another_team_neither_sees_nor_finds_nor_opens_the_child(people):
    ben, jo = people["ben"], people["jo"]
    robin = child_of(ben, "Robin")
    assessment = ben.assessments.start(robin.id)
    child_of(jo, "Tilly")

    assert [row.given_name for row in jo.children.caseload()] == ["Tilly"]
    assert [row.given_name for row in ben.children.caseload()] == ["Robin"]
    for attempt in (lambda: jo.children.get(robin.id), lambda: jo.children.record(robin.id),
                    lambda: jo.children.record_opening(robin.id), lambda: jo.children.prepare_record_reads(robin.id),
                    lambda: jo.assessments.get(assessment.id), lambda: jo.assessments.history(robin.id),
                    lambda: history_of(jo).chronology(robin.id), lambda: history_of(jo).attention(robin.id),
                    lambda: jo.reports.assessment_report(assessment.id),
                    lambda: jo.assessments.grade_item(assessment.id, "clothing", 2)):
        with pytest.raises(PermissionDenied, match="another team"):
            attempt()
    assert {entry.child.given_name for entry in history_of(jo).needs_attention(include_clear=True)} == {"Tilly"}


def test_households_and_siblings_follow_the_team(people):
    ben, jo = people["ben"], people["jo"]
    home = ben.children.create_household("Fenwick household", "1 Orchard Row")
    robin = child_of(ben, "Robin", home.id)
    child_of(ben, "Ada", home.id)
    assert [h.name for h in ben.children.households()] == ["Fenwick household"]
    assert [c.given_name for c in ben.children.siblings(robin.id)] == ["Ada"]
    assert jo.children.households() == []
    assert history_of(jo).household_profiles(home.id) == []
    with pytest.raises(PermissionDenied, match="another team"):
        jo.children.siblings(robin.id)


def test_search_finds_only_the_teams_children(people, backend):
    child_of(people["ben"], "Robin")
    child_of(people["jo"], "Tilly")
    with backend.db.transaction() as uow:
        uow.scope.limit_to(uow.session, team_id=people["jo"].user.team_id, works_on_cases=True)
        assert [row.given_name for row in uow.caseload.rows("fenwick")] == ["Tilly"]
        uow.scope.limit_to(uow.session, team_id=people["ben"].user.team_id, works_on_cases=True)
        assert [row.given_name for row in uow.caseload.rows("fenwick")] == ["Robin"]


def test_an_administrator_manages_accounts_but_sees_no_case_record(people):
    robin = child_of(people["ben"], "Robin")
    ama = people["ama"]
    assert ama.children.caseload() == []
    with pytest.raises(PermissionDenied, match="Administrators manage accounts"):
        ama.children.get(robin.id)
    with pytest.raises(PermissionDenied, match="Administrators manage accounts"):
        ama.children.create_child(given_name="Nia", family_name="Fenwick", date_of_birth=date(2020, 1, 1))
    assert {user.name for user in ama.users.all()} >= {"Ben Carter", "Jo Macintyre"}


def test_a_supervisor_shares_a_child_with_another_team_and_can_stop(people, teams, backend):
    _, river = teams
    ben, grace, jo = people["ben"], people["grace"], people["jo"]
    robin = child_of(ben, "Robin")
    sharing = SharingService(grace.children._context)
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        SharingService(ben.children._context).share(robin.id, river.id, "Moving area")
    with pytest.raises(InvalidInput, match="why"):
        sharing.share(robin.id, river.id, "   ")

    share = sharing.share(robin.id, river.id, "Family moved into Riverside's area; joint visits planned")
    assert jo.children.get(robin.id).full_name == "Robin Fenwick"
    assert [row.given_name for row in jo.children.caseload()] == ["Robin"]
    assert [s.team_name for s in sharing.shares(robin.id)] == ["Riverside team"]

    sharing.revoke(share.id, "Joint work finished")
    with pytest.raises(PermissionDenied, match="another team"):
        jo.children.get(robin.id)
    with backend.db.transaction() as uow:
        actions = [event.action for event in uow.audit.for_entity(robin.id)]
    assert "child.share" in actions and "child.share-revoke" in actions


def test_the_supervisors_queue_holds_only_their_teams_children(people):
    ben, chris = people["ben"], people["chris"]
    robin = child_of(ben, "Robin")
    ben.assessments.start(robin.id)
    assert chris.review.queue() == []


def test_roles_and_team_are_read_as_stored_at_each_call(people, teams, backend):
    _, river = teams
    ben, jo = people["ben"], people["jo"]
    robin = child_of(ben, "Robin")
    with backend.db.transaction() as uow:  # moved to Riverside by an administrator, while signed in
        uow.users.set_team(ben.user.id, river.id)
    with pytest.raises(PermissionDenied, match="another team"):
        ben.children.get(robin.id)
    assert jo.children.caseload() == []


def test_shares_are_read_only_when_a_question_needs_them_and_a_shared_child_still_opens(people, teams, backend):
    from sqlalchemy import event

    _, river = teams
    ben, grace, jo = people["ben"], people["grace"], people["jo"]
    robin, tilly = child_of(ben, "Robin"), child_of(jo, "Tilly")
    SharingService(grace.children._context).share(robin.id, river.id, "Joint visits planned")
    seen: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement.lower())

    event.listen(backend.db.engine, "before_cursor_execute", note)
    try:
        jo.assessments.history(tilly.id)  # her own team's child: what is shared is not needed
        own = [s for s in seen if "child_shares" in s]
        seen.clear()
        assert jo.children.get(robin.id).full_name == "Robin Fenwick"  # another team's, shared with hers
        shared = [s for s in seen if "child_shares" in s]
        seen.clear()
        assert [row.given_name for row in jo.children.caseload()] == ["Robin", "Tilly"]
    finally:
        event.remove(backend.db.engine, "before_cursor_execute", note)
    assert own == [] and len(shared) == 1
