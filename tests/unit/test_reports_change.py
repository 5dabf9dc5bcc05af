"""The report's change over time in words: drift, worse than baseline and the previous plan reviewed with targets met
or not; each item's evidence sources; the comparison's "no improvement for N weeks"."""

from __future__ import annotations

import re

from report_builders import page_texts, sample_report_data

from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.reports.assessment_report import build_assessment_report


def _text() -> str:
    pages = page_texts(build_assessment_report(sample_report_data(status=AssessmentStatus.COUNTERSIGNED)))
    return re.sub(r"\s+", " ", " ".join(pages))


def test_the_report_prints_drift_worse_than_baseline_and_the_previous_plan_reviewed():
    text = _text()
    assert "Drift and the baseline" in text
    assert "No improvement: Nutritional care has stayed at 4 or 5 for 26 weeks across 3 assessments" in text
    assert "Worse than baseline: Educational care and stimulation is worse than at the baseline" in text
    assert "The previous plan, reviewed" in text
    assert "Maisie has breakfast at home every school day." in text
    assert re.search(r"Target 2 by \d+ \w+ 2026; now 4: not met\.", text)
    assert "Not reviewed yet" in text


def test_the_report_shows_each_grades_evidence_sources_and_no_improvement_in_words():
    text = _text()
    assert "Evidence from: Observed" in text
    assert "4 → 4: no improvement for 13 weeks" in text
