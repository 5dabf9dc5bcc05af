"""Two records of one adult merged on the server lose nothing another team holds: the duplicate's link to a child of
another team, hidden from the supervisor by row-level security, moves to the adult kept with the links they see
(``server/merge_rules``); the merge function re-points only what its caller may merge; and removing an adult who is
still linked to a child the person may not see is refused in words, both records left whole."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from server_support import connect, insert_adult, insert_link



@pytest.fixture
def father_twice(two_teams):
    """North's child linked to two records of one father (kept, and a duplicate), South's child linked to the
    duplicate as its stepfather (a link North cannot see), and an adult of South's alone."""
    s = two_teams["server"]
    north_child, south_child = two_teams["north_child"], two_teams["south_child"]
    dads_home = s.add_household()
    with connect(s.url) as su:
        kept, duplicate = insert_adult(su, dads_home, "Father"), insert_adult(su, dads_home, "Fathr")
        southern = insert_adult(su, two_teams["home"], "Southern")
        insert_link(su, north_child, kept)
        insert_link(su, north_child, duplicate)
        insert_link(su, south_child, duplicate, "step-father")
        insert_link(su, south_child, southern)
    return dict(two_teams, kept=kept, duplicate=duplicate, southern=southern)


def _links(url, *adults) -> set:
    with connect(url) as su:
        return set(su.execute(text("SELECT child_id, adult_id, relationship FROM child_adult_links "
                                   "WHERE adult_id = ANY(:a)"), {"a": list(adults)}).all())


def _adults_left(url, *adults) -> set:
    with connect(url) as su:
        return set(su.execute(text("SELECT id FROM adults WHERE id = ANY(:a)"), {"a": list(adults)}).scalars())


def test_an_online_merge_by_a_supervisor_keeps_another_teams_link_they_cannot_see(father_twice):
    from sqlalchemy.orm import Session

    from gcp_desk.storage.repositories.adults import AdultRepository

    f = father_twice
    s, sol, kept, duplicate = f["server"], f["sol"], f["kept"], f["duplicate"]
    with sol.connection() as connection:  # the supervisor does not see South's child's link
        assert connection.execute(text("SELECT count(*) FROM child_adult_links WHERE adult_id = :a"),
                                  {"a": duplicate}).scalar() == 1
    with sol.connection(autocommit=False) as connection:
        with Session(bind=connection) as session, session.begin():
            moved = AdultRepository(session).merge(kept, duplicate, sol.id, datetime.now(UTC))
    assert moved == []  # North's child was linked to the record kept already; South's child is not named
    assert _links(s.url, kept, duplicate) == {(f["north_child"], kept, "father"),
                                              (f["south_child"], kept, "step-father")}
    assert _adults_left(s.url, kept, duplicate) == {kept}
    with connect(s.url) as su:
        assert su.execute(text("SELECT adult_id FROM adult_aliases WHERE alias_id = :d"),
                          {"d": duplicate}).scalar() == kept


def test_rls_a_person_cannot_re_point_adults_they_may_not_merge(father_twice):
    f = father_twice
    s, kept, duplicate, southern = f["server"], f["kept"], f["duplicate"], f["southern"]
    before = _links(s.url, kept, duplicate, southern)
    refusals = [
        (f["nia"], duplicate, kept),  # North's practitioner: merging is a supervisor's
        (f["pip"], duplicate, southern),  # South's practitioner likewise
        (f["sue"], kept, southern),  # South's supervisor: North's adult, linked to North's child only
        (f["sol"], southern, kept),  # North's supervisor: South's adult, linked to South's child only
    ]
    for person, moving, into in refusals:
        with person.connection() as connection, pytest.raises(DBAPIError, match="only a supervisor of the team"):
            connection.execute(text("SELECT gcp_desk_move_adult_links(:d, :k)"), {"d": moving, "k": into})
    with f["sol"].connection() as connection, pytest.raises(DBAPIError, match="cannot be merged with themselves"):
        connection.execute(text("SELECT gcp_desk_move_adult_links(:d, :d)"), {"d": duplicate})
    assert _links(s.url, kept, duplicate, southern) == before
    with f["sol"].connection() as connection:  # the team's own supervisor may, and every link moves
        assert connection.execute(text("SELECT gcp_desk_move_adult_links(:d, :k)"),
                                  {"d": duplicate, "k": kept}).scalar() == 1
    assert _links(s.url, kept, duplicate, southern) == {
        (f["north_child"], kept, "father"), (f["south_child"], kept, "step-father"),
        (f["south_child"], southern, "father")}


def test_rls_removing_an_adult_linked_to_a_child_one_may_not_see_is_refused(father_twice):
    f = father_twice
    s, sol, kept, duplicate = f["server"], f["sol"], f["kept"], f["duplicate"]
    before = _links(s.url, kept, duplicate)
    with sol.connection() as connection, pytest.raises(DBAPIError, match="linked to a child you may not see"):
        connection.execute(text("DELETE FROM adults WHERE id = :a"), {"a": duplicate})
    assert _links(s.url, kept, duplicate) == before
    assert _adults_left(s.url, kept, duplicate) == {kept, duplicate}
    with sol.connection() as connection:  # one linked only to children in sight goes as before
        connection.execute(text("DELETE FROM child_adult_links WHERE adult_id = :a"), {"a": kept})
        assert connection.execute(text("DELETE FROM adults WHERE id = :a"), {"a": kept}).rowcount == 1
