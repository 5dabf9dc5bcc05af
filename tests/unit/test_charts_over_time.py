"""Each domain's grade over time, read through the figure's data and labels."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from matplotlib.dates import date2num

from chart_builders import grades_of, legend_texts, span_labelled, tick_texts
from gcp_desk.charts import style
from gcp_desk.charts.over_time import domain_grades_over_time
from scoring_builders import FIVE_TO_11, assessment_of, dated_assessment, family_profile, family_profile_v2

V1 = family_profile()
TITLES = [domain.title for domain in V1.domains]
DAYS = [date(2026, 3, 3), date(2026, 6, 2), date(2026, 7, 14), date(2026, 12, 1)]
GRADES = [
    {"physical-care": 4, "nutritional-care": 5, "emotional-care": 3, "supervision-guidance": 4},
    {"physical-care": 4, "nutritional-care": 4, "emotional-care": 3, "supervision-guidance": 4},
    {"physical-care": 5, "nutritional-care": 3, "supervision-guidance": 4},
    {"physical-care": 4, "nutritional-care": 2, "emotional-care": 2, "supervision-guidance": 3},
]


def history(days=DAYS, grades=GRADES):
    return [(dated_assessment(V1, on, grade), V1) for on, grade in zip(days, grades)]


def lines_by_title(axes):
    return {line.get_label(): line for line in axes.get_lines()}


def test_grade_1_is_at_the_top_and_5_at_the_bottom_with_words_at_both_ends():
    [axes] = domain_grades_over_time(history()).axes
    assert axes.yaxis_inverted()
    assert axes.get_ylim() == (5.5, 0.5)
    assert list(axes.get_yticks()) == [1, 2, 3, 4, 5]
    assert tick_texts(axes.get_yticklabels()) == ["1 needs met", "2", "3", "4", "5 needs not met"]


def test_the_neglect_band_covers_grades_4_and_5_and_is_hatched():
    [axes] = domain_grades_over_time(history()).axes
    band = span_labelled(axes, "Neglect indicated (4-5)")
    bounds = band.get_bbox()
    assert (bounds.y0, bounds.y1) == (3.5, 5.5)
    assert band.get_hatch() == style.NEGLECT_HATCH


def test_each_domain_is_one_line_whose_points_are_its_grades_on_its_dates():
    [axes] = domain_grades_over_time(history()).axes
    lines = lines_by_title(axes)
    assert list(lines) == TITLES
    for line in lines.values():
        assert list(line.get_xdata()) == DAYS
    assert grades_of(lines["Physical care"]) == [4, 4, 5, 4]
    assert grades_of(lines["Nutritional care"]) == [5, 4, 3, 2]
    assert grades_of(lines["Supervision and guidance"]) == [4, 4, 4, 3]


def test_a_missing_grade_leaves_a_gap_rather_than_joining_its_neighbours():
    [axes] = domain_grades_over_time(history()).axes
    lines = lines_by_title(axes)
    assert grades_of(lines["Emotional care"]) == [3, 3, None, 2]
    assert grades_of(lines["Medical and dental care"]) == [None, None, None, None]


def test_every_line_has_its_own_marker_and_dash_pattern_for_black_and_white_print():
    [axes] = domain_grades_over_time(history()).axes
    lines = axes.get_lines()
    assert len({line.get_marker() for line in lines}) == len(lines)
    # get_linestyle() reports every custom dash pattern as "--", so read the pattern itself.
    dash_patterns = {repr(line._unscaled_dash_pattern) for line in lines}
    assert len(dash_patterns) == len(lines)


def test_the_legend_names_every_domain_and_the_shaded_band():
    figure = domain_grades_over_time(history())
    assert legend_texts(figure) == [*TITLES, "Neglect indicated (4-5)"]


def test_dates_are_to_scale_and_labelled_like_3_mar_2026():
    [axes] = domain_grades_over_time(history()).axes
    assert list(axes.get_xticks()) == [date2num(day) for day in DAYS]
    assert tick_texts(axes.get_xticklabels()) == ["3 Mar 2026", "2 Jun 2026", "14 Jul 2026", "1 Dec 2026"]
    # To scale: the 13-week gap is drawn more than twice as wide as the 6-week gap after it.
    ticks = axes.get_xticks()
    assert (ticks[1] - ticks[0]) / (ticks[2] - ticks[1]) == pytest.approx(91 / 42)
    low, high = axes.get_xlim()
    assert low < date2num(DAYS[0]) and high > date2num(DAYS[-1])


def test_history_order_does_not_matter_and_undated_assessments_are_left_out():
    shuffled = list(reversed(history()))
    undated = (assessment_of(V1, FIVE_TO_11, domain_grades={"physical-care": 1}), V1)
    [axes] = domain_grades_over_time([undated, *shuffled]).axes
    physical = lines_by_title(axes)["Physical care"]
    assert list(physical.get_xdata()) == DAYS
    assert grades_of(physical) == [4, 4, 5, 4]


def test_the_suggested_grade_is_drawn_when_no_domain_grade_was_chosen():
    suggested = assessment_of(V1, FIVE_TO_11, grades={"warmth": 2, "carer-attitude": 4}, visits=[DAYS[0]])
    [axes] = domain_grades_over_time([(suggested, V1)]).axes
    assert grades_of(lines_by_title(axes)["Emotional care"]) == [4]


def test_one_assessment_still_makes_a_readable_chart():
    [axes] = domain_grades_over_time(history()[:1]).axes
    assert tick_texts(axes.get_xticklabels()) == ["3 Mar 2026"]
    low, high = axes.get_xlim()
    assert low < date2num(DAYS[0]) < high
    assert grades_of(lines_by_title(axes)["Physical care"]) == [4]


def test_twenty_two_assessments_get_a_few_date_labels_and_a_tick_for_each_assessment():
    days = [date(2021, 1, 4) + timedelta(weeks=13 * index) for index in range(22)]
    grades = [{"physical-care": 1 + index % 5} for index in range(22)]
    [axes] = domain_grades_over_time(history(days, grades)).axes
    physical = lines_by_title(axes)["Physical care"]
    assert list(physical.get_xdata()) == days
    assert grades_of(physical) == [1 + index % 5 for index in range(22)]
    labels = tick_texts(axes.get_xticklabels())
    assert 3 <= len(labels) <= 8
    assert all(label.split()[1] in {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                    "Dec"} for label in labels)
    assert list(axes.get_xticks(minor=True)) == [date2num(day) for day in days]


def test_lines_at_the_same_grade_are_drawn_apart_but_well_within_half_a_grade():
    same = [{domain.id: 3 for domain in V1.domains}] * 2
    figure = domain_grades_over_time(history(DAYS[:2], same))
    [axes] = figure.axes
    drawn_y = [line.get_transform().transform((date2num(DAYS[0]), 3))[1] for line in axes.get_lines()]
    assert len(set(drawn_y)) == len(drawn_y)
    half_grade = abs(axes.transData.transform((0, 3))[1] - axes.transData.transform((0, 3.5))[1])
    assert max(drawn_y) - min(drawn_y) < half_grade
    assert all(grades_of(line) == [3, 3] for line in axes.get_lines())


def test_domains_can_be_picked_and_ordered():
    [axes] = domain_grades_over_time(history(), domains=["supervision-guidance", "physical-care"]).axes
    assert list(lines_by_title(axes)) == ["Supervision and guidance", "Physical care"]
    with pytest.raises(ValueError, match="no-such-domain"):
        domain_grades_over_time(history(), domains=["no-such-domain"])


def test_domains_are_matched_across_instrument_versions():
    v2 = family_profile_v2()
    mixed = [(dated_assessment(V1, DAYS[0], {"physical-care": 5}), V1),
             (dated_assessment(v2, DAYS[1], {"physical-care": 3}), v2)]
    [axes] = domain_grades_over_time(mixed).axes
    assert grades_of(lines_by_title(axes)["Physical care"]) == [5, 3]


def test_no_dated_assessment_says_so():
    [axes] = domain_grades_over_time([]).axes
    assert [text.get_text() for text in axes.texts] == ["No dated assessments yet"]
    assert axes.get_lines() == []
    assert math.isclose(axes.get_ylim()[0], 5.5)


def test_new_baseline_breaks_the_line_at_the_birth_and_is_marked():
    from scoring_builders import UNBORN, UNDER_2

    before = assessment_of(V1, UNBORN, domain_grades={"medical-care": 4, "physical-care": 3},
                           visits=[date(2026, 1, 12)])
    after = assessment_of(V1, UNDER_2, domain_grades={"medical-care": 3, "physical-care": 2},
                          visits=[date(2026, 10, 12)])
    axes = domain_grades_over_time([(before, V1), (after, V1)]).axes[0]
    lines = lines_by_title(axes)
    medical = [value for value in lines["Medical and dental care"].get_ydata()]
    assert medical[0] == 4 and math.isnan(medical[1]) and medical[2] == 3  # no line from 4 to 3
    assert [value for value in lines["Physical care"].get_ydata()] == [3, 2]  # safe sleep in common: joined
    assert any(text.get_text() == "New baseline" for text in axes.texts)
