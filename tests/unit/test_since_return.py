"""What changed since the return, item by item and in the written sections."""

from __future__ import annotations

from datetime import date

from gcp_desk.domain.assessment import EvidenceNote, ItemGrade, Visit
from gcp_desk.domain.enums import EvidenceSource
from gcp_desk.scoring.signing_content import assessment_content
from gcp_desk.scoring.since_return import changes_since
from scoring_builders import FIVE_TO_11, complete_assessment, family_profile, plan_action

V1 = family_profile()


def test_nothing_changed_reads_as_no_lines():
    assessment = complete_assessment(V1, FIVE_TO_11)
    assert changes_since(assessment_content(assessment)["assessment"], assessment, V1) == []


def test_each_change_is_one_line_in_the_screens_order():
    returned = complete_assessment(V1, FIVE_TO_11, grade=3)
    then = assessment_content(returned)["assessment"]
    now = returned.model_copy(update={
        "item_grades": {**returned.item_grades, "clothing": ItemGrade(item_id="clothing", grade=4)},
        "evidence": [*returned.evidence, EvidenceNote(item_id="clothing", source=EvidenceSource.CHILD_SAID,
                                                      text="Said his coat lets the rain in.")],
        "analysis": "Care is inconsistent; the home and clothing are the main worry.",
        "visits": [*returned.visits, Visit(date=date(2026, 3, 16), announced=False)],
        "plan": [plan_action("physical-care", 2, date(2026, 6, 1))],
    })
    lines = changes_since(then, now, V1)
    assert lines == [
        "Visit added: 16 March 2026.",
        "Physical care › Clothing: grade 3 → grade 4.",
        "Physical care › Clothing: evidence added (Child said): \u201cSaid his coat lets the rain in.\u201d",
        "Analysis rewritten: \u201cCare is inconsistent; the home is the main worry.\u201d → \u201cCare is "
        "inconsistent; the home and clothing are the main worry.\u201d",
        "Plan action added: Physical care: \u201cInvented change for physical-care.\u201d (target 2 by 1 June 2026)",
    ]
