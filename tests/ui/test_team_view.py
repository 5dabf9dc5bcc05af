"""team_view: a supervisor opens the team view from the tool bar, reads the counts, the charts and each child worst
first, opens a child with Enter, and saves the printable page."""

from __future__ import annotations

from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from shell_support import demo_user

from gcp_desk.scoring.family_order import family_key


def test_team_view_for_a_supervisor_worst_first_with_charts_and_a_printable_page(make_window, demo_paths,
                                                                                 demo_backend, qtbot, tmp_path):
    window = make_window(demo_paths, demo_user(demo_backend, "Dee Okafor"))
    action = window.supervision.team_action
    assert action.isVisible()
    action.trigger()
    team = window.supervision.team
    qtbot.waitUntil(lambda: team.picture is not None, timeout=10_000)
    assert window.pages.currentWidget() is team
    picture = team.picture
    assert picture.children, "the demo team has children"
    families: list[list] = []
    for child in picture.children:  # brothers and sisters stand together
        if families and child.household_id is not None and families[-1][0].household_id == child.household_id:
            families[-1].append(child)
        else:
            families.append([child])
    keys = [family_key(list(c.reasons) for c in members) for members in families]
    assert keys == sorted(keys), "families by their worst flag, then the children flagged, as in Needs attention"
    assert keys[0] < keys[-1], "the demo team has flagged and unflagged children"
    unflagged = [members[0].worst_grade or 0 for members, key in zip(families, keys, strict=True) if key == (1,)]
    assert unflagged == sorted(unflagged, reverse=True), "then the worst graded first"
    flagged_only = next(c for c in picture.children
                        if c.reasons and not c.drift and not c.overdue)  # a father not seen, a target passed…
    row = picture.children.index(flagged_only)
    assert team.model.index(row, 3).data() != "None", "the flag that places a child is shown beside them"
    assert "improving" in team.summary.text() and "Drift:" in team.summary.text()
    assert team.canvas is not None and not team.canvas.isHidden()
    assert team.model.index(0, 0).data().startswith(picture.children[0].name)  # with "(X family)" beside siblings
    assert unnamed_controls(team) == []
    team.grab().save(str(tmp_path.parents[0] / "team-view.png"))
    from pathlib import Path

    shots = Path(__file__).resolve().parents[2] / "test-artefacts" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    team.grab().save(str(shots / "team-view.png"))

    saved = tmp_path / "team.pdf"
    team.save_to(saved)
    qtbot.waitUntil(lambda: saved.exists(), timeout=10_000)
    assert saved.read_bytes().startswith(b"%PDF")

    team.table.setFocus()
    team.table.selectRow(0)
    qtbot.keyClick(team.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.child_record, timeout=5_000)


def test_a_practitioner_has_no_team_view(make_window, demo_paths, demo_backend):
    window = make_window(demo_paths, demo_user(demo_backend))
    assert not window.supervision.team_action.isVisible()
