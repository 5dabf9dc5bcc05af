"""The caseload: columns in words, search as you type, filters with counts, sorting, opening and adding a child."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from accessibility import unnamed_controls
from shell_support import TODAY, demo_user, fixed_today, shown_caseload, type_into, wait_for_focus
from gcp_desk.domain.caseload import CaseloadRow
from gcp_desk.domain.enums import AssessmentStatus, PlanType
from gcp_desk.ui.models.age_text import age_in_words
from gcp_desk.ui.models.caseload_model import CaseloadFilter, CaseloadModel, Column
from gcp_desk.ui.models.caseload_proxy import CaseloadProxy

ME, SOMEONE_ELSE = uuid4(), uuid4()


def row(given="Amara", family="Begum", *, born=date(2019, 5, 3), due=None, status=None, owner=None,
        concerns=(), identifiers="123456", latest=None) -> CaseloadRow:
    return CaseloadRow(uuid4(), given, family, born, due, identifiers, None, PlanType.CHILD_IN_NEED,
                       uuid4() if status else None, status, latest or (TODAY if status else None), owner,
                       tuple(concerns), 1 if status else 0)


@pytest.mark.parametrize(("born", "due", "words"), [
    (date(2019, 5, 3), None, "7 years"),
    (date(2025, 9, 2), None, "14 months"),
    (date(2026, 10, 20), None, "13 days"),
    (date(2026, 10, 5), None, "4 weeks"),
    (None, date(2027, 2, 3), "Unborn (due 3 Feb 2027)"),
    (None, date(2026, 10, 1), "Was due 1 Oct 2026: birth not recorded"),
])
def test_age_reads_as_a_practitioner_would_say_it(born, due, words):
    assert age_in_words(born, due, TODAY) == words


def proxy_over(rows) -> CaseloadProxy:
    model = CaseloadModel(today=lambda: TODAY)
    model.set_rows(rows, {"supervision": "Supervision and guidance", "physical": "Physical care"})
    proxy = CaseloadProxy()
    proxy.setSourceModel(model)
    proxy.set_user(ME)
    return proxy


def shown_names(proxy: CaseloadProxy) -> list[str]:
    return [proxy.index(r, Column.NAME).data() for r in range(proxy.rowCount())]


def test_columns_say_name_age_date_status_and_concerns_in_words(qapp):
    proxy = proxy_over([row(status=AssessmentStatus.SUBMITTED, concerns=("supervision", "physical"),
                            latest=date(2026, 10, 12)), row("Kofi", "Adeyemi")])
    cells = {Column(c): proxy.index(1, c).data() for c in Column}
    assert cells[Column.NAME] == "Begum, Amara"
    assert cells[Column.AGE] == "7 years"
    assert cells[Column.LATEST] == "12 Oct 2026"
    assert cells[Column.STATUS] == "Awaiting review"
    assert cells[Column.CONCERNS] == "Supervision and guidance graded 4 or 5; Physical care graded 4 or 5"
    chips = proxy.index(1, Column.CONCERNS).data(Qt.ItemDataRole.UserRole + 20)
    assert [chip.label for chip in chips] == ["Supervision", "Physical"]
    assert proxy.index(0, Column.STATUS).data() == "No assessment yet"


def test_search_matches_any_case_any_order_names_and_identifiers(qapp):
    proxy = proxy_over([row("Amara", "Begum", identifiers="LCS1 700222"), row("Kofi", "Okonkwo", identifiers="55"),
                        row("Amaya", "Bright", identifiers="900")])
    proxy.set_search("AMA")
    assert shown_names(proxy) == ["Begum, Amara", "Bright, Amaya"]
    proxy.set_search("begum amara")
    assert shown_names(proxy) == ["Begum, Amara"]
    proxy.set_search("7002")
    assert shown_names(proxy) == ["Begum, Amara"]
    proxy.set_search("nobody")
    assert shown_names(proxy) == []
    proxy.set_search("")
    assert proxy.rowCount() == 3


def test_filters_pick_my_drafts_review_returned_and_concerns(qapp):
    rows = [
        row("Mine", "Draft", status=AssessmentStatus.DRAFT, owner=ME),
        row("Theirs", "Draft", status=AssessmentStatus.DRAFT, owner=SOMEONE_ELSE),
        row("Sent", "Off", status=AssessmentStatus.SUBMITTED, owner=ME),
        row("Came", "Back", status=AssessmentStatus.RETURNED, owner=ME, concerns=("physical",)),
        row("No", "Assessment"),
    ]
    proxy = proxy_over(rows)
    expected = {
        CaseloadFilter.ALL: 5,
        CaseloadFilter.MY_DRAFTS: 1,
        CaseloadFilter.AWAITING_REVIEW: 1,
        CaseloadFilter.RETURNED: 1,
        CaseloadFilter.CONCERNS: 1,
        CaseloadFilter.NEEDS_ATTENTION: 0,  # nothing read yet: see test_history_attention.py
    }
    assert proxy.counts() == expected
    proxy.set_filter(CaseloadFilter.MY_DRAFTS)
    assert shown_names(proxy) == ["Draft, Mine"]
    proxy.set_filter(CaseloadFilter.RETURNED)
    assert shown_names(proxy) == ["Back, Came"]
    proxy.set_filter(CaseloadFilter.CONCERNS)
    assert shown_names(proxy) == ["Back, Came"]


def test_sorting_by_age_and_date_keeps_unborn_and_undated_sensible(qapp):
    proxy = proxy_over([
        row("Old", "A", born=date(2012, 1, 1), status=AssessmentStatus.DRAFT, latest=date(2026, 1, 1)),
        row("Baby", "B", born=None, due=date(2027, 1, 1)),
        row("Young", "C", born=date(2025, 1, 1), status=AssessmentStatus.DRAFT, latest=date(2026, 9, 1)),
    ])
    proxy.sort(Column.AGE, Qt.SortOrder.AscendingOrder)
    assert shown_names(proxy) == ["B, Baby", "C, Young", "A, Old"]
    proxy.sort(Column.LATEST, Qt.SortOrder.DescendingOrder)
    assert shown_names(proxy) == ["C, Young", "A, Old", "B, Baby"]  # no assessment yet: last either way
    proxy.sort(Column.LATEST, Qt.SortOrder.AscendingOrder)
    assert shown_names(proxy) == ["A, Old", "C, Young", "B, Baby"]


@pytest.fixture
def caseload(qtbot, runner, demo_backend):
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    view = shown_caseload(qtbot, runner, session, size=(1280, 760))
    return view


def test_typing_in_search_narrows_the_list_and_enter_opens_the_child(caseload, qtbot):
    everyone = caseload.proxy.rowCount()
    target = caseload.model.row_at(5)
    qtbot.keyClicks(caseload.search, target.given_name.lower())
    assert 0 < caseload.proxy.rowCount() < everyone
    assert "Showing" in caseload.summary.text()
    qtbot.keyClicks(caseload.search, " " + target.family_name.upper())
    assert target.child_id in [caseload.proxy.child_id_at(r) for r in range(caseload.proxy.rowCount())]
    caseload.search.clear()
    qtbot.keyClicks(caseload.search, target.identifiers)
    assert caseload.proxy.rowCount() == 1
    with qtbot.waitSignal(caseload.child_opened) as opened:
        qtbot.keyClick(caseload.search, Qt.Key.Key_Return)  # to the results
        qtbot.keyClick(caseload.table, Qt.Key.Key_Return)  # open
    assert opened.args == [target.child_id]


def test_a_search_that_finds_nobody_says_so(caseload, qtbot):
    qtbot.keyClicks(caseload.search, "zzzz-nobody")
    assert caseload.proxy.rowCount() == 0
    assert "No child matches" in caseload.summary.text()


def test_filter_buttons_show_counts_and_filter(caseload, qtbot):
    rows = caseload.model.rows()
    returned = sum(1 for r in rows if r.latest_status is AssessmentStatus.RETURNED)
    assert caseload.filter_buttons[CaseloadFilter.RETURNED].text() == f"Returned ({returned})"
    qtbot.mouseClick(caseload.filter_buttons[CaseloadFilter.RETURNED], Qt.MouseButton.LeftButton)
    assert caseload.proxy.rowCount() == returned
    statuses = {caseload.proxy.index(r, Column.STATUS).data() for r in range(caseload.proxy.rowCount())}
    assert statuses == {"Returned"}
    qtbot.mouseClick(caseload.filter_buttons[CaseloadFilter.ALL], Qt.MouseButton.LeftButton)
    assert caseload.proxy.rowCount() == len(rows)


def test_clicking_a_header_sorts_and_double_click_opens(caseload, qtbot):
    header = caseload.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(Column.AGE) + 5, header.height() // 2))
    ages = [caseload.model.row_at(r) for r in range(caseload.model.rowCount())]
    keys = [(TODAY - (r.date_of_birth or TODAY)).days for r in ages if r.date_of_birth]
    assert keys == sorted(keys)
    rect = caseload.table.visualRect(caseload.proxy.index(2, Column.NAME))
    expected = caseload.proxy.child_id_at(2)
    with qtbot.waitSignal(caseload.child_opened) as opened:
        # As a mouse does it: a click, then the second press arrives as a double-click.
        qtbot.mouseClick(caseload.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(caseload.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [expected]


def test_caseload_has_names_for_every_control_and_tab_follows_the_screen(caseload, reading_order, screenshot):
    assert unnamed_controls(caseload) == []
    buttons = list(caseload.filter_buttons.values())
    assert reading_order(caseload, [caseload.search, caseload.new_child_button, *buttons, caseload.table]) == []
    screenshot(caseload, "caseload")


@pytest.fixture
def empty_caseload(qtbot, runner, session):
    view = shown_caseload(qtbot, runner, session)
    return view


def test_an_empty_caseload_says_how_to_begin(empty_caseload):
    assert empty_caseload._message.text().startswith("No children on the caseload yet")


def test_a_new_child_is_added_by_keyboard_and_opened(empty_caseload, qtbot, session):
    qtbot.keyClick(empty_caseload.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = empty_caseload.dialog
    assert dialog is not None and dialog.isVisible()
    wait_for_focus(qtbot, dialog.given_name)
    type_into(qtbot, dialog.given_name, "Robin")
    type_into(qtbot, dialog.family_name, "Testcase")
    type_into(qtbot, dialog.date_of_birth, "3/5/2019")
    type_into(qtbot, dialog.expected, "")
    type_into(qtbot, dialog.sex, "M")
    type_into(qtbot, dialog.ethnicity, "White British")
    assert QApplication.focusWidget() is dialog.identifiers
    qtbot.keyClicks(dialog.identifiers, "LCS: 700222, NHS: 943 476 5919")
    with qtbot.waitSignal(empty_caseload.child_opened) as opened:
        qtbot.keyClick(dialog.identifiers, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    child = session.children.get(opened.args[0])
    assert (child.full_name, child.date_of_birth, child.sex.value) == ("Robin Testcase", date(2019, 5, 3), "male")
    assert [(i.scheme, i.value) for i in child.identifiers] == [("LCS", "700222"), ("NHS", "943 476 5919")]
    assert shown_names(empty_caseload.proxy) == ["Testcase, Robin"]


@pytest.mark.parametrize(("given", "born", "field", "words"), [
    ("Robin", "31/02/2019", "date_of_birth", "February 2019 has 28 days"),
    ("Robin", "3/13/2019", "date_of_birth", "there is no month 13"),
    ("Robin", "3/5/19", "date_of_birth", "write the year in full"),
    ("Robin", "3/5/2027", "date_of_birth", "is in the future"),
    ("Robin", "", "date_of_birth", "enter the date of birth or, before birth, the expected date"),
    ("", "3/5/2019", "given_name", "enter the child's first name"),
])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(empty_caseload, qtbot, session, given, born,
                                                                   field, words):
    empty_caseload.new_child()
    dialog = empty_caseload.dialog
    qtbot.keyClicks(dialog.given_name, given)
    qtbot.keyClicks(dialog.family_name, "Testcase")
    qtbot.keyClicks(dialog.date_of_birth, born)
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Return)
    assert dialog.isVisible(), "the dialog stays open"
    assert words.lower() in dialog.form.problem_text(field).lower()
    assert dialog.focusWidget() is dialog.form.field(field)
    assert dialog.form.field(field).accessibleDescription() == dialog.form.problem_text(field)
    assert session.children.caseload() == []
    # Put it right and save: exactly one child is stored.
    dialog.given_name.setText("Robin")
    dialog.date_of_birth.setText("3 May 2019")
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert [r.full_name for r in session.children.caseload()] == ["Robin Testcase"]


def test_an_unborn_child_needs_a_due_date_that_has_not_passed(empty_caseload, qtbot, session):
    empty_caseload.new_child()
    dialog = empty_caseload.dialog
    dialog.given_name.setText("Baby")
    dialog.family_name.setText("Testcase")
    dialog.expected.setText("1/10/2026")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert "has passed" in dialog.form.problem_text("expected_date_of_delivery")
    dialog.expected.setText("3 Feb 2027")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert empty_caseload.proxy.index(0, Column.AGE).data() == "Unborn (due 3 Feb 2027)"


def test_the_new_child_dialog_names_every_control(empty_caseload, qtbot, reading_order):
    empty_caseload.new_child()
    dialog = empty_caseload.dialog
    qtbot.waitExposed(dialog)
    assert unnamed_controls(dialog) == []
    order = [dialog.given_name, dialog.family_name, dialog.date_of_birth, dialog.expected, dialog.sex,
             dialog.ethnicity, dialog.identifiers, dialog.plan_type]
    assert reading_order(dialog, order) == []


def test_grouped_by_household_a_heading_per_family_then_its_children_by_keyboard(caseload, qtbot, screenshot):
    qtbot.mouseClick(caseload.group_by_household, Qt.MouseButton.LeftButton)
    assert caseload.model.request.by_household
    model = caseload.model
    model.fetch_all()
    names = [model.index(r, Column.NAME).data() for r in range(model.rowCount())]
    # The family with the worst flags and the most children flagged first, its heading saying so in short words;
    # within it the child with the most and worst flags first.
    assert names[0] == ("Prydell household  ·  3 of 3 children need attention: High – No improvement, Worse than "
                        "baseline; also Father or partner not seen")
    start = 0
    assert names[start + 1:start + 4] == ["Prydell, Taylene", "Prydell, Rubi", "Prydell, Alfi"]
    assert model.index(start, Column.NAME).data(Qt.ItemDataRole.AccessibleTextRole).startswith(
        "Household: Prydell household. 3 of 3 children need attention: High")
    assert caseload.proxy.child_id_at(start) is None  # a heading opens nobody
    # Families by their worst flag, then by how many of their children are flagged; the unflagged after them.
    headings = [name for r, name in enumerate(names) if caseload.proxy.child_id_at(r) is None]
    standing = [(0 if "High –" in h else 1 if "Medium –" in h else 2,
                 -int(h.split("  ·  ")[1].split()[0]) if "  ·  " in h else 0) for h in headings]
    assert standing == sorted(standing) and standing[-1][0] == 2 and len(set(standing)) > 3
    # Every child is under one heading, each family's children together.
    children = model.rows()
    assert len(children) == model.shown_total()
    households = [row.household_id for row in children]
    assert all(households.index(h) == first for first, h in enumerate(households)
               if h is not None and (first == 0 or households[first - 1] != h))
    # Down the table by keyboard: from the heading to its first child, which Enter opens.
    caseload.table.setFocus()
    caseload.table.selectRow(start)
    qtbot.keyClick(caseload.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(caseload.child_opened) as opened:
        qtbot.keyClick(caseload.table, Qt.Key.Key_Return)
    assert opened.args == [children[[r.given_name for r in children].index("Taylene")].child_id]
    caseload.table.scrollTo(caseload.proxy.index(start, 0), caseload.table.ScrollHint.PositionAtTop)
    screenshot(caseload, "caseload-grouped")
    qtbot.mouseClick(caseload.group_by_household, Qt.MouseButton.LeftButton)
    assert not [r for r in range(model.rowCount()) if "household" in model.index(r, Column.NAME).data()]


def test_grouped_needs_attention_shows_the_demo_family_under_one_heading(caseload, qtbot, screenshot):
    qtbot.mouseClick(caseload.filter_buttons[CaseloadFilter.NEEDS_ATTENTION], Qt.MouseButton.LeftButton)
    families = caseload.attention.families()
    prydell = next(line for line in families if line.startswith("Prydell household"))
    assert prydell.startswith("Prydell household: 3 children need attention")  # the caseload's heading
    lines = caseload.attention.lines()
    assert any("Crayton Dallowmere" in line and "not seen" in line for line in lines)
    caseload.resize(1280, 900)
    screenshot(caseload, "needs-attention-families")


def test_the_demo_familys_household_tab_shows_the_three_children_side_by_side(qtbot, runner, demo_backend,
                                                                                screenshot):
    from gcp_desk.ui.session import Session
    from gcp_desk.ui.views.child_record_view import ChildRecordView

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    taylene = next(row for row in session.children.caseload() if row.given_name == "Taylene")
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(taylene.child_id)
    household = view.tabs.household
    view.tabs.show_page(household)
    headers = [household.table.horizontalHeaderItem(c).text() for c in range(household.table.columnCount())]
    assert [h.split("\n")[0] for h in headers] == ["Taylene Prydell", "Rubi Prydell", "Alfi Prydell"]
    screenshot(view, "household-tab-family")
