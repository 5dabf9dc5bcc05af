"""The charts tab: each chart drawn from the child's history (checked through the figure's data and labels),
switched by keyboard, saved as PNG or SVG without a dialog, and matplotlib loaded only when a chart is shown."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from accessibility import unnamed_controls
from gcp_desk.ui.views.history.charts_view import Chart, ChartsView
from history_support import assessment, child, history_of


@pytest.fixture
def charts(qtbot):
    view = ChartsView()
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def sam_history():
    sam = child("Sam")
    return history_of(
        sam,
        assessment(sam.id, date(2026, 2, 3), grade=2, grades={"food-and-meals": 5}),
        assessment(sam.id, date(2026, 5, 5), grade=2, grades={"food-and-meals": 4}),
        assessment(sam.id, date(2026, 9, 8), grade=3, grades={"food-and-meals": 2}),
    )


def line_for(figure, title: str):
    axes = figure.axes[0]
    return next(line for line in axes.get_lines() if line.get_label() == title)


def test_over_time_draws_each_domain_with_needs_met_at_the_top(charts, sam_history):
    charts.show_history(sam_history)
    assert charts.chart is Chart.OVER_TIME
    figure = charts.figure
    axes = figure.axes[0]
    assert axes.get_title(loc="left") == "Domain grades over time"
    assert list(line_for(figure, "Nutritional care").get_ydata()) == [5, 4, 3]
    assert list(line_for(figure, "Physical care").get_ydata()) == [2, 2, 3]
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels[0] == "1 needs met" and labels[-1] == "5 needs not met"
    low, high = axes.get_ylim()
    assert low > high  # grade 1 at the top
    assert "Sam Testcase" in charts.canvas.accessibleName()
    assert "Nutritional care: 5, 4, 3" in charts.canvas.accessibleDescription()


def test_the_grid_and_the_baseline_are_chosen_by_keyboard(charts, sam_history, qtbot):
    charts.show_history(sam_history)
    charts.picker.setFocus()
    qtbot.keyClick(charts.picker, Qt.Key.Key_Down)
    assert charts.chart is Chart.GRID
    axes = charts.figure.axes[0]
    assert axes.get_title(loc="left") == "Domain grades by assessment"
    assert [label.get_text() for label in axes.get_xticklabels()] == ["3 Feb 2026", "5 May 2026", "8 Sep 2026"]
    texts = [text.get_text() for text in axes.texts]
    assert texts.count("5") == 1 and "Needs not met" in texts
    qtbot.keyClick(charts.picker, Qt.Key.Key_Down)
    assert charts.chart is Chart.BASELINE
    axes = charts.figure.axes[0]
    baseline, latest = axes.get_lines()[:2]
    rows = [label.get_text() for label in axes.get_yticklabels()]
    nutritional = rows.index("Nutritional care")
    assert baseline.get_xdata()[nutritional] == 5 and latest.get_xdata()[nutritional] == 3
    assert baseline.get_label() == "Baseline, 3 Feb 2026" and latest.get_label() == "Latest, 8 Sep 2026"


def test_a_chart_is_saved_as_png_or_svg_and_a_bad_name_is_explained(charts, sam_history, tmp_path):
    charts.show_history(sam_history)
    png = charts.save_to(tmp_path / "sam.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert charts.message.text() == f"Chart saved to {png}."
    charts.show_chart(Chart.GRID)
    svg = charts.save_to(tmp_path / "sam-grid.svg")
    assert b"<svg" in svg.read_bytes()[:400]
    no_suffix = charts.save_to(tmp_path / "sam-again")
    assert no_suffix.suffix == ".png" and no_suffix.exists()
    assert charts.save_to(tmp_path / "sam.pdf") is None
    assert "not saved" in charts.message.text() and "PNG (.png) or SVG (.svg)" in charts.message.text()
    assert not (tmp_path / "sam.pdf").exists()
    assert charts.suggested_file_name() == "sam-testcase-grid.png"


def test_the_baseline_needs_two_dated_assessments(charts):
    sam = child("Sam")
    charts.show_history(history_of(sam, assessment(sam.id, date(2026, 2, 3))))
    charts.show_chart(Chart.BASELINE)
    assert charts.figure is None
    assert charts.message.text() == "This chart needs two assessments with visits; Sam has one so far."
    assert not charts.save_button.isEnabled()
    charts.show_chart(Chart.OVER_TIME)
    assert charts.figure is not None and charts.save_button.isEnabled()
    assert all(math.isclose(y, 2) for y in line_for(charts.figure, "Physical care").get_ydata())


def test_every_control_has_a_name(charts, sam_history, screenshot):
    charts.show_history(sam_history)
    assert unnamed_controls(charts) == []
    screenshot(charts, "history-charts")


def test_matplotlib_waits_until_a_chart_is_shown():
    """Opening a record must not pay for matplotlib; the Charts tab does, the first time it is shown."""
    script = textwrap.dedent("""
        import os, sys, tempfile
        from datetime import date
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        sys.path.insert(0, %r)
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from gcp_desk.app import open_backend
        from gcp_desk.paths import AppPaths
        from gcp_desk.demo.caseload import DemoCaseload
        from gcp_desk.ui.session import Session
        from gcp_desk.ui.tasks import TaskRunner
        from gcp_desk.ui.views.child_record_view import ChildRecordView
        backend = open_backend(AppPaths.at(tempfile.mkdtemp()))
        demo = DemoCaseload(backend.db, seed=3, today=date(2026, 11, 2), assessments_per_child=3)
        demo.write(1)
        session = Session(backend, demo.users[0], lambda: date(2026, 11, 2))
        view = ChildRecordView(TaskRunner(synchronous=True))
        view.set_session(session)
        view.show()
        view.open_child(session.children.caseload()[0].child_id)
        view.tabs.show_page(view.tabs.compare)
        print("before", "matplotlib" in sys.modules)
        view.tabs.show_page(view.tabs.charts)
        print("after", "matplotlib" in sys.modules, view.tabs.charts.figure is not None)
    """) % str(Path(__file__).parent)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "before False" in result.stdout
    assert "after True True" in result.stdout
