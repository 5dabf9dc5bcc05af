"""Every name prints: Chinese, Arabic and Hebrew names (right to left, shaped) and emoji, in the report and the family
summary, each in an embedded TrueType face; the CJK face only when a page needs it."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from report_builders import font_problems, page_texts, sample_report_data

from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.reports.assessment_report import build_assessment_report
from gcp_desk.reports.family_summary import build_family_summary
from gcp_desk.reports.scripts import marked_up, runs, visual


def with_names(data, given: str, family: str, view: str = ""):
    from dataclasses import replace

    from gcp_desk.domain.assessment import Participation

    child = data.record.child.model_copy(update={"given_name": given, "family_name": family})
    record = data.record.model_copy(update={"child": child})
    assessment = data.assessment.model_copy(update={"participation": Participation(parent_view=view)})
    return replace(data, record=record, assessment=assessment, history=())


def fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def test_right_to_left_runs_are_shaped_in_visual_order():
    assert runs("Child: محمد علي (7)") == [(None, "Child: "), ("arabic", "محمد علي"), (None, " (7)")]
    shaped = visual("محمد علي", "arabic")
    assert shaped[0] == "\ufef2" and shaped[-1] == "\ufee3"  # final yeh drawn first, initial meem last: joined
    assert visual("שלום", "hebrew") == "םולש"
    assert marked_up("a <b>").startswith("a &lt;b&gt;")
    assert "\u200d" not in marked_up("👩\u200d👧")


def test_every_name_prints_in_an_embedded_face_in_the_report_and_the_family_summary():
    data = with_names(sample_report_data(status=AssessmentStatus.COUNTERSIGNED), "李小龍", "محمد",
                      "אני אוהב אותו 👍")
    for pdf in (build_assessment_report(data), build_family_summary(data)):
        assert font_problems(pdf) == []
        fonts = fonts_of(pdf)
        assert any("DroidSansFallback" in name for name in fonts)
        assert any("NotoSansArabic" in name for name in fonts)
        text = " ".join(page_texts(pdf))
        assert "李小龍" in text
    summary = " ".join(page_texts(build_family_summary(data)))
    assert "\ufee3" in summary or "\ufea4" in summary  # Arabic printed in joined forms
    assert any("NotoSansHebrew" in name for name in fonts_of(build_family_summary(data)))
    assert any("Symbola" in name for name in fonts_of(build_family_summary(data)))


def test_a_report_of_latin_names_only_embeds_no_cjk_face():
    pdf = build_family_summary(sample_report_data(status=AssessmentStatus.COUNTERSIGNED))
    assert not any(re.search("DroidSans|Arabic|Hebrew|Symbola", name) for name in fonts_of(pdf))
