"""Compare two assessments side by side: both grades in colour, number and words, the change in words, the evidence
from both, targets of the earlier plan against the grade now, and rows that cannot be compared said to be so."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.ui.theme import grade_background
from gcp_desk.ui.views.history.compare_model import Col
from gcp_desk.ui.views.history.compare_view import NEEDS_TWO, SAME_ONE, CompareView
from gcp_desk.ui.views.history.history_access import HistoryAccess
from history_support import action, assessment, child, loaded_history, store


@pytest.fixture
def compare(qtbot, runner, session):
    view = CompareView(runner)
    view.set_access(HistoryAccess(session))
    qtbot.addWidget(view)
    view.resize(1280, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def robin_history(backend, session):
    robin = child()
    march = assessment(robin.id, date(2026, 3, 10), grades={"food-and-meals": 3})
    june = assessment(robin.id, date(2026, 6, 16), grades={"food-and-meals": 2},
                      evidence={"food-and-meals": "Breakfast on the table on both visits."},
                      plan=[action("nutritional", date(2026, 9, 1), target=2),
                            action("physical", date(2026, 12, 1), target=1, what="Clean clothes for school"),
                            action("educational", date(2026, 12, 1), target=1, what="Reading every night")])
    physical_all_met = {item: 1 for item in ("clothing", "hygiene", "sleep", "home-conditions", "money-for-essentials")}
    september = assessment(robin.id, date(2026, 9, 22), grades={"food-and-meals": 4, **physical_all_met},
                           evidence={"food-and-meals": "Cupboards empty; Robin said he had not eaten since lunch."})
    store(backend, robin, march, june, september)
    return loaded_history(session, robin.id)


def cell(view: CompareView, title: str, column: Col, role=Qt.ItemDataRole.DisplayRole):
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).title == title)
    return model.index(row, column).data(role)


def test_the_latest_is_compared_with_the_one_before_and_changes_read_in_words(compare, robin_history):
    compare.show_history(robin_history)
    assert compare.first.currentText() == "22 Sep 2026 (Countersigned)"
    assert compare.second.currentText() == "16 Jun 2026 (Countersigned)"
    assert compare.model.headerData(Col.EARLIER, Qt.Orientation.Horizontal) == "Earlier: 16 Jun 2026"
    assert compare.model.headerData(Col.LATER, Qt.Orientation.Horizontal) == "Later: 22 Sep 2026"
    # An item that got worse: both grades as number and word, coloured, and the change as an arrow and a word.
    assert cell(compare, "Food and mealtimes", Col.EARLIER) == "2 · Needs met"
    assert cell(compare, "Food and mealtimes", Col.LATER) == "4 · Most needs unmet"
    later_colour = cell(compare, "Food and mealtimes", Col.LATER, Qt.ItemDataRole.BackgroundRole).color()
    assert later_colour == grade_background(4)
    assert cell(compare, "Food and mealtimes", Col.CHANGE) == "↓ 2 → 4: worse"
    assert cell(compare, "Clothing", Col.CHANGE).startswith("↑ ")
    assert cell(compare, "Clothing", Col.CHANGE).endswith(": improved")
    assert cell(compare, "Growth and weight", Col.CHANGE).endswith(": no change")
    # The domain row reads the same way, in bold, above its items.
    assert cell(compare, "Nutritional care", Col.CHANGE).endswith(": worse")
    assert cell(compare, "Nutritional care", Col.TITLE, Qt.ItemDataRole.FontRole).bold()
    # The evidence from both occasions, with its source.
    assert cell(compare, "Food and mealtimes", Col.EARLIER_EVIDENCE) == \
        "Observed: Breakfast on the table on both visits."
    assert cell(compare, "Food and mealtimes", Col.LATER_EVIDENCE).startswith("Observed: Cupboards empty")
    assert "Domains: 1 improved, 4 the same, 1 worse" in compare.summary.text()
    assert "Items: 5 improved, 19 the same, 1 worse." in compare.summary.text()
    spoken = cell(compare, "Food and mealtimes", Col.CHANGE, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Food and mealtimes: 2 → 4: worse"


def test_each_target_of_the_earlier_plan_is_read_against_the_grade_now(compare, robin_history):
    compare.show_history(robin_history)
    sentences = compare.target_sentences()
    assert sentences == [
        "Nutritional care: Meals every day. Target 2 by 1 September 2026; now 4: not met.",
        "Physical care: Clean clothes for school. Target 1 by 1 December 2026; now 1: met.",
        "Educational care and stimulation: Reading every night. Target 1 by 1 December 2026; now 2: not met yet.",
    ]


def test_picking_another_pair_by_keyboard_compares_those_two(compare, robin_history, qtbot):
    compare.show_history(robin_history)
    compare.second.setFocus()
    qtbot.keyClick(compare.second, Qt.Key.Key_Down)  # the next older: March
    assert compare.second.currentText() == "10 Mar 2026 (Countersigned)"
    assert compare.model.headerData(Col.EARLIER, Qt.Orientation.Horizontal) == "Earlier: 10 Mar 2026"
    assert cell(compare, "Food and mealtimes", Col.EARLIER) == "3 · Some needs unmet"
    assert cell(compare, "Clothing", Col.CHANGE) == "↑ 2 → 1: improved"
    assert compare.target_sentences() == [
        "The earlier assessment had no plan actions, so there are no targets to check."]
    # Picked the other way round, the older one is still read as "earlier".
    compare.first.setFocus()
    qtbot.keyClick(compare.first, Qt.Key.Key_End)  # March
    qtbot.keyClick(compare.second, Qt.Key.Key_Home)  # September
    assert compare.model.headerData(Col.EARLIER, Qt.Orientation.Horizontal) == "Earlier: 10 Mar 2026"
    assert cell(compare, "Food and mealtimes", Col.CHANGE) == "↓ 3 → 4: worse"


def test_the_same_assessment_twice_is_refused_in_words(compare, robin_history, qtbot):
    compare.show_history(robin_history)
    compare.second.setFocus()
    qtbot.keyClick(compare.second, Qt.Key.Key_Home)
    assert compare.message.text() == SAME_ONE and compare.message.isVisible()
    assert not compare.table.isVisible()


def test_items_that_cannot_be_compared_are_said_to_be_so_never_shown_as_changes(compare, backend, session):
    robin = child(born=date(2014, 9, 1))
    earlier = assessment(robin.id, date(2026, 5, 1), band="5-11",
                         not_assessed={"dental-care": "Dentist letter not yet seen"})
    later = assessment(robin.id, date(2026, 10, 1), band="12-plus", grade=4)
    store(backend, robin, earlier, later)
    compare.show_history(loaded_history(session, robin.id))
    assert cell(compare, "Dental care", Col.EARLIER) == "Not assessed: Dentist letter not yet seen"
    assert cell(compare, "Dental care", Col.LATER) == "4 · Most needs unmet"
    assert cell(compare, "Dental care", Col.CHANGE) == "Not comparable"
    spoken = cell(compare, "Dental care", Col.CHANGE, Qt.ItemDataRole.AccessibleTextRole)
    assert "not assessed at the earlier assessment" in spoken.lower()
    assert cell(compare, "Risks outside the home", Col.EARLIER) == "Does not apply at this age"
    assert cell(compare, "Risks outside the home", Col.CHANGE) == "Not comparable"
    titles = [row.title for row in compare.model.rows()]
    assert "Preparing for the baby" not in titles  # applies at neither age
    text = compare.summary.text()
    assert "2 not comparable" in text and "7 items apply at neither age" in text
    worse = [row.title for row in compare.comparison.item_rows if row.change.value == "worse"]
    assert "Dental care" not in worse and "Risks outside the home" not in worse


def test_with_one_assessment_it_says_a_comparison_needs_two(compare, backend, session):
    robin = child()
    store(backend, robin, assessment(robin.id, date(2026, 5, 1)))
    compare.show_history(loaded_history(session, robin.id))
    assert compare.message.text() == NEEDS_TWO.format(name="Robin", count="one assessment")
    assert not compare.table.isVisible()


def test_every_control_has_a_name(compare, robin_history, screenshot):
    compare.show_history(robin_history)
    assert unnamed_controls(compare) == []
    screenshot(compare, "history-compare")


def test_a_domain_kept_at_5_reads_no_improvement_for_the_weeks_not_same(compare, backend, session):
    ash = child("Ash")
    january = assessment(ash.id, date(2026, 1, 12), grades={"warmth-and-responsiveness": 5})
    october = assessment(ash.id, date(2026, 10, 12), grades={"warmth-and-responsiveness": 5})
    store(backend, ash, january, october)
    compare.show_history(loaded_history(session, ash.id))
    assert cell(compare, "Emotional care", Col.CHANGE) == "= 5 → 5: no improvement for 39 weeks"
    assert cell(compare, "Physical care", Col.CHANGE) == "= 2 → 2: no change"
    assert "No improvement over 39 weeks in Emotional care, still graded 4 or 5." in compare.summary.text()


def test_new_baseline_across_the_birth_domain_rows_are_not_comparable(compare, backend, session):
    baby = child("Wren", born=date(2026, 4, 2), expected_date_of_delivery=date(2026, 4, 1))
    before = assessment(baby.id, date(2026, 1, 12), band="unborn", grade=4)
    after = assessment(baby.id, date(2026, 10, 12), band="under-2", grade=3)
    store(backend, baby, before, after)
    compare.show_history(loaded_history(session, baby.id))
    assert cell(compare, "Medical and dental care", Col.CHANGE) == "Not comparable: new baseline"
    assert "nothing in common" in cell(compare, "Medical and dental care", Col.CHANGE,
                                       Qt.ItemDataRole.AccessibleTextRole)
    assert "New baseline on 12 October 2026" in compare.summary.text()
    compare.grab().save("/tmp/i15_compare_new_baseline.png")
