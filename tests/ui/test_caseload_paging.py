"""The caseload read a page at a time from the database: scrolling fetches the next page, every order holds across
pages, search and filters are done by the database, a new child appears, and only the team's children are read."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from shell_support import demo_user, fixed_today, shown_caseload
from gcp_desk.domain.caseload_window import CaseloadRequest, CaseloadShow, CaseloadSort
from gcp_desk.domain.enums import PlanType, Sex
from gcp_desk.services.children import ChildService
from gcp_desk.ui.models.caseload_memory import RowsInHand
from gcp_desk.ui.models.caseload_model import Column, ServiceSource
from gcp_desk.ui.views.history.history_access import HistoryAccess

PAGE = 4
"""Small pages, so the demo's caseload (12 children in this person's team) takes several."""


@pytest.fixture
def session(demo_backend):
    from gcp_desk.ui.session import Session

    return Session(demo_backend, demo_user(demo_backend), fixed_today)


@pytest.fixture
def view(qtbot, runner, session):
    view = shown_caseload(qtbot, runner, session, size=(1280, 320), page_size=PAGE)
    return view


def names(view) -> list[str]:
    return [view.proxy.index(r, Column.NAME).data() for r in range(view.proxy.rowCount())]


def scroll_to_the_end(view, qtbot) -> int:
    """Scroll the table down as a person would until every row is read; returns how many pages that fetched."""
    before = view.proxy.rowCount()
    for _ in range(50):
        if view.model.complete:
            break
        bar = view.table.verticalScrollBar()
        bar.setValue(bar.maximum() - 1)
        bar.setValue(bar.maximum())
        qtbot.wait(20)
    assert view.model.complete, "scrolling to the end did not read every page"
    return -(-(view.proxy.rowCount() - before) // PAGE)


def test_the_first_page_shows_at_once_and_scrolling_fetches_the_rest(view, qtbot, session):
    everyone = session.children.caseload()
    assert len(everyone) > 2 * PAGE
    assert PAGE <= view.proxy.rowCount() < len(everyone)  # what fills the table, no more
    assert view.summary.text() == f"{len(everyone)} children"  # counted by the database, not the rows read
    assert view.filter_buttons[view.proxy.current_filter].text().endswith(f"({len(everyone)})")
    fetched = scroll_to_the_end(view, qtbot)
    assert fetched >= 1
    assert view.proxy.rowCount() == len(everyone)
    assert len({row.child_id for row in view.model.rows()}) == len(everyone)  # no child twice, none left out


def test_the_keyboard_walks_past_the_first_page(view, qtbot):
    view.table.setFocus()
    view.table.selectRow(0)
    for _ in range(PAGE * 2):  # down past the rows read so far
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == PAGE * 2
    assert view.proxy.rowCount() > PAGE * 2


@pytest.mark.parametrize("sort", list(CaseloadSort))
@pytest.mark.parametrize("descending", [False, True])
def test_every_order_is_the_same_read_in_pages_and_as_the_caseload_sorts_it(session, sort, descending):
    """Read in pages of 4, the order is the one the caseload has always had (ties by name, the undated last),
    with no child missed or repeated where pages join."""
    children = session.children
    index = HistoryAccess(session).attention_index()
    request = CaseloadRequest(sort=sort, descending=descending, user_id=session.user.id)
    in_hand = RowsInHand(children.caseload(), index, index.rank, fixed_today)
    paged, after = [], None
    while True:
        page = children.caseload_page(request, after, PAGE)
        paged += page.rows
        if page.after is None:
            break
        after = page.after
    expected = in_hand.page(request, None, 10_000).rows
    assert [row.child_id for row in paged] == [row.child_id for row in expected]


def test_a_search_narrows_in_the_database_and_counts_what_it_finds(view, qtbot, session, monkeypatch):
    everyone = session.children.caseload()
    family = everyone[len(everyone) // 2].family_name
    expected = [row for row in everyone if family.lower() in f"{row.given_name} {row.family_name}".lower()]

    def refused(*_args):
        raise AssertionError("the whole caseload was read to search it")

    monkeypatch.setattr(ChildService, "caseload", refused)
    qtbot.keyClicks(view.search, family[:4].upper() + family[4:])
    scroll_to_the_end(view, qtbot)
    assert sorted(names(view)) == sorted(f"{row.family_name}, {row.given_name}" for row in expected)
    assert view.summary.text() == f"Showing {len(expected)} of {len(everyone)} children"
    view.search.setText(f"{family}, {expected[0].given_name}")  # as the list writes names
    assert names(view) == [f"{row.family_name}, {row.given_name}" for row in expected
                           if row.given_name == expected[0].given_name]


def test_filters_are_done_by_the_database(session):
    everyone = session.children.caseload()
    returned = session.children.caseload_page(CaseloadRequest(show=CaseloadShow.RETURNED), limit=1000).rows
    assert [row.child_id for row in returned] == [row.child_id for row in everyone
                                                   if row.latest_status and row.latest_status.value == "returned"]
    counts = session.children.caseload_counts(CaseloadRequest(show=CaseloadShow.RETURNED))
    assert counts.shown == counts.by_show[CaseloadShow.RETURNED] == len(returned)


def test_a_new_child_appears_in_its_place(view, qtbot, session):
    total = view.model.total()
    first = session.children.create_child(given_name="Ada", family_name="Aardvark", date_of_birth=date(2020, 1, 2),
                                          sex=Sex.FEMALE, plan_type=PlanType.CHILD_IN_NEED)
    last = session.children.create_child(given_name="Zed", family_name="Zzyzx", date_of_birth=date(2020, 1, 2),
                                         sex=Sex.MALE, plan_type=PlanType.CHILD_IN_NEED)
    view.reload()
    assert view.model.total() == total + 2
    assert names(view)[0] == "Aardvark, Ada"
    assert view.model.position_of(last.id) is None  # not read yet: further down
    scroll_to_the_end(view, qtbot)
    assert names(view)[-1] == "Zzyzx, Zed"
    assert view.proxy.child_id_at(0) == first.id


def test_sorting_by_a_header_reads_again_from_the_top_in_that_order(view, qtbot, session):
    scroll_to_the_end(view, qtbot)
    view.table.sortByColumn(Column.LATEST, Qt.SortOrder.DescendingOrder)
    assert view.proxy.rowCount() < view.model.total()
    scroll_to_the_end(view, qtbot)
    dates = [row.latest_date for row in view.model.rows()]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert all(d is None for d in dates[len(dated):])  # no assessment yet: last


def test_only_the_teams_children_are_read(demo_backend):
    """Need to know: a page keeps to the reader's team and shares, as the whole caseload does."""
    for user in demo_backend.users(demo_user(demo_backend)).all():
        children = demo_backend.children(user)
        try:
            expected = [row.child_id for row in children.caseload()]
        except Exception:  # noqa: BLE001 - an account that reads no caseload (an administrator, say)
            continue
        source = ServiceSource(children)
        paged, after = [], None
        while True:
            page = source.page(CaseloadRequest(), after, PAGE)
            paged += [row.child_id for row in page.rows]
            if page.after is None:
                break
            after = page.after
        assert sorted(paged, key=str) == sorted(expected, key=str)
        assert source.counts(CaseloadRequest()).by_show[CaseloadShow.ALL] == len(expected)


