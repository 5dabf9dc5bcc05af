"""The one-page family summary, read back as a parent would see it."""

from __future__ import annotations

from datetime import date

import pytest
from report_builders import font_problems, page_texts, sample_report_data

from gcp_desk.domain.assessment import DomainGrade, ItemGrade, PlanAction
from gcp_desk.domain.enums import AssessmentStatus
from gcp_desk.reports.family_content import family_content
from gcp_desk.reports.family_summary import build_family_summary


@pytest.fixture(scope="module")
def summary_text() -> str:
    pages = page_texts(build_family_summary(sample_report_data()))
    assert len(pages) == 1
    return pages[0]


def test_it_has_the_three_parts_in_plain_words(summary_text):
    for heading in ("How things are for Maisie", "What is going well", "What we are worried about",
                    "What needs to change"):
        assert heading in summary_text
    assert summary_text.index("What is going well") < summary_text.index("What we are worried about") < \
        summary_text.index("What needs to change")


def test_worries_name_the_area_and_the_items_in_plain_words(summary_text):
    worried = summary_text.split("What we are worried about")[1].split("What needs to change")[0]
    assert "Most needs not met Food and drink" in worried
    assert "Most of Maisie's needs are not being met." in worried
    assert "Food and mealtimes; Growth and weight" in worried
    assert "Keeping safe" in worried
    assert "Warmth, love and attention" not in worried


def test_what_is_going_well_includes_good_areas_and_strengths(summary_text):
    going_well = summary_text.split("What is going well")[1].split("What could be better")[0]
    assert "All needs met Warmth, love and attention" in going_well
    assert "Maisie is warmly greeted and clearly loved." in going_well


def test_changes_say_what_who_and_by_when_soonest_first(summary_text):
    changes = summary_text.split("What needs to change")[1]
    gate = changes.index("A safety gate is fitted on the stairs.")
    breakfast = changes.index("Maisie has breakfast at home every school day.")
    assert gate < breakfast
    assert "Who: Lacey Ashworth, Parent. By 27 April 2026." in changes


def test_no_practitioner_jargon(summary_text):
    lowered = summary_text.lower()
    for word in ("domain", "grade", "neglect", "nutritional", "instrument", "override"):
        assert word not in lowered, word
    assert "Maisie" in summary_text


def test_marking_page_number_and_embedded_fonts():
    pdf = build_family_summary(sample_report_data())
    text = page_texts(pdf)[0]
    assert text.count("OFFICIAL-SENSITIVE") == 2
    assert "Page 1 of 1" in text
    assert font_problems(pdf) == []


def test_draft_watermark_until_countersigned():
    draft = page_texts(build_family_summary(sample_report_data(status=AssessmentStatus.SUBMITTED)))[0]
    final = page_texts(build_family_summary(sample_report_data(status=AssessmentStatus.COUNTERSIGNED)))[0]
    assert "DRAFT" in draft
    assert "DRAFT" not in final


def test_long_inputs_still_fit_one_page_and_point_to_the_full_report():
    long = "The family has shown real commitment in some areas and less in others. " * 60
    plan = [PlanAction(domain_id="physical", what_will_change=f"Change number {number}: " + "the home is warm. " * 20,
                       who="Lacey Ashworth", agency="Parent", by_when=date(2026, 5, number), target_grade=2)
            for number in range(1, 21)]
    data = sample_report_data(strengths=long, plan=plan)
    pages = page_texts(build_family_summary(data))
    assert len(pages) == 1
    text = pages[0]
    assert "What needs to change" in text
    assert "more: see the full report" in text
    assert "Change number 1:" in text  # the soonest action is kept
    assert "Change number 20:" not in text


def test_even_an_absurd_input_stays_on_one_page():
    who = "Team " * 900
    plan = [PlanAction(domain_id="physical", what_will_change="Bedding", who=who, by_when=date(2026, 5, 1),
                       target_grade=2)]
    pages = page_texts(build_family_summary(sample_report_data(plan=plan, strengths="x" * 20_000)))
    assert len(pages) == 1
    assert "OFFICIAL-SENSITIVE" in pages[0] and "Page 1 of 1" in pages[0]
    assert "By 1 May 2026." in pages[0]  # the date survives when the rest is cut


def test_every_area_in_concern_with_many_items_still_fits_and_lists_all_areas():
    data = sample_report_data()
    assessment = data.assessment
    worst = {item_id: ItemGrade(item_id=item_id, grade=5) for item_id in assessment.item_grades}
    domains = {domain_id: DomainGrade(domain_id=domain_id, chosen=5, suggested=5)
               for domain_id in assessment.domain_grades}
    data = sample_report_data(item_grades=worst, domain_grades=domains)
    pages = page_texts(build_family_summary(data))
    assert len(pages) == 1
    assert "We did not find an area where all of Maisie's needs are met this time." in pages[0]
    assert pages[0].count("Needs not met") >= 5


