"""A grade keypress redraws what it changed and nothing else: the chosen card repaints without restyling or laying
out the item panel again, the header and the hidden pages are left alone when nothing they show moved, and every
part that shows the grade still shows it at once."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from gcp_desk.domain.instrument import GRADES
from gcp_desk.ui.views.assessment.descriptor_card import CHOSEN_MARK
from gcp_desk.ui.views.assessment.navigator import Page

from workspace_fixtures import *  # noqa: F403

RESTYLING = {QEvent.Type.StyleChange, QEvent.Type.PolishRequest, QEvent.Type.Polish, QEvent.Type.ReadOnlyChange,
             QEvent.Type.DynamicPropertyChange, QEvent.Type.PaletteChange}
"""Events that mean a widget was restyled (a style sheet set again, a read-only state set again)."""


class EventCount(QObject):
    def __init__(self):
        super().__init__()
        self.seen: Counter = Counter()

    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        self.seen[(event.type(), type(watched).__name__)] += 1
        return False

    def of(self, types) -> dict:
        return {key: n for key, n in self.seen.items() if key[0] in types}


@pytest.fixture
def events():
    counter = EventCount()
    QApplication.instance().installEventFilter(counter)
    yield counter
    QApplication.instance().removeEventFilter(counter)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def card_geometry(workspace) -> list:
    cards = workspace.items.item.grades.cards
    return [(card.geometry(), card.chip.geometry(), card.mark.geometry(), card.text.geometry()) for card in cards]


def test_a_keypress_shows_the_grade_everywhere_without_restyling_anything(qtbot, ready, events):
    press(qtbot, Qt.Key.Key_2)  # the first grade of the domain: the navigator's words change from here on
    press(qtbot, Qt.Key.Key_Down)
    settle()
    before = card_geometry(ready)
    events.seen.clear()

    press(qtbot, Qt.Key.Key_4)
    settle()

    assert events.of(RESTYLING) == {}
    assert card_geometry(ready) == before, "choosing a card moved something in the item panel"
    cards = ready.items.item.grades.cards
    assert [card.chosen for card in cards] == [grade == 4 for grade in GRADES]
    assert [card.mark.text() for card in cards] == [CHOSEN_MARK if grade == 4 else "" for grade in GRADES]
    assert "chosen" in cards[3].accessibleName() and "chosen" not in cards[1].accessibleName()
    physical = ready.navigator.item(2).text()
    assert "2 of 5 graded" in physical and "suggests 4 · Most needs unmet" in physical
    stored = ready.session.services.get(ready.session.assessment.id)
    assert stored.item_grades[ready.items.item.place.item.id].grade == 4


def test_the_chosen_card_is_drawn_with_its_grade_colour_and_the_others_plain(qtbot, ready):
    press(qtbot, Qt.Key.Key_5)
    settle()
    cards = ready.items.item.grades.cards
    chosen, plain = cards[4].grab().toImage(), cards[0].grab().toImage()
    middle = chosen.height() // 2
    # A thick border in the grade's colour on the chosen card, a thin grey one on the others.
    assert chosen.pixelColor(1, middle).name() == "#a51230" or chosen.pixelColor(1, middle).red() > 120
    assert plain.pixelColor(0, plain.height() // 2).red() == plain.pixelColor(0, plain.height() // 2).green()
    # Each chip shows its number and words whole.
    for card in cards:
        assert card.chip.width() >= card.chip.fontMetrics().horizontalAdvance(card.chip.text())
    path = save_screenshot(ready, "workspace-grade-chosen")
    assert path.exists()


def test_grading_with_the_domain_grades_page_on_screen_redraws_only_that_domain(qtbot, ready):
    """Past the last item the domain grades page shows; a grade given there again redraws its domain's row."""
    ready.show_page(Page.SUMMARY, focus=False)
    ready.items.item.focus_grades()
    rows = {row.domain.id: row for row in ready.summary.rows}
    other = rows["nutritional"]
    other_words = other.progress.text()

    press(qtbot, Qt.Key.Key_3)
    settle()

    physical = rows["physical"]
    assert physical.progress.text() == "1 of 5 items graded"
    assert physical.suggested.text() == "3 · Some needs unmet"
    assert other.progress.text() == other_words

    press(qtbot, Qt.Key.Key_5)
    settle()
    assert physical.suggested.text() == "5 · Needs not met"
    assert "graded 5" in physical.explanation.text()
    save_screenshot(ready, "workspace-summary-after-grades")


def test_the_header_is_redrawn_when_the_status_moves_and_not_on_a_grade(qtbot, ready, ws_services):
    header = ready.header
    press(qtbot, Qt.Key.Key_2)
    settle()
    words = header.details.text()
    assert "age band 5 to 11" in words and header.status.text() == "Status: Draft"
    assert not header.banner_row.isVisibleTo(header)

    # Another assessment in a read-only state: the header follows at once.
    submitted = fill_all_but(ws_services, ready.session.assessment.id)
    submitted = ws_services.submit(submitted.id, PASSWORD)
    ready.session.accept(submitted)
    settle()
    assert header.status.text().startswith("Status: Awaiting review") or "review" in header.status.text().lower()
    assert header.banner_row.isVisibleTo(header) and "read-only" in header.banner.text()


def test_the_grades_show_where_the_keys_go_with_a_ring_drawn_round_them(qtbot, ready):
    area = ready.items.item.grades
    middle = area.height() // 2
    assert area.hasFocus()
    assert area.grab().toImage().pixelColor(0, middle).name() == "#1f5fbf"  # solid blue while the keys go here

    ready.items.evidence.focus_editor()
    settle()
    ring = area.grab().toImage()
    edge = {ring.pixelColor(0, y).name() for y in range(8, area.height() - 8)}
    assert "#1f5fbf" not in edge and "#c8c8c8" in edge  # a grey dashed ring once they go elsewhere
    assert len(edge) > 1, "the grey ring should be dashed"
    save_screenshot(ready, "workspace-grades-unfocused")


def test_moving_to_the_next_item_lays_its_words_out_once(qtbot, ready, events):
    settle()
    instrument = ready.session.instrument
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Down)
        QApplication.processEvents()  # one turn of the event loop, as before a quick next keypress
        events.seen.clear()
        settle()
        moved = {key: n for key, n in events.seen.items()
                 if key[0] in (QEvent.Type.Move, QEvent.Type.Resize) and key[1] in ("DescriptorCard", "QLabel")}
        assert moved == {}, "the item panel was laid out again after it was painted"
        panel = ready.items.item
        place = panel.place
        for card in panel.grades.cards:
            assert card.text.text() == instrument.descriptor(place.item.id, "5-11", card.grade)
            text = card.text.geometry()
            assert text.height() >= card.text.heightForWidth(text.width()), "a descriptor is cut short"
        cards = [card.geometry() for card in panel.grades.cards]
        assert all(upper.bottom() < lower.top() for upper, lower in zip(cards, cards[1:])), "cards overlap"
    save_screenshot(ready, "workspace-fourth-item")
