"""An adult who leaves a laptop's files because a link went away is not deleted: a father living elsewhere, linked
to two children in different files (another team's child, or a child of the same team not taken offline), and
unlinked from one of them offline or in the office, stays on the server with his household and his other link; only
the link goes; so does a household a child moved out of offline, with its people. An adult the app really removes
(merged into another record of the same person) is still removed on the server, his other links moved to the record
kept."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from laptops import both_sides_identical, laptop, server_text, sync_service
from server_support import PASSWORD, connect, insert_adult, insert_link
from test_sync_merges import as_supervisor_here

EDITED = "Invented history, updated offline."
LAPTOP_OF = {"nia": "laptop_a", "sol": "laptop_b"}


def _nias_child_and_another(north, request, household=None) -> tuple:
    """Nia's child (North), with an assessment of hers, and another child, of team South or of North but not taken
    offline (``request.param``), both in ``household`` or each in a household of their own."""
    s = north["server"]
    other_team = s.add_team("South") if request.param == "other team" else north["team"]
    ninas = s.add_child(north["team"], household_id=household or s.add_household())
    other = s.add_child(other_team, household_id=household or s.add_household())
    s.add_assessment(ninas, author=north["nia"])
    return ninas, other


@pytest.fixture(params=["other team", "same team"])
def father_elsewhere(north, request):
    """Nia's child (North) and another child, of team South or of North but not taken offline, each in a household
    of their own; their father lives in a third household and is linked to both."""
    ninas, other = _nias_child_and_another(north, request)
    dads_home = north["server"].add_household()
    with connect(north["server"].url) as su:
        father = insert_adult(su, dads_home, "Father")
        for child in (ninas, other):
            insert_link(su, child, father)
    return dict(north, ninas=ninas, other=other, father=father, dads_home=dads_home)


def _on_server(family: dict) -> dict:
    with connect(family["server"].url) as su:
        links = set(su.execute(text("SELECT child_id, adult_id FROM child_adult_links WHERE child_id = ANY(:c)"),
                               {"c": [family["ninas"], family["other"]]}).all())
        adults = set(su.execute(text("SELECT id FROM adults WHERE household_id = :h"),
                                {"h": family["dads_home"]}).scalars())
        home = su.execute(text("SELECT count(*) FROM households WHERE id = :h"), {"h": family["dads_home"]}).scalar()
    return dict(links=links, adults=adults, home=home)


def _only_the_link_to_nias_child_went(family: dict) -> None:
    """On the server the father, his household and his link to the other child are as they were."""
    other, father = family["other"], family["father"]
    assert _on_server(family) == dict(links={(other, father)}, adults={father}, home=1)


def _history_on_server(family: dict) -> str:
    with connect(family["server"].url) as su:
        return su.execute(text("SELECT relevant_history FROM adults WHERE id = :a"), {"a": family["father"]}).scalar()


def _unlink(su, child, adult) -> None:
    su.execute(text("DELETE FROM child_adult_links WHERE child_id = :c AND adult_id = :a"), {"c": child, "a": adult})


def _on_laptop(family: dict, who: str = "nia"):
    """``who``'s laptop, signed in: Nia works on hers; Sol, who merges, on his."""
    return laptop(family[LAPTOP_OF[who]], family[who])


@contextmanager
def _taken_offline(family: dict, who: str = "nia") -> Iterator:
    """On ``who``'s laptop (Sol's account there given his supervisor role), Nia's child taken offline."""
    with _on_laptop(family, who) as (backend, user):
        if who == "sol":
            as_supervisor_here(backend, user)
        sync_service(backend, user).take_offline(PASSWORD, server=server_text(family[who]), child_ids=[family["ninas"]])
        yield backend, user


def _sync(backend, user, family: dict, who: str = "nia"):
    return sync_service(backend, user).sync_now(PASSWORD, server=server_text(family[who]), keep=[family["ninas"]])


def _nothing_more_to_do(backend, user, family: dict) -> None:
    again = _sync(backend, user, family)
    assert (again.sent, again.received, again.conflicts) == (0, 0, 0)


def _same_on_both_sides(family: dict, who: str = "nia") -> None:
    both_sides_identical(family[LAPTOP_OF[who]], family[who], family["server"].url, [family["ninas"]])


def _edited_offline(children, family: dict) -> None:
    known = next(known.adult for known in children.record(family["ninas"]).adults if known.adult.id == family["father"])
    children.update_adult(known.model_copy(update={"relevant_history": EDITED}))


def _merged_offline(family: dict, duplicate) -> None:
    """On Sol's laptop, the duplicate merged into the father's record kept, and synced."""
    from gcp_desk.services.households import HouseholdService

    with _taken_offline(family, "sol") as (backend, user):
        HouseholdService(backend.context(user)).merge_adults(family["father"], duplicate)  # offline
        assert _sync(backend, user, family, "sol").conflicts == 0


def _adults_of_nias_child(backend, user, family: dict) -> list:
    return [known.adult.id for known in backend.children(user).record(family["ninas"]).adults]


def test_a_father_unlinked_offline_stays_on_the_server_linked_to_his_other_child(father_elsewhere):
    family = father_elsewhere
    with _taken_offline(family) as (backend, user):
        backend.children(user).unlink_adult(family["ninas"], family["father"])  # offline
        outcome = _sync(backend, user, family)
        assert outcome.conflicts == 0
    _only_the_link_to_nias_child_went(family)
    _same_on_both_sides(family)
    with _on_laptop(family) as (backend, user):  # nothing more to do, and the link does not come back
        _nothing_more_to_do(backend, user, family)
        assert _adults_of_nias_child(backend, user, family) == []
    _only_the_link_to_nias_child_went(family)


