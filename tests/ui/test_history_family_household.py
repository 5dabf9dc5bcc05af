"""The family view (plain words in colour, from the latest assessment and plan) and the household view (each
sibling's latest profile side by side, each child keeping their own assessment)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.ui.theme import grade_background
from gcp_desk.ui.views.history.family_view import NOTHING_YET, FamilyView
from gcp_desk.ui.views.history.household_view import NO_SIBLINGS, HouseholdMember, HouseholdView
from history_support import INSTRUMENT, TODAY, action, assessment, child, history_of
from shell_support import demo_user, fixed_today


@pytest.fixture
def family(qtbot):
    view = FamilyView()
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_family_view_says_what_goes_well_what_worries_us_and_what_must_change(family, screenshot):
    ava = child("Ava")
    earlier = assessment(ava.id, date(2026, 3, 3), grade=4)
    latest = assessment(ava.id, date(2026, 9, 15), grade=1, grades={"food-and-meals": 5, "safety-at-home": 3},
                        plan=[action("nutritional", date(2026, 12, 1), what="Ava has breakfast every school day")],
                        status=AssessmentStatus.SUBMITTED)
    family.show_history(history_of(ava, earlier, latest))
    assert family.section_titles == ["What is going well", "What could be better", "What we are worried about",
                                     "What needs to change"]
    text = family.text()
    assert "How things are for Ava" in text
    assert "From the assessment of 15 Sep 2026 (Awaiting review)" in text
    assert "still in progress" in text  # not yet countersigned: the family is told it may change
    assert "Food and drink Most of Ava's needs are not being met." not in text  # 5, not 4
    assert ("Food and drink Ava's needs are not being met. Not got better for 28 weeks. "
            "Worse than when we first assessed on 3 March 2026. "
            "We are most worried about: Food and mealtimes.") in text
    assert "Keeping safe Some of Ava's needs are not always met. This is about: Safety in the home." in text
    assert "Warmth, love and attention Ava's needs are fully met." in text
    assert "Ava has breakfast every school day Who: Sam Whitfield, Social care. By 1 December 2026." in text
    assert "5 · Needs not met" in text and "1 · All needs met" in text  # colour always with number and words
    assert "GCP2" not in text
    assert unnamed_controls(family) == []
    screenshot(family, "history-family-view")


def test_the_family_view_with_no_visit_yet_says_there_is_nothing_to_talk_through(family):
    ava = child("Ava")
    family.show_history(history_of(ava))
    assert family.text() == NOTHING_YET.format(name="Ava")
    assert family.section_titles == []


@pytest.fixture
def household(qtbot):
    view = HouseholdView()
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_siblings_are_shown_side_by_side_and_each_opens_their_own_record(household, qtbot):
    ava, ben, cal = child("Ava"), child("Ben", date(2020, 1, 9)), child("Cal", date(2025, 12, 1))
    ava_latest = assessment(ava.id, date(2026, 9, 1), grade=2, grades={"food-and-meals": 4})
    ben_latest = assessment(ben.id, date(2026, 8, 20), grade=3, band="2-4")
    household.show_members([HouseholdMember(ava, (ava_latest, INSTRUMENT)),
                            HouseholdMember(ben, (ben_latest, INSTRUMENT)),
                            HouseholdMember(cal, None)], TODAY)
    assert "Ava and 2 siblings" in household.intro.text()
    headers = [household.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Ava Testcase\n10 years", "Ben Testcase\n6 years", "Cal Testcase\n11 months"]
    assert household.grade_shown(ava.id, "Nutritional care") == "4 · Most needs unmet"
    assert household.grade_shown(ben.id, "Nutritional care") == "3 · Some needs unmet"
    assert household.grade_shown(cal.id, "Nutritional care") == "–"
    assert household.table.item(0, 1).text() == "20 Aug 2026 (Countersigned)"
    assert household.table.item(0, 2).text() == "No assessment yet"
    ava_cell = household.table.item(2, 0)
    assert ava_cell.background().color() == grade_background(4)
    assert ava_cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Ava, Nutritional care: 4 · Most needs unmet"
    household.table.setFocus()
    household.table.setCurrentCell(3, 1)
    with qtbot.waitSignal(household.child_requested) as opened:
        qtbot.keyClick(household.table, Qt.Key.Key_Return)
    assert opened.args == [ben.id]
    household.table.setCurrentCell(3, 2)
    with qtbot.waitSignal(household.child_requested) as opened:
        qtbot.mouseClick(household.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [cal.id]
    assert unnamed_controls(household) == []


def test_an_only_child_is_told_so(household):
    ava = child("Ava")
    household.show_members([HouseholdMember(ava, None)], TODAY)
    assert household.intro.text() == NO_SIBLINGS.format(name="Ava")
    assert not household.open_button.isEnabled()


def test_the_household_tab_of_a_demo_child_lists_their_siblings(qtbot, runner, demo_backend, screenshot):
    from gcp_desk.ui.session import Session
    from gcp_desk.ui.views.child_record_view import ChildRecordView

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    rows = session.children.caseload()
    row = max(rows, key=lambda r: (len(session.children.siblings(r.child_id)), r.assessment_count))
    siblings = session.children.siblings(row.child_id)
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(row.child_id)
    bar = view.tabs.tabBar()
    index = view.tabs.indexOf(view.tabs.household)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    table = view.tabs.household.table
    assert table.columnCount() == len(siblings) + 1
    names = [table.horizontalHeaderItem(c).text().split("\n")[0] for c in range(table.columnCount())]
    assert names[0] == row.full_name
    assert sorted(names[1:]) == sorted(s.full_name for s in siblings)
    screenshot(view, "history-household")
    # Opening a sibling's column opens that child's own record.
    table.setFocus()
    table.setCurrentCell(1, 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert view.heading.text() == names[1]
    assert view.tabs.currentWidget() is view.tabs.overview
