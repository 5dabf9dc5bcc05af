"""Grouped by household, two families of the same name get headings that tell them apart, showing no more of
the address than the postcode district (or a number where there is no postcode)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from shell_support import demo_user, fixed_today, shown_caseload
from gcp_desk.ui.models.caseload_model import Column


def test_grouped_caseload_tells_two_households_of_the_same_name_apart(qtbot, runner, demo_backend, screenshot):
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    for given, born, address in (("Kian", date(2016, 4, 2), "14 Rowan Street, Testbury TB7 2QX"),
                                 ("Lola", date(2019, 9, 9), "3 Elm Court, Testbury TB12 8RD")):
        session.children.create_child(given_name=given, family_name="Zyzzell", date_of_birth=born,
                                      new_household=("Zyzzell household", address))
    view = shown_caseload(qtbot, runner, session, size=(1280, 760))
    qtbot.mouseClick(view.group_by_household, Qt.MouseButton.LeftButton)
    model = view.model
    model.fetch_all()
    # A heading's text is the label, then the family's flags, if any
    names = [model.index(r, Column.NAME).data().split("  ·  ")[0] for r in range(model.rowCount())]
    headings = [name for name in names if name.startswith("Zyzzell household")]
    assert sorted(headings) == ["Zyzzell household, TB12", "Zyzzell household, TB7"]
    assert not [name for name in names if "Rowan Street" in name or "14 " in name]  # no house or street shown
    # The demo's two Jessop families have no postcode on record: numbered in the order they were recorded.
    assert sorted(name for name in names if name.startswith("Jessop household")) == ["Jessop household (1)",
                                                                                    "Jessop household (2)"]
    start = names.index(headings[0])
    view.table.scrollTo(view.proxy.index(start, 0), view.table.ScrollHint.PositionAtTop)
    screenshot(view, "caseload-grouped-same-name")


def test_needs_attention_tells_two_flagged_families_of_the_same_name_apart(qtbot, runner, demo_backend, screenshot):
    from gcp_desk.domain.enums import PlanType
    from gcp_desk.ui.models.caseload_model import CaseloadFilter
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    for address, names in (("14 Rowan Street, Testbury TB7 2QX", ("Kian", "Mae")),
                           ("3 Elm Court, Testbury TB12 8RD", ("Lola", "Finn", "Ada"))):
        first = None
        for given in names:  # on a child protection plan and never assessed: each needs attention
            made = session.children.create_child(
                given_name=given, family_name="Zyzzell", date_of_birth=date(2016, 4, 2),
                plan_type=PlanType.CHILD_PROTECTION, household_id=first.household_id if first else None,
                new_household=None if first else ("Zyzzell household", address))
            first = first or made
    view = shown_caseload(qtbot, runner, session, size=(1280, 900))
    qtbot.mouseClick(view.filter_buttons[CaseloadFilter.NEEDS_ATTENTION], Qt.MouseButton.LeftButton)
    families = view.attention.families()
    assert "Zyzzell household, TB12: 3 children need attention" in families
    assert "Zyzzell household, TB7: 2 children need attention" in families
    # The same words as the caseload's own headings, grouped by household
    qtbot.mouseClick(view.group_by_household, Qt.MouseButton.LeftButton)
    headings = [view.model.index(r, Column.NAME).data() for r in range(view.model.rowCount())
                if view.proxy.child_id_at(r) is None]
    assert any(h.startswith("Zyzzell household, TB12  ·  3 of 3 children need attention: Medium") for h in headings)
    assert view.attention.families() == families  # the list's families in the same order, grouped or not
    view.search.setText("Zyzzell")  # the two families alone, to look at
    qtbot.waitUntil(lambda: view.attention.families() == ["Zyzzell household, TB12: 3 children need attention",
                                                           "Zyzzell household, TB7: 2 children need attention"])
    # Once the search's counts arrive, the note no longer says others are left out: all five are listed
    qtbot.waitUntil(lambda: view.model.shown_total() == 5)
    assert not view.attention.note.isVisibleTo(view) and "most pressing" not in view.attention.note.text()
    screenshot(view, "needs-attention-same-name")


def test_headings_are_worked_out_behind_the_caseload_so_needs_attention_compares_no_households(
        qtbot, runner, demo_backend):
    from sqlalchemy import event

    from gcp_desk.storage import household_labels
    from gcp_desk.ui.models.caseload_model import CaseloadFilter
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    household_labels._kept.clear()  # as in a fresh process
    view = shown_caseload(qtbot, runner, session)
    assert not view.model.request.by_household
    qtbot.waitUntil(lambda: bool(household_labels._kept))  # worked out behind the caseload shown by name

    statements: list[str] = []
    event.listen(demo_backend.db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    qtbot.mouseClick(view.filter_buttons[CaseloadFilter.NEEDS_ATTENTION], Qt.MouseButton.LeftButton)
    assert view.attention.families() and any("attention_rank" in s for s in statements)  # the list was read...
    assert not [s for s in statements if "FROM households" in s and "EXISTS" in s], "...with its headings kept"
