"""The caseload a page at a time, on each database: every order read in small pages is the order read whole, with
names in any case together, nulls last, the search and filters done in SQL, and the counts."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.caseload_window import CaseloadRequest, CaseloadShow, CaseloadSort
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.domain.people import LocalIdentifier

NAMES = [("Ann", "de Souza"), ("Bo", "Davies"), ("cal", "Davies"), ("Di", "Ølberg"), ("Ed", "Smith"),
         ("Flo", "Smithson"), ("Gus", "smith"), ("Hal", "Zane"), ("Ivy", "Ahmed"), ("Jo", "Ahmed"), ("Kai", "Ahmed")]


@pytest.fixture
def caseload(db, make):
    """Eleven children: some with an assessment (statuses, dates, concerns differ), some with none."""
    children = []
    with db.transaction() as uow:
        for number, (given, family) in enumerate(NAMES):
            identifiers = [LocalIdentifier(scheme="LCS", value=f"C{900 - number * 7}")] if number % 3 else []
            child = make.child(given_name=given, family_name=family, identifiers=identifiers,
                               date_of_birth=date(2015 + number % 5, 1, 1 + number))
            uow.children.add(child)
            children.append(child)
    with db.transaction() as uow:
        for number, child in enumerate(children[:8]):
            status = list(AssessmentStatus)[number % 4]
            uow.assessments.add(make.assessment(child.id, visit_dates=(date(2024, 1 + number % 3, 1),),
                                                status=status, created_at=make.at(2024, 1, 1 + number)),
                                concern_domains=["physical", "emotional"][: number % 3])
    return children


def read_all(db, request, limit):
    rows, after = [], None
    while True:
        with db.transaction() as uow:
            page = uow.caseload.page(request, after, limit)
        rows += page.rows
        if page.after is None:
            return rows
        after = page.after


@pytest.mark.parametrize("sort", list(CaseloadSort))
@pytest.mark.parametrize("descending", [False, True])
def test_small_pages_read_the_same_order_as_one_page(db, caseload, sort, descending):
    request = CaseloadRequest(sort=sort, descending=descending)
    whole = read_all(db, request, 100)
    assert len(whole) == len(NAMES)
    assert [row.child_id for row in read_all(db, request, 3)] == [row.child_id for row in whole]
    assert [row.child_id for row in read_all(db, request, 1)] == [row.child_id for row in whole]


def test_names_sort_as_people_read_them_in_any_case(db, caseload):
    names = [f"{row.family_name}, {row.given_name}" for row in read_all(db, CaseloadRequest(), 4)]
    assert names == ["Ahmed, Ivy", "Ahmed, Jo", "Ahmed, Kai", "Davies, Bo", "Davies, cal", "de Souza, Ann",
                     "Smith, Ed", "smith, Gus", "Smithson, Flo", "Zane, Hal", "Ølberg, Di"]


def test_children_with_no_assessment_come_last_either_way(db, caseload):
    for descending in (False, True):
        rows = read_all(db, CaseloadRequest(sort=CaseloadSort.LATEST, descending=descending), 2)
        dates = [row.latest_date for row in rows]
        assert dates[-3:] == [None] * 3 and None not in dates[:-3]
        assert dates[:-3] == sorted(dates[:-3], reverse=descending)


def test_search_and_filters_are_answered_by_the_database_with_their_counts(db, caseload):
    request = CaseloadRequest(words=("smith",))
    assert {row.given_name for row in read_all(db, request, 2)} == {"Ed", "Flo", "Gus"}
    assert {row.given_name for row in read_all(db, CaseloadRequest(words=("smith", "gu")), 2)} == {"Gus"}
    assert read_all(db, CaseloadRequest(words=("50%",)), 2) == []  # % taken literally
    with db.transaction() as uow:
        counts = uow.caseload.counts(CaseloadRequest(words=("smith",), show=CaseloadShow.AWAITING_REVIEW))
        shown_only = uow.caseload.counts(CaseloadRequest(words=("ahmed",)), filters=False)
    assert counts.by_show[CaseloadShow.ALL] == len(NAMES)
    submitted = [row for row in read_all(db, CaseloadRequest(show=CaseloadShow.AWAITING_REVIEW), 2)]
    assert counts.by_show[CaseloadShow.AWAITING_REVIEW] == len(submitted) == 2
    assert all(row.latest_status is AssessmentStatus.SUBMITTED for row in submitted)
    assert counts.shown == sum(1 for row in submitted if "smith" in row.family_name.lower())
    assert counts.by_show[CaseloadShow.CONCERNS] == sum(1 for n in range(8) if n % 3)
    assert (shown_only.shown, shown_only.by_show) == (3, {})


@pytest.mark.parametrize("sort", [CaseloadSort.NAME, CaseloadSort.AGE, CaseloadSort.ATTENTION, CaseloadSort.LATEST])
@pytest.mark.parametrize("descending", [False, True])
def test_grouped_by_household_families_stay_together_in_the_chosen_order_across_pages(db, caseload, sort,
                                                                                      descending):
    from gcp_desk.domain.people import Household

    homes = [Household(name="Smith household"), Household(name="Ahmed household"), Household(name="Davies home")]
    with db.transaction() as uow:
        for home in homes:
            uow.households.add(home)
        for child in caseload:
            home = next((h for h in homes if h.name.split()[0].lower() == child.family_name.lower()), None)
            if home is not None:
                uow.children.update(uow.children.get(child.id).model_copy(update={"household_id": home.id}))
    request = CaseloadRequest(sort=sort, descending=descending, by_household=True)
    whole = read_all(db, request, 100)
    ungrouped = [row.child_id for row in read_all(db, CaseloadRequest(sort=sort, descending=descending), 100)]
    # The families by name, then every child without a household; within each, the order asked for.
    names = {home.id: home.name for home in homes}
    assert [names.get(row.household_id) for row in whole] == [
        *["Ahmed household"] * 3, *["Davies home"] * 2, *["Smith household"] * 2, *[None] * 4]
    for household in (*names, None):
        members = [row.child_id for row in whole if row.household_id == household]
        assert members == [child_id for child_id in ungrouped if child_id in members]
    assert [row.child_id for row in read_all(db, request, 2)] == [row.child_id for row in whole]
    with db.transaction() as uow:
        page = uow.caseload.page(request, None, 4)
    assert page.households == {homes[1].id: "Ahmed household", homes[2].id: "Davies home"}


@pytest.mark.parametrize("sort", [CaseloadSort.AGE, CaseloadSort.LATEST])
@pytest.mark.parametrize("descending", [False, True])
def test_a_later_grouped_page_in_any_order_is_searched_for_in_the_family_index(db, caseload, sort, descending):
    """Sorted by a column within each family, a later page's start is a row value on the family terms that the
    index is searched by; the alternatives alone had SQLite test every row before the page."""
    from sqlalchemy import text

    from gcp_desk.storage.caseload_pages import page_sql

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    request = CaseloadRequest(sort=sort, descending=descending, by_household=True)
    with db.transaction() as uow:
        after = uow.caseload.page(request, None, 3).after
    values: dict = {"limit": 3}
    sql = page_sql(request, "", values, after, "", sqlite=True)
    with db.engine.connect() as connection:
        plan = " ".join(row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql), values))
    assert "SEARCH children USING INDEX ix_children_family_order ((family_rank,household_sort" in plan, plan
    assert "SCAN" not in plan, plan


def test_the_filters_counts_are_read_from_the_teams_rows_of_the_tally(db, caseload):
    """The counts sum the few rows the database keeps for the team (migration 0023), found by their key, rather
    than counting every child of the team; children shared with the team are looked up by id."""
    from uuid import uuid4

    from sqlalchemy import text

    from gcp_desk.storage.caseload_pages import counts_sql

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    values: dict = {"scope_team": uuid4().hex, "scope_shared": uuid4().hex, "user": uuid4().hex}
    shared = "id IN (:scope_shared) AND (team_id IS NULL OR team_id <> :scope_team)"
    sql = counts_sql(CaseloadRequest(user_id=uuid4()), "team_id = :scope_team", shared, values)
    values["user"] = values["user"].hex  # as the column's type binds it
    with db.engine.connect() as connection:
        plan = " ".join(row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql), values))
    assert "SEARCH caseload_tally USING PRIMARY KEY (team_id=?)" in plan, plan
    assert "SEARCH children USING INDEX sqlite_autoindex_children_1 (id=?)" in plan, plan
    assert "SCAN children" not in plan, plan



def test_a_search_is_paged_and_counted_from_the_caseload_index_alone(db, caseload):
    """A word typed in the search box may be any part of a name or identifier, which no index can look up; the
    caseload's own index holds the name order, the team and the search text, so the first page of matches is read
    in order and stops at its last row (no sort of the matches), and how many match is counted from the index
    without reading a child's row."""
    from uuid import uuid4

    from sqlalchemy import text

    from gcp_desk.storage.caseload_pages import page_sql, shown_sql

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    request = CaseloadRequest(words=("ash", "7"))
    with db.engine.connect() as connection:
        for sql_of in (lambda values: page_sql(request, "team_id = :scope_team", values, None, "", sqlite=True),
                       lambda values: shown_sql(request, "team_id = :scope_team", values, sqlite=True)):
            values: dict = {"scope_team": uuid4().hex, "limit": 200}
            sql = sql_of(values)
            plan = " ".join(row[-1] for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql), values))
            assert "children USING" in plan and "INDEX ix_children_caseload_order" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
    assert "COVERING INDEX ix_children_caseload_order" in plan, plan  # the count: the index alone
