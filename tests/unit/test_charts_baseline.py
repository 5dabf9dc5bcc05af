"""The latest assessment against the baseline: both grades per domain, an arrow for each change, the change in words."""

from __future__ import annotations

from datetime import date

from chart_builders import legend_texts, span_labelled, tick_texts, x_grades_of
from gcp_desk.charts.baseline import latest_against_baseline
from scoring_builders import dated_assessment, family_profile, family_profile_v2, single_domain_instrument

V1 = family_profile()
TITLES = [domain.title for domain in V1.domains]
BASELINE = dated_assessment(V1, date(2025, 9, 8), {
    "physical-care": 3, "nutritional-care": 2, "emotional-care": 4, "supervision-guidance": 5,
})
LATEST = dated_assessment(V1, date(2026, 3, 2), {
    "physical-care": 5, "nutritional-care": 2, "medical-care": 3, "emotional-care": 1, "supervision-guidance": 4,
})


def chart(baseline=(BASELINE, V1), latest=(LATEST, V1)):
    figure = latest_against_baseline(baseline, latest)
    [axes] = [axes for axes in figure.axes if axes.get_lines()]
    return figure, axes


def marks(axes):
    return {line.get_label().split(",")[0]: line for line in axes.get_lines()}


def change_words(axes) -> list[str]:
    [words] = axes.child_axes
    return tick_texts(words.get_yticklabels())


def test_rows_are_the_domains_first_at_the_top():
    _, axes = chart()
    assert tick_texts(axes.get_yticklabels()) == TITLES
    assert axes.yaxis_inverted()


def test_each_domain_shows_the_baseline_and_the_latest_grade():
    _, axes = chart()
    both = marks(axes)
    assert x_grades_of(both["Baseline"]) == [3, 2, None, 4, None, 5]
    assert x_grades_of(both["Latest"]) == [5, 2, 3, 1, None, 4]
    assert list(both["Baseline"].get_ydata()) == list(range(6))


def test_the_change_is_written_beside_each_domain():
    _, axes = chart()
    assert change_words(axes) == ["Worse", "Same", "Not comparable", "Improved", "Not comparable", "Improved"]


def test_an_arrow_runs_from_the_baseline_to_the_latest_grade_only_where_the_grade_changed():
    _, axes = chart()
    arrows = sorted((text.xyann[1], text.xyann[0], text.xy[0]) for text in axes.texts if text.arrow_patch)
    assert arrows == [(0, 3, 5), (3, 4, 1), (5, 5, 4)]  # (row, from, to)


def test_grade_1_is_on_the_left_labelled_needs_met_and_the_neglect_band_is_shaded():
    _, axes = chart()
    assert axes.get_xlim() == (0.5, 5.5)
    assert tick_texts(axes.get_xticklabels()) == ["1\nneeds met", "2", "3", "4", "5\nneeds not met"]
    bounds = span_labelled(axes, "Neglect indicated (4-5)").get_bbox()
    assert (bounds.x0, bounds.x1) == (3.5, 5.5)


def test_the_legend_dates_both_assessments():
    figure, _ = chart()
    assert legend_texts(figure) == ["Baseline, 8 Sep 2025", "Latest, 2 Mar 2026", "Neglect indicated (4-5)"]


def test_domains_are_matched_across_instrument_versions_and_missing_ones_are_not_comparable():
    v2 = family_profile_v2()
    latest = dated_assessment(v2, date(2026, 3, 2), {"physical-care": 2, "emotional-care": 4})
    _, axes = chart(latest=(latest, v2))
    assert change_words(axes)[0] == "Improved"
    assert change_words(axes)[3] == "Same"

    other = single_domain_instrument(["meals"])
    elsewhere = dated_assessment(other, date(2026, 3, 2), {"care": 2})
    _, axes = chart(latest=(elsewhere, other))
    assert tick_texts(axes.get_yticklabels()) == ["Care", *TITLES]
    assert set(change_words(axes)) == {"Not comparable"}