def test_a_father_edited_then_unlinked_offline_keeps_the_edit_on_the_server(father_elsewhere):
    family = father_elsewhere
    with _taken_offline(family) as (backend, user):
        children = backend.children(user)
        _edited_offline(children, family)
        children.unlink_adult(family["ninas"], family["father"])
        assert _sync(backend, user, family).conflicts == 0
    _only_the_link_to_nias_child_went(family)
    assert _history_on_server(family) == EDITED
    _same_on_both_sides(family)


def test_a_father_unlinked_in_the_office_stays_on_the_server_and_the_link_goes_from_the_laptop(father_elsewhere):
    family = father_elsewhere
    with _taken_offline(family) as (backend, user):
        with connect(family["server"].url) as su:  # unlinked in the office meanwhile
            _unlink(su, family["ninas"], family["father"])
        assert _sync(backend, user, family).conflicts == 0
        assert _adults_of_nias_child(backend, user, family) == []
    _only_the_link_to_nias_child_went(family)
    _same_on_both_sides(family)
    with _on_laptop(family) as (backend, user):
        _nothing_more_to_do(backend, user, family)
    _only_the_link_to_nias_child_went(family)


def test_a_father_edited_offline_and_unlinked_in_the_office_keeps_the_edit_on_the_server(father_elsewhere):
    family = father_elsewhere
    with _taken_offline(family) as (backend, user):
        _edited_offline(backend.children(user), family)
        with connect(family["server"].url) as su:  # unlinked in the office meanwhile
            _unlink(su, family["ninas"], family["father"])
        assert _sync(backend, user, family).conflicts == 0
        assert _adults_of_nias_child(backend, user, family) == []
    _only_the_link_to_nias_child_went(family)
    assert _history_on_server(family) == EDITED
    _same_on_both_sides(family)


def test_a_father_recorded_twice_and_merged_offline_is_removed_on_the_server_his_other_link_kept(father_elsewhere):
    """The one way the app removes an adult besides deleting a child: a merge. The duplicate (linked to Nia's
    child) goes on the server too; the record kept keeps his link to the other child."""
    family = father_elsewhere
    ninas, other, father = family["ninas"], family["other"], family["father"]
    with connect(family["server"].url) as su:
        duplicate = insert_adult(su, family["dads_home"], "Fathr")
        insert_link(su, ninas, duplicate)
    _merged_offline(family, duplicate)
    assert _on_server(family) == dict(links={(ninas, father), (other, father)}, adults={father}, home=1)
    with connect(family["server"].url) as su:
        assert su.execute(text("SELECT adult_id FROM adult_aliases WHERE alias_id = :d"),
                          {"d": duplicate}).scalar() == father
    _same_on_both_sides(family, "sol")


@pytest.fixture(params=["other team", "same team"])
def shared_home(north, request):
    """Nia's child and another child (of team South, or of North but not taken offline) in one household, with the
    other child's mother, linked to that child only."""
    home = north["server"].add_household()
    ninas, other = _nias_child_and_another(north, request, home)
    with connect(north["server"].url) as su:
        mother = insert_adult(su, home, "Mother")
        insert_link(su, other, mother, "mother")
    return dict(north, ninas=ninas, other=other, mother=mother, home=home)


def test_a_child_moved_offline_leaves_the_old_household_and_its_people_on_the_server(shared_home):
    from datetime import date

    from gcp_desk.services.households import HouseholdService

    family = shared_home
    ninas, other, mother, home = (family[k] for k in ("ninas", "other", "mother", "home"))
    with _taken_offline(family) as (backend, user):
        new_home = backend.children(user).create_household("Invented new home", "9 Made-up Road")
        HouseholdService(backend.context(user)).move_child(ninas, new_home.id, date(2026, 11, 30))  # offline
        assert _sync(backend, user, family).conflicts == 0
    with connect(family["server"].url) as su:
        placed = dict(su.execute(text("SELECT id, household_id FROM children WHERE id = ANY(:c)"),
                                 {"c": [ninas, other]}).all())
        people = set(su.execute(text("SELECT id FROM adults WHERE household_id = :h"), {"h": home}).scalars())
        links = set(su.execute(text("SELECT child_id, adult_id FROM child_adult_links WHERE adult_id = :a"),
                               {"a": mother}).all())
    assert placed == {ninas: new_home.id, other: home}
    assert (people, links) == ({mother}, {(other, mother)})
    _same_on_both_sides(family)
    with _on_laptop(family) as (backend, user):
        _nothing_more_to_do(backend, user, family)


def test_a_duplicate_merged_offline_takes_none_of_the_other_childs_links_with_him(father_elsewhere):
    """The duplicate is also linked to the other child, whom the laptop does not hold: on the server that link moves
    to the record kept, as the merge moved the links the laptop held, rather than going with the duplicate; for
    another team's child, whose link the supervisor may not see, by the server's own rule (``merge_rules``)."""
    family = father_elsewhere
    ninas, other, father = family["ninas"], family["other"], family["father"]
    with connect(family["server"].url) as su:
        duplicate = insert_adult(su, family["dads_home"], "Fathr")
        insert_link(su, other, duplicate)
        _unlink(su, other, father)
        insert_link(su, ninas, duplicate)
    _merged_offline(family, duplicate)
    assert _on_server(family) == dict(links={(ninas, father), (other, father)}, adults={father}, home=1)
    _same_on_both_sides(family, "sol")
