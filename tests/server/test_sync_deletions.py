"""What is removed on one side stays removed: a link between a child and an adult taken away offline, or in the
office, and a plan action removed offline, are removed on the other side at the next sync and never come back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from laptops import both_sides_identical, laptop, new_child, server_text, sync_service
from server_support import PASSWORD, connect


def _family_with_a_plan(backend, user):
    from gcp_desk.domain.enums import Relationship
    from gcp_desk.services.plan import PlanService

    child, assessment = new_child(backend, user, "Removals")
    children = backend.children(user)
    children.add_adult(child.id, given_name="Invented", family_name="Uncle", relationship=Relationship.AUNT_OR_UNCLE)
    record = children.add_adult(child.id, given_name="Invented", family_name="Lodger",
                                relationship=Relationship.OTHER)
    plans = PlanService(backend.context(user))
    for words in ("Invented action one", "Invented action two"):
        assessment = plans.add_action(assessment.id, domain_id="educational", what_will_change=words,
                                      who="Invented worker", by_when=date(2027, 3, 1), target_grade=2)
    adults = {known.adult.family_name: known.adult.id for known in record.adults}
    return child, assessment, adults


def _server_links(url, child_id) -> set:
    with connect(url) as su:
        return set(su.execute(text("SELECT adult_id FROM child_adult_links WHERE child_id = :c"),
                              {"c": child_id}).scalars())


def _server_actions(url, assessment_id) -> list:
    with connect(url) as su:
        return list(su.execute(text("SELECT what_will_change FROM plan_actions WHERE assessment_id = :a "
                                    "ORDER BY position"), {"a": assessment_id}).scalars())


def test_a_link_and_a_plan_action_removed_offline_are_removed_on_the_server_and_stay_removed(north):
    from gcp_desk.services.plan import PlanService

    s, nia = north["server"], north["nia"]
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        child, assessment, adults = _family_with_a_plan(backend, user)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        assert _server_links(s.url, child.id) == set(adults.values())
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
        backend.children(user).unlink_adult(child.id, adults["Lodger"])  # offline
        removed = next(action for action in assessment.plan if action.what_will_change == "Invented action one")
        PlanService(backend.context(user)).remove_action(assessment.id, removed.id)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    assert _server_links(s.url, child.id) == {adults["Uncle"]}
    assert _server_actions(s.url, assessment.id) == ["Invented action two"]
    with laptop(folder, nia) as (backend, user):  # the next sync does not bring them back
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
        record = backend.children(user).record(child.id)
        assert [known.adult.family_name for known in record.adults] == ["Uncle"]
        assert [a.what_will_change for a in backend.assessments(user).get(assessment.id).plan] == [
            "Invented action two"]
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
    assert _server_links(s.url, child.id) == {adults["Uncle"]}
    both_sides_identical(folder, nia, s.url, [child.id])


def test_a_link_removed_in_the_office_is_removed_from_the_laptop_that_holds_the_child(north):
    s, nia = north["server"], north["nia"]
    folder = north["laptop_a"]
    with laptop(folder, nia) as (backend, user):
        child, _, adults = _family_with_a_plan(backend, user)
        sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia))
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(nia), child_ids=[child.id])
    with connect(s.url) as su:  # in the office, while the laptop holds the child
        su.execute(text("DELETE FROM child_adult_links WHERE child_id = :c AND adult_id = :a"),
                   {"c": child.id, "a": adults["Uncle"]})
    with laptop(folder, nia) as (backend, user):  # kept offline, so that the laptop's copy can be looked at
        outcome = sync_service(backend, user).sync_now(PASSWORD, server=server_text(nia), keep=[child.id])
        assert outcome.received >= 1
        record = backend.children(user).record(child.id)
        assert [known.adult.family_name for known in record.adults] == ["Lodger"]
    assert _server_links(s.url, child.id) == {adults["Lodger"]}
    both_sides_identical(folder, nia, s.url, [child.id])
