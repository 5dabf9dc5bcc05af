"""Saving any chart as PNG or SVG, and charts that never touch pyplot or Qt."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import pytest

from gcp_desk.charts.baseline import latest_against_baseline
from gcp_desk.charts.export import PNG_DPI, figure_bytes, save_figure
from gcp_desk.charts.grade_grid import domain_grid
from gcp_desk.charts.over_time import domain_grades_over_time
from scoring_builders import dated_assessment, family_profile

V1 = family_profile()
HISTORY = [
    (dated_assessment(V1, date(2026, 3, 3), {"physical-care": 4, "emotional-care": 3}), V1),
    (dated_assessment(V1, date(2026, 6, 2), {"physical-care": 3, "emotional-care": 3}), V1),
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def every_chart():
    return [domain_grades_over_time(HISTORY), domain_grid(HISTORY), latest_against_baseline(*HISTORY)]


def png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.parametrize("index", range(3))
def test_every_chart_saves_as_a_png_sharp_enough_to_print(tmp_path, index):
    figure = every_chart()[index]
    path = save_figure(figure, tmp_path / "chart.png")
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    width_inches, height_inches = figure.get_size_inches()
    assert png_size(data) == (round(width_inches * PNG_DPI), round(height_inches * PNG_DPI))
    assert PNG_DPI >= 150


@pytest.mark.parametrize("index", range(3))
def test_every_chart_saves_as_an_svg_document(tmp_path, index):
    path = save_figure(every_chart()[index], tmp_path / "chart.svg")
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(list(root.iter())) > 50  # drawn content, not an empty page


def test_the_suffix_decides_the_format_whatever_its_case(tmp_path):
    assert save_figure(every_chart()[0], tmp_path / "CHART.PNG").read_bytes().startswith(PNG_SIGNATURE)
    assert figure_bytes(every_chart()[0], "svg").lstrip().startswith(b"<?xml")


@pytest.mark.parametrize("name", ["chart.jpg", "chart.pdf", "chart"])
def test_other_file_types_are_refused_naming_the_allowed_ones(tmp_path, name):
    with pytest.raises(ValueError, match=r"PNG \(\.png\) or SVG \(\.svg\)"):
        save_figure(every_chart()[0], tmp_path / name)
    assert not (tmp_path / name).exists()


def test_building_and_saving_charts_imports_neither_pyplot_nor_qt(tmp_path):
    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_charts_export import every_chart
from gcp_desk.charts.export import save_figure
for index, figure in enumerate(every_chart()):
    save_figure(figure, {str(tmp_path)!r} + f"/chart{{index}}.png")
    save_figure(figure, {str(tmp_path)!r} + f"/chart{{index}}.svg")
loaded = sorted(name for name in sys.modules if name == "matplotlib.pyplot" or name.startswith("PySide6"))
print(loaded)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    assert len(list(tmp_path.iterdir())) == 6