def test_scrolled_down_the_rows_read_later_read_like_the_first(view, qtbot, screenshot):
    scroll_to_the_end(view, qtbot)
    view.table.scrollToBottom()
    last = view.proxy.rowCount() - 1
    view.table.selectRow(last)
    screenshot(view, "caseload-scrolled-to-the-end")
    cells = [view.proxy.index(last, column).data() for column in Column]
    assert cells[Column.NAME] and cells[Column.AGE] and cells[Column.STATUS]  # every column filled in words
    assert view.table.viewport().rect().intersects(view.table.visualRect(view.proxy.index(last, 0)))


@pytest.mark.parametrize("descending", [False, True])
def test_the_needs_attention_list_in_pages_is_most_pressing_first(session, descending):
    children = session.children
    index = HistoryAccess(session).attention_index()
    request = CaseloadRequest(sort=CaseloadSort.ATTENTION, descending=descending, show=CaseloadShow.NEEDS_ATTENTION)
    paged, after = [], None
    while True:
        page = children.caseload_page(request, after, PAGE)
        paged += page.rows
        if page.after is None:
            break
        after = page.after
    expected = RowsInHand(children.caseload(), index, index.rank, fixed_today).page(request, None, 10_000).rows
    assert [row.child_id for row in paged] == [row.child_id for row in expected]
    assert len(paged) == len(index) > PAGE
