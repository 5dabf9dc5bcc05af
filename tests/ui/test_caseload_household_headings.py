"""Grouped by household, two families of the same name get headings that tell them apart, showing no more of
the address than the postcode district (or a number where there is no postcode)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from shell_support import demo_user, fixed_today
from gcp_desk.ui.models.caseload_model import Column
from gcp_desk.ui.views.caseload_view import CaseloadView


def test_grouped_caseload_tells_two_households_of_the_same_name_apart(qtbot, runner, demo_backend, screenshot):
    from gcp_desk.ui.session import Session

    session = Session(demo_backend, demo_user(demo_backend), fixed_today)
    for given, born, address in (("Kian", date(2016, 4, 2), "14 Rowan Street, Testbury TB7 2QX"),
                                 ("Lola", date(2019, 9, 9), "3 Elm Court, Testbury TB12 8RD")):
        session.children.create_child(given_name=given, family_name="Zyzzell", date_of_birth=born,
                                      new_household=("Zyzzell household", address))
    view = CaseloadView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.reload()
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
