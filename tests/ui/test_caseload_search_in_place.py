"""Search as you type does per keystroke only what depends on the words: the rows are updated in place (a further
letter that keeps the same first rows repaints nothing), the filters' counts are not read again, how many match is
not counted when every match is on the page, and the caseload is not announced as read again."""

from __future__ import annotations

import pytest

from shell_support import demo_user, fixed_today, shown_caseload
from gcp_desk.ui.models.caseload_model import Column, ServiceSource


class CountingSource(ServiceSource):
    """The signed-in person's caseload, counting what the model asks of it."""

    def __init__(self, children):
        super().__init__(children)
        self.pages = 0
        self.counts_asked: list[bool] = []

    def page(self, request, after=None, limit=200):
        self.pages += 1
        return super().page(request, after, limit)

    def counts(self, request, filters=True):
        self.counts_asked.append(filters)
        return super().counts(request, filters)


@pytest.fixture
def session(demo_backend):
    from gcp_desk.ui.session import Session

    return Session(demo_backend, demo_user(demo_backend), fixed_today)


@pytest.fixture
def view(qtbot, runner, session):
    view = shown_caseload(qtbot, runner, session, size=(1280, 400))
    return view


def watch(model) -> list[str]:
    seen: list[str] = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.dataChanged.connect(lambda first, last, roles=(): seen.append(f"changed {first.row()}-{last.row()}"))
    model.rowsInserted.connect(lambda _parent, first, last: seen.append(f"inserted {first}-{last}"))
    model.rowsRemoved.connect(lambda _parent, first, last: seen.append(f"removed {first}-{last}"))
    return seen


def names(view) -> list[str]:
    return [view.proxy.index(r, Column.NAME).data() for r in range(view.proxy.rowCount())]


def matching(everyone, text: str) -> list:
    return [r for r in everyone if text.lower() in f"{r.given_name} {r.family_name} {r.identifiers}".lower()]


def test_a_further_letter_that_keeps_the_same_rows_changes_nothing_on_screen(view, session):
    everyone = session.children.caseload()
    family = next(name for name in sorted({row.family_name for row in everyone})
                  if matching(everyone, name[:-1]) == matching(everyone, name))  # one letter short finds the same
    view.search.setText(family[:-1])
    shown = names(view)
    assert sorted(shown) == sorted(f"{r.family_name}, {r.given_name}" for r in matching(everyone, family))
    view.table.selectRow(len(shown) - 1)
    seen = watch(view.model)
    view.search.setText(family)
    assert seen == []  # the same rows: nothing changed, nothing to repaint
    assert names(view) == shown
    assert view.table.currentIndex().row() == len(shown) - 1  # the child chosen stays chosen
    assert view.summary.text() == f"Showing {len(shown)} of {len(everyone)} children"


def test_new_rows_are_shown_in_place_of_the_old_and_the_list_starts_at_the_top(view, session, qtbot):
    everyone = session.children.caseload()
    before = names(view)
    seen = watch(view.model)
    word = everyone[-1].family_name
    view.search.setText(word)
    expected = sorted(f"{r.family_name}, {r.given_name}" for r in matching(everyone, word))
    assert sorted(names(view)) == expected
    assert "reset" not in seen
    assert seen[0] == f"removed {len(expected)}-{len(before) - 1}"  # the rows no longer needed go
    assert seen[1].startswith("changed 0-")  # and those kept show the matches
    assert view.table.currentIndex().row() == 0
    assert view.table.verticalScrollBar().value() == 0
    view.search.clear()
    assert names(view) == before
    assert "reset" not in seen


def test_typing_reads_no_filter_counts_and_counts_nothing_when_every_match_is_on_the_page(view, session):
    source = CountingSource(session.children)
    view.model.set_source(source, session.domain_titles(), load=view._runner.run, count_load=view._count_load)
    assert source.counts_asked == [True]  # the caseload read: every filter counted
    counts = view.proxy.counts()
    everyone = session.children.caseload()
    source.counts_asked.clear()
    view.model.page_size = 4
    view.search.setText("a")  # more than a page matches: counted in the database, without the filters
    assert len(matching(everyone, "a")) > 4
    assert source.counts_asked == [False]
    assert view.model.shown_total() == len(matching(everyone, "a"))
    view.model.page_size = 200
    view.search.setText(everyone[0].family_name)  # a page holds every match: nothing more to count
    assert source.counts_asked == [False]
    matches = matching(everyone, everyone[0].family_name)
    assert view.model.shown_total() == len(matches)
    assert view.summary.text() == f"Showing {len(matches)} of {len(everyone)} children"
    assert view.proxy.counts() == counts  # the filters' counts are those read with the caseload


def test_a_search_does_not_announce_the_caseload_as_read_again(view, session, qtbot):
    announced: list[int] = []
    view.rows_shown.connect(announced.append)
    view.search.setText(session.children.caseload()[0].family_name)
    view.search.clear()
    assert announced == []
    view.reload()  # the records changed: read again, and said so
    assert announced == [len(session.children.caseload())]


def test_grouped_the_headings_span_their_rows_as_a_search_narrows_and_none_once_ungrouped(view, session, screenshot):
    def spans() -> list[int]:
        return [row for row in range(view.proxy.rowCount()) if view.table.columnSpan(row, 0) > 1]

    def headings() -> list[int]:
        return [row for row in range(view.proxy.rowCount()) if view.proxy.child_id_at(row) is None]

    view.group_by_household.setChecked(True)
    assert headings() and spans() == headings()
    view.search.setText(session.children.caseload()[-1].family_name)
    assert headings() and spans() == headings()
    screenshot(view, "caseload-grouped-searched")
    view.group_by_household.setChecked(False)
    assert headings() == [] and spans() == []
