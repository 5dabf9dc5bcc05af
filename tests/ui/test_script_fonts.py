"""Names in any script show on screen: the shipped faces are given to Qt, which falls back to them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from gcp_desk.domain.enums import Sex
from gcp_desk.ui.script_fonts import register_script_fonts
from gcp_desk.ui.views.child_record_view import ChildRecordView


def test_every_name_shows_on_screen_in_a_shipped_face(qtbot, runner, session):
    assert register_script_fonts() == []
    families = set(QFontDatabase.families())
    assert {"Droid Sans Fallback", "Noto Sans Arabic", "Noto Sans Hebrew", "Symbola"} <= families
    child = session.children.create_child(given_name="李小龍 محمد", family_name="כהן 👍",
                                          date_of_birth=date(2019, 5, 3), sex=Sex.MALE)
    view = ChildRecordView(runner)
    qtbot.addWidget(view)
    view.resize(1280, 400)
    view.set_session(session)
    view.show()
    qtbot.waitExposed(view)
    view.open_child(child.id)
    shots = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(shots / "names-any-script.png"))