def test_user_text_with_markup_characters_is_printed_literally():
    nasty = "Nan's <b>help</b> & support"
    text = page_texts(build_family_summary(sample_report_data(strengths=nasty)))[0]
    assert nasty in text


def test_family_content_groups_areas_by_grade():
    content = family_content(sample_report_data())
    assert [point.title for point in content.worried] == ["Keeping safe", "Food and drink"]  # safety first
    assert {point.grade for point in content.worried} == {4}
    assert [point.title for point in content.could_be_better] == ["Health and teeth", "Play, learning and school"]
    assert content.changes[0].title == "A safety gate is fitted on the stairs."


def test_an_unfinished_assessment_does_not_sound_reassuring():
    nothing = page_texts(build_family_summary(sample_report_data(
        status=AssessmentStatus.DRAFT, item_grades={}, domain_grades={}, plan=[])))[0]
    assert "not seriously worried" not in nothing
    assert "Nothing to show yet: the assessment is not finished." in nothing
    assert "Not looked at yet: Clothes, washing, sleep and the home; Food and drink" in nothing

    data = sample_report_data(status=AssessmentStatus.DRAFT)
    grades = {item_id: grade for item_id, grade in data.assessment.item_grades.items()
              if item_id in {"clothing", "hygiene"}}
    domains = {"physical": data.assessment.domain_grades["physical"]}
    partly = page_texts(build_family_summary(sample_report_data(
        status=AssessmentStatus.DRAFT, item_grades=grades, domain_grades=domains)))[0]
    assert "Not looked at yet: Food and drink" in partly
    assert "Of the areas looked at so far, none gives us serious worries about Maisie's care." in partly


def test_a_first_name_with_an_ampersand_is_escaped_once():
    from dataclasses import replace

    full = sample_report_data()
    grades = {item_id: full.assessment.item_grades[item_id] for item_id in ("clothing", "hygiene")}
    data = sample_report_data(item_grades=grades, domain_grades={"physical": full.assessment.domain_grades["physical"]})
    child = data.record.child.model_copy(update={"given_name": "A&B"})
    text = page_texts(build_family_summary(replace(data, record=data.record.model_copy(update={"child": child}))))[0]
    assert "How things are for A&B" in text
    assert "none gives us serious worries about A&B's care" in text
    assert "&amp;" not in text


def test_a_good_part_of_a_worrying_area_is_titled_as_a_part_not_the_whole():
    content = family_content(sample_report_data())
    worrying = {point.title for point in content.worried}
    parts = [point for point in content.going_well if point.detail == "Going well here:"]
    assert parts, "the sample has good items inside areas that are not going well"
    for point in parts:
        assert point.title.endswith(", in part")
        assert point.title not in worrying  # never the same words as the worry about the whole area


def test_concerns_are_ranked_worst_first_so_a_grade_5_is_never_cut():
    from gcp_desk.reports.family_content import family_content

    data = sample_report_data(status=AssessmentStatus.COUNTERSIGNED)
    worried = [point.grade for point in family_content(data).worried]
    assert worried == sorted(worried, reverse=True)


def test_the_family_summary_says_what_has_not_changed_and_has_room_to_acknowledge():
    text = " ".join(page_texts(build_family_summary(sample_report_data(status=AssessmentStatus.COUNTERSIGNED))))
    text = " ".join(text.split())
    assert "Food and drink Most of Maisie's needs are not being met. Not got better for 26 weeks." in text
    assert "Not done as agreed last time: Maisie has breakfast at home every school day" in text
    assert "Signed (parent or carer)" in text
    assert "does not mean I agree with it" in text


def test_a_recorded_view_and_acknowledgement_are_printed():
    from gcp_desk.domain.assessment import Participation
    from gcp_desk.domain.enums import Consent

    part = Participation(consent=Consent.GIVEN, parent_view="I am trying; the boiler is the landlord's job.",
                         acknowledged_by="Lacey Ashworth", acknowledged_on=date(2026, 3, 20))
    data = sample_report_data(status=AssessmentStatus.COUNTERSIGNED, participation=part)
    text = " ".join(" ".join(page_texts(build_family_summary(data))).split())
    assert "Your view, in your words: I am trying; the boiler is the landlord's job." in text
    assert "Signed by Lacey Ashworth on 20 March 2026." in text
    from gcp_desk.reports.assessment_report import build_assessment_report

    report = " ".join(" ".join(page_texts(build_assessment_report(data))).split())
    assert "The family's part" in report and "Agreed to the assessment: Agreed to the assessment" in report
    assert "I am trying; the boiler is the landlord's job." in report
