"""The grid of domains by assessment: a number, a word and a colour in every cell, "–" where there is no grade."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from matplotlib.colors import to_hex

from chart_builders import one_line, tick_texts
from gcp_desk.charts import style
from gcp_desk.charts.grade_grid import domain_grid
from gcp_desk.domain.instrument import ScaleLevel
from scoring_builders import dated_assessment, family_profile

V1 = family_profile()
THEME = Path(__file__).resolve().parents[2] / "src" / "gcp_desk" / "ui" / "theme.py"
DAYS = [date(2026, 3, 3), date(2026, 6, 2), date(2026, 9, 1)]
GRADES = [
    {"physical-care": 4, "nutritional-care": 5, "emotional-care": 3},
    {"physical-care": 3, "nutritional-care": 4, "emotional-care": 2},
    {"physical-care": 2, "nutritional-care": 2, "emotional-care": 1, "medical-care": 5},
]


def history(days=DAYS, grades=GRADES, instrument=V1):
    return [(dated_assessment(instrument, on, grade), instrument) for on, grade in zip(days, grades)]


def cells(axes) -> dict[tuple[int, int], str]:
    """(row, column) -> the cell's words, top to bottom."""
    found: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for text in axes.texts:
        x, y = text.get_position()
        found.setdefault((int(y), int(x)), []).append((y, one_line(text.get_text())))
    return {key: " ".join(words for _, words in sorted(parts)) for key, parts in found.items()}


def cell_colours(axes) -> dict[tuple[int, int], str]:
    return {(int(patch.get_y() + 0.5), int(patch.get_x() + 0.5)): to_hex(patch.get_facecolor())
            for patch in axes.patches}


def test_rows_are_domains_and_columns_are_dated_assessments_oldest_first():
    [axes] = domain_grid(list(reversed(history()))).axes
    assert [one_line(label) for label in tick_texts(axes.get_yticklabels())] == [d.title for d in V1.domains]
    assert tick_texts(axes.get_xticklabels()) == ["3 Mar 2026", "2 Jun 2026", "1 Sep 2026"]
    assert axes.yaxis_inverted()  # the first domain at the top


def test_each_cell_shows_the_grade_number_and_word():
    [axes] = domain_grid(history()).axes
    shown = cells(axes)
    assert shown[(0, 0)] == "4 Most needs unmet"
    assert shown[(1, 0)] == "5 Needs not met"
    assert shown[(3, 2)] == "1 All needs met"
    assert shown[(2, 2)] == "5 Needs not met"


def test_a_cell_without_a_grade_says_so_with_a_dash():
    [axes] = domain_grid(history()).axes
    shown = cells(axes)
    assert shown[(2, 0)] == "–"  # medical care, not graded at first
    assert shown[(5, 1)] == "–"  # supervision, never graded
    assert len(shown) == len(V1.domains) * len(DAYS)


def test_cells_are_coloured_by_grade_with_readable_text():
    [axes] = domain_grid(history()).axes
    colours = cell_colours(axes)
    assert colours[(0, 0)] == style.GRADE_COLOURS[4][0]
    assert colours[(1, 0)] == style.GRADE_COLOURS[5][0]
    assert colours[(2, 0)] == style.UNGRADED[0]
    number = next(text for text in axes.texts if text.get_text() == "5")
    assert to_hex(number.get_color()) == style.GRADE_COLOURS[5][1]


def test_the_chart_colours_are_the_shared_palette():
    from gcp_desk.domain import palette

    assert style.GRADE_COLOURS is palette.GRADE_COLOURS
    assert THEME.read_text(encoding="utf-8").count("#a3142b") == 0, "the screen theme must not keep its own copy"


def test_the_words_come_from_each_assessments_own_instrument():
    licensed = V1.model_copy(update={"scale": [
        ScaleLevel(grade=grade, label=f"Level {grade} wording", meaning="Licensed test meaning.")
        for grade in range(1, 6)
    ]})
    mixed = history()[:1] + history(DAYS[1:2], GRADES[1:2], licensed)
    shown = cells(domain_grid(mixed).axes[0])
    assert shown[(0, 0)] == "4 Most needs unmet"
    assert shown[(0, 1)] == "3 Level 3 wording"


def test_many_assessments_show_numbers_with_a_key_to_the_words():
    days = [date(2024, 1, 8) + timedelta(weeks=13 * index) for index in range(12)]
    grades = [{"physical-care": 1 + index % 5} for index in range(12)]
    figure = domain_grid(history(days, grades))
    [axes] = figure.axes
    shown = cells(axes)
    assert [shown[(0, column)] for column in range(12)] == [str(1 + index % 5) for index in range(12)]
    assert len(tick_texts(axes.get_xticklabels())) == 12
    key = figure._supxlabel.get_text()
    assert "1 All needs met" in key and "5 Needs not met" in key


def test_no_dated_assessment_says_so():
    [axes] = domain_grid([]).axes
    assert [text.get_text() for text in axes.texts] == ["No dated assessments yet"]
