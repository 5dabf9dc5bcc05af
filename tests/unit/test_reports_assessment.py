"""The full assessment report, read back as a conference member would: the text of each page, extracted with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from report_builders import font_problems, page_texts, sample_report_data

from gcp_desk.domain.assessment import EvidenceNote, PlanAction, Visit
from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource
from gcp_desk.domain.review import SignatureKind
from gcp_desk.reports.assessment_report import build_assessment_report
from gcp_desk.reports.report_data import ReportData
from gcp_desk.scoring.age import applicable_items

SECTION_HEADINGS = [
    "Neglect profile assessment",
    "Household and significant adults",
    "Visits and how the child was seen",
    "How the child and the home were seen",
    "Context",
    "Profile of care",
    "Domain grades",
    "Change over time",
    "Compared with the previous assessment",
    "Evidence by domain",
    "The child's voice and lived experience",
    "Parents' and carers' views",
    "Strengths",
    "Analysis",
    "The plan",
    "Supervision",
    "Signatures and verification",
]


@pytest.fixture(scope="module")
def countersigned() -> ReportData:
    return sample_report_data(status=AssessmentStatus.COUNTERSIGNED)


@pytest.fixture(scope="module")
def countersigned_pages(countersigned: ReportData) -> list[str]:
    return page_texts(build_assessment_report(countersigned))


@pytest.fixture(scope="module")
def draft_pages() -> list[str]:
    return page_texts(build_assessment_report(sample_report_data(status=AssessmentStatus.DRAFT)))


def whole(pages: list[str]) -> str:
    return " ".join(pages)


def test_every_section_heading_is_printed(countersigned_pages):
    text = whole(countersigned_pages)
    missing = [heading for heading in SECTION_HEADINGS if heading not in text]
    assert missing == []


def test_the_sections_come_in_the_order_a_reader_expects(countersigned_pages):
    text = whole(countersigned_pages)
    positions = [text.index(heading) for heading in
                 ("Household and significant adults", "Profile of care", "Change over time",
                  "Compared with the previous assessment", "Evidence by domain", "The plan",
                  "Signatures and verification")]
    assert positions == sorted(positions)


def test_the_child_and_the_title_facts_are_on_the_first_page(countersigned_pages, countersigned):
    first = countersigned_pages[0]
    assert "Maisie Ashworth" in first
    assert "14 November 2021" in first
    assert "4 years 3 months" in first
    assert "Child protection" in first
    assert "GCP Desk neglect profile, version 3" in first
    assert countersigned.assessment.instrument_hash[:12] in first
    assert str(countersigned.assessment.id) in first


def test_every_applicable_item_is_printed_with_its_grade_as_number_and_word(countersigned_pages, countersigned):
    text = whole(countersigned_pages)
    instrument, assessment = countersigned.instrument, countersigned.assessment
    for domain in instrument.domains:
        assert domain.title in text
        for item in applicable_items(instrument, assessment, domain.id):
            graded = assessment.item_grades[item.id]
            assert item.title in text
            if graded.grade is not None:
                words = f"{item.title} {graded.grade} {instrument.scale_label(graded.grade)}"
                assert words in text, words
    assert "Not assessed: No additional needs identified." in text


def test_items_for_other_ages_are_left_out_of_the_profile(countersigned_pages):
    profile = whole(countersigned_pages).split("Profile of care")[1].split("Change over time")[0]
    assert "Antenatal care" not in profile
    assert "Online safety" not in profile


def test_an_override_shows_the_suggestion_and_the_reason(countersigned_pages):
    text = whole(countersigned_pages)
    assert "Chosen instead of the suggested 4 Most needs unmet" in text
    assert "Nursery place starts next month and attendance is already agreed." in text


def test_every_evidence_source_tag_is_printed(countersigned_pages):
    evidence = whole(countersigned_pages).split("Evidence by domain")[1]
    for tag in ("Observed:", "Professional judgement:", "Parent or carer said:", "Child said:", "Other agency:"):
        assert tag in evidence


def test_the_full_verification_hash_and_both_signatures_are_printed(countersigned_pages, countersigned):
    last = countersigned_pages[-1]
    for signature in countersigned.signatures:
        assert f"Verification hash (SHA-256): {signature.content_hash}" in last
        assert signature.name in last
    assert "Countersigned by Dee Okafor Supervisor 21 March 2026 at 14:00 GMT" in last
    assert "Submitted by Sam Whitfield Practitioner" in last


def test_every_page_says_page_x_of_y_and_official_sensitive_top_and_bottom(countersigned_pages):
    total = len(countersigned_pages)
    assert total >= 4
    for number, text in enumerate(countersigned_pages, start=1):
        assert f"Page {number} of {total}" in text
        assert text.count("OFFICIAL-SENSITIVE") == 2


def test_a_draft_has_a_watermark_on_every_page(draft_pages):
    assert all("DRAFT" in text for text in draft_pages)
    assert "This report is a draft" in draft_pages[-1]


def test_a_countersigned_report_has_no_draft_watermark(countersigned_pages):
    assert not any("DRAFT" in text for text in countersigned_pages)
    assert "This report is a draft" not in whole(countersigned_pages)


@pytest.mark.parametrize("status", [AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED])
def test_submitted_and_returned_reports_are_still_drafts(status):
    pages = page_texts(build_assessment_report(sample_report_data(status=status)))
    assert all("DRAFT" in text for text in pages)


def test_a_replaced_record_says_so_on_every_page_and_is_not_a_draft():
    pages = page_texts(build_assessment_report(sample_report_data(status=AssessmentStatus.AMENDED)))
    assert all("REPLACED" in text and "DRAFT" not in text for text in pages)
    assert "later replaced by an amendment" in pages[0]


def test_every_font_is_embedded(countersigned, draft_pages):
    assert font_problems(build_assessment_report(countersigned)) == []


def test_names_outside_latin_1_print_correctly():
    data = sample_report_data()
    child = data.record.child.model_copy(update={"given_name": "Łucja", "family_name": "Nguyễn"})
    record = data.record.model_copy(update={"child": child})
    pages = page_texts(build_assessment_report(_replace(data, record=record)))
    assert "Łucja Nguyễn" in pages[0]


def test_user_text_with_markup_characters_is_printed_literally():
    nasty = "Mum said <b>fine</b> & \"no problem\" <br/> at 5 < 6"
    data = sample_report_data(
        child_voice=nasty,
        analysis=f"Line one.\n\n{nasty}",
        evidence=[EvidenceNote(item_id="clothing", source=EvidenceSource.CARER_SAID, text=nasty)],
        visits=[Visit(date=date(2026, 3, 16), announced=False, visitors=["A <b>& B"], note=nasty)],
    )
    text = whole(page_texts(build_assessment_report(data)))
    assert text.count(nasty) >= 3
    assert "A <b>& B" in text


def test_long_text_wraps_and_flows_across_pages_without_losing_any():
    paragraph = "The family has moved twice this year and the practitioner saw the new flat on each visit. " * 12
    analysis = "\n\n".join(f"Part {number}. {paragraph}" for number in range(1, 31)) + "\n\nEND-OF-ANALYSIS"
    short = page_texts(build_assessment_report(sample_report_data()))
    long = page_texts(build_assessment_report(sample_report_data(analysis=analysis)))
    assert len(long) >= len(short) + 5
    text = whole(long)
    assert all(f"Part {number}." in text for number in range(1, 31))
    assert "END-OF-ANALYSIS" in text


def test_a_plan_action_longer_than_a_page_splits_across_pages():
    huge = "Maisie's bedroom is made warm and dry, with a bed and clean bedding. " * 120 + "END-OF-ACTION"
    plan = [PlanAction(domain_id="physical", what_will_change=huge, who="Lacey Ashworth",
                       by_when=date(2026, 5, 1), target_grade=2)]
    text = whole(page_texts(build_assessment_report(sample_report_data(plan=plan))))
    assert "END-OF-ACTION" in text


def test_a_missing_father_is_pointed_out():
    with_father = whole(page_texts(build_assessment_report(sample_report_data(with_father=True))))
    without = whole(page_texts(build_assessment_report(sample_report_data(with_father=False))))
    prompt = "No father or male carer is recorded for Maisie"
    assert prompt in without
    assert prompt not in with_father
    assert "Kofi Mensah Father Yes No" in with_father


def test_visits_and_how_the_child_was_seen(countersigned_pages):
    text = whole(countersigned_pages)
    assert "10 March 2026 Unannounced" in text
    assert "Priya Chandran (health visitor)" in text
    assert "Child seen alone No" in text
    assert "kitchen, living room, Maisie's bedroom, bathroom" in text
    assert "Carried over, not yet confirmed" in text


def test_the_comparison_names_what_improved_and_what_got_worse(countersigned_pages):
    comparison = whole(countersigned_pages).split("Compared with the previous assessment")[1]
    comparison = comparison.split("Evidence by domain")[0]
    assert "The previous assessment of 15 December 2025" in comparison
    # In the sample history physical care goes from 3 to 2 and play, talk and interests from 3 to 4.
    assert "Physical care 3 Some needs unmet 2 Needs met 3 → 2: improved" in comparison
    assert "Play, talk and interests 3 Some needs unmet 4 Most needs unmet Worse" in comparison
    assert "Antenatal care" not in comparison  # applies at neither age, so counted, not listed
    assert "items that apply at neither age are left out" in comparison


def test_a_first_assessment_is_the_baseline_with_no_chart_or_comparison():
    pdf = build_assessment_report(sample_report_data(history_length=1))
    text = whole(page_texts(pdf))
    assert "This is the first assessment of Maisie" in text
    assert "There is no earlier assessment to compare with." in text
    assert _image_sizes(pdf) == []


def test_the_over_time_chart_is_drawn_into_the_report(countersigned):
    sizes = _image_sizes(build_assessment_report(countersigned))
    assert len(sizes) == 1
    width, height = sizes[0]
    assert width >= 1200 and width > height  # drawn at print resolution, landscape


def test_a_chart_made_elsewhere_can_be_passed_in_as_png(countersigned):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (640, 320), (200, 30, 30, 255)).save(buffer, format="PNG")
    pdf = build_assessment_report(countersigned, over_time_chart_png_bytes=buffer.getvalue())
    assert _image_sizes(pdf) == [(640, 320)]


def test_the_plan_names_who_agency_when_and_target(countersigned_pages):
    plan = whole(countersigned_pages).split("The plan")[1].split("Returned to the practitioner")[0]
    assert "Maisie has breakfast at home every school day." in plan
    assert "Lacey Ashworth Parent 27 April 2026 2 Needs met" in plan
    assert "Children's social care" in plan
    assert "Progress: Gate ordered through the home safety scheme." in plan


def test_supervision_returns_and_comments_are_printed(countersigned_pages):
    text = whole(countersigned_pages)
    assert "Returned to the practitioner, round 1, by Dee Okafor" in text
    assert "Add the nursery's view on breakfast." in text
    assert "Round 1, Nutritional care: Dee Okafor" in text


def test_an_unsigned_draft_says_it_is_not_signed(draft_pages):
    assert "Not signed yet." in draft_pages[-1]
    assert "Verification hash" not in whole(draft_pages)


def test_the_report_names_its_child_and_assessment_in_the_document_properties(countersigned):
    metadata = PdfReader(io.BytesIO(build_assessment_report(countersigned))).metadata
    assert metadata.title == "Neglect profile assessment: Maisie Ashworth"
    assert metadata.subject == f"Assessment {countersigned.assessment.id}"  # how gcp-desk verify finds the record


def test_report_data_refuses_a_signature_of_another_assessment(countersigned):
    other = sample_report_data()
    with pytest.raises(ValueError, match="different assessment"):
        _replace(countersigned, signatures=other.signatures)


def test_report_data_refuses_an_assessment_of_another_child(countersigned):
    other = sample_report_data()
    with pytest.raises(ValueError, match="different child"):
        _replace(countersigned, record=other.record)


def test_the_comparison_falls_back_to_the_assessment_before_this_one_in_the_history(countersigned):
    assert countersigned.previous is None
    assert countersigned.comparison_base() == countersigned.history[-2]
    assert [s.kind for s in countersigned.signatures_of(SignatureKind.COUNTERSIGNED_BY)] == [
        SignatureKind.COUNTERSIGNED_BY]


def _replace(data: ReportData, **changes) -> ReportData:
    from dataclasses import replace

    return replace(data, **changes)


def _image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"]
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                sizes.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return sizes


def test_an_empty_new_draft_still_prints_with_every_section_saying_what_is_missing():
    data = sample_report_data(status=AssessmentStatus.DRAFT, history_length=1)
    empty = data.assessment.model_copy(update={
        "visits": [], "age_band": None, "item_grades": {}, "domain_grades": {}, "evidence": [], "plan": [],
        "child_voice": "", "carers_views": "", "strengths": "", "analysis": "", "context": [], "adults": []})
    text = whole(page_texts(build_assessment_report(_replace(data, assessment=empty, history=()))))
    assert "No visits are recorded." in text
    assert "No age band is set" in text
    assert "Not chosen yet" in text
    assert "Not recorded. Maisie's words, or what was seen of their day, are missing." in text
    assert "No plan actions are recorded." in text
    assert "Not included in this assessment" in text
    assert all(heading in text for heading in SECTION_HEADINGS if heading != "Domain grades")


def test_an_unborn_child_shows_the_due_date_and_no_not_seen_warning():
    data = sample_report_data(status=AssessmentStatus.DRAFT, history_length=1)
    child = data.record.child.model_copy(update={"date_of_birth": None,
                                                 "expected_date_of_delivery": date(2026, 6, 1)})
    unborn = data.assessment.model_copy(update={"age_band": "unborn", "item_grades": {}, "domain_grades": {},
                                                "how_seen": data.assessment.how_seen.model_copy(
                                                    update={"child_seen": False})})
    record = data.record.model_copy(update={"child": child})
    text = whole(page_texts(build_assessment_report(_replace(data, record=record, assessment=unborn, history=()))))
    assert "Unborn, due 1 June 2026" in text
    assert "Antenatal care" in text
    assert "was not seen during this assessment" not in text


def test_a_child_not_seen_is_pointed_out():
    data = sample_report_data()
    not_seen = data.assessment.how_seen.model_copy(update={"child_seen": False})
    text = whole(page_texts(build_assessment_report(sample_report_data(how_seen=not_seen))))
    assert "Maisie was not seen during this assessment." in text


def test_a_report_of_an_older_assessment_charts_and_compares_only_what_came_before(countersigned):
    middle, instrument = countersigned.history[1]
    older = _replace(countersigned, assessment=middle, signatures=())
    assert [a.id for a, _ in older.chart_history()] == [countersigned.history[0][0].id, middle.id]
    assert older.comparison_base() == countersigned.history[0]
    explicit = _replace(countersigned, previous=countersigned.history[0])
    assert explicit.comparison_base() == countersigned.history[0]
