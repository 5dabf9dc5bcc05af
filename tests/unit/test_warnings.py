"""Warnings that do not stop submission: evidence balance, the instrument's visit rules, empty strengths."""

from __future__ import annotations

from datetime import date

from gcp_desk.domain.assessment import EvidenceNote, Visit
from gcp_desk.domain.enums import EvidenceSource
from gcp_desk.domain.instrument import VisitRules
from gcp_desk.scoring.completeness import GapKind, Section, find_gaps
from gcp_desk.scoring.warnings import find_warnings, visit_rule_warnings
from scoring_builders import FIVE_TO_11, complete_assessment, family_profile

V1 = family_profile()


def _with_evidence(assessment, item_id, *sources):
    kept = [note for note in assessment.evidence if note.item_id != item_id]
    notes = [EvidenceNote(item_id=item_id, source=source, text=f"Note {index}.")
             for index, source in enumerate(sources)]
    return assessment.model_copy(update={"evidence": kept + notes})


def kinds(warnings):
    return [(warning.kind, warning.target.item_id or warning.target.domain_id) for warning in warnings]


def test_evidence_balance_a_good_grade_on_a_parents_word_alone_is_a_warning():
    assessment = complete_assessment(V1, FIVE_TO_11, grade=2).model_copy(update={"strengths": "Warm mother."})
    assert find_warnings(V1, assessment) == []
    said = _with_evidence(assessment, "warmth", EvidenceSource.CARER_SAID)
    [warning] = find_warnings(V1, said)
    assert (warning.kind, warning.target.item_id, warning.warning) == (GapKind.SAID_ONLY, "warmth", True)
    assert warning.message.startswith("Emotional care › Warmth is graded 2 on what a parent or carer said alone")
    # The child's words, or something seen, beside the parent's: no warning.
    assert find_warnings(V1, _with_evidence(assessment, "warmth", EvidenceSource.CARER_SAID,
                                            EvidenceSource.CHILD_SAID)) == []
    # Submission never waits for a warning.
    assert find_gaps(V1, said) == []


def test_evidence_balance_a_domain_with_no_observed_evidence_is_a_warning():
    assessment = complete_assessment(V1, FIVE_TO_11, grade=3).model_copy(update={"strengths": "Warm mother."})
    for item in V1.items_for("emotional-care", FIVE_TO_11):
        assessment = _with_evidence(assessment, item.id, EvidenceSource.PROFESSIONAL_JUDGEMENT)
    assert kinds(find_warnings(V1, assessment)) == [(GapKind.NO_OBSERVED_EVIDENCE, "emotional-care")]


def test_empty_strengths_is_a_warning_that_leads_to_the_strengths_page():
    [warning] = find_warnings(V1, complete_assessment(V1, FIVE_TO_11))
    assert (warning.kind, warning.target.section) == (GapKind.NO_STRENGTHS, Section.STRENGTHS)


RULES = VisitRules(min_visits=2, min_unannounced=1, within_weeks=4, min_workers=2,
                   why="Care seen more than once, unannounced too, gives a truer picture.")


def test_visit_rules_each_shortfall_is_a_warning_with_the_reason():
    assessment = complete_assessment(V1, FIVE_TO_11)
    one = assessment.model_copy(update={"visits": [Visit(date=date(2026, 3, 2), visitors=["Sam Whitfield"])]})
    messages = [warning.message for warning in visit_rule_warnings(RULES, one)]
    assert messages == [
        "1 visit recorded; this instrument asks for at least 2. Care seen more than once, unannounced too, gives "
        "a truer picture.",
        "No unannounced visits; this instrument asks for at least 1. Care seen more than once, unannounced too, "
        "gives a truer picture.",
        "1 worker named as visiting; this instrument asks for at least 2. Care seen more than once, unannounced "
        "too, gives a truer picture.",
    ]
    spread = assessment.model_copy(update={"visits": [
        Visit(date=date(2026, 1, 5), announced=False, visitors=["Sam Whitfield"]),
        Visit(date=date(2026, 3, 2), visitors=["Dee Okafor"])]})
    [late] = visit_rule_warnings(RULES, spread)
    assert late.message.startswith("The visits run from 5 January 2026 to 2 March 2026; this instrument asks for "
                                   "all of them within 4 weeks.")
    assert visit_rule_warnings(None, one) == []


def _with_adults(assessment, on, *adults):
    from gcp_desk.domain.assessment import AssessmentAdult

    return assessment.model_copy(update={
        "visits": [Visit(date=on)],
        "adults": [AssessmentAdult(adult_id=adult_id, name=name, relationship=relationship, involvement=involvement,
                                   known_to_services=known)
                   for adult_id, name, relationship, involvement, known in adults]})


def test_father_not_seen_twice_and_a_new_adult_not_known_are_warnings():
    from uuid import uuid4

    from gcp_desk.domain.enums import Involvement, Relationship

    base = complete_assessment(V1, FIVE_TO_11, grade=2).model_copy(update={"strengths": "Warm mother."})
    father, partner = uuid4(), uuid4()
    not_contacted = (father, "Tom Reyes", Relationship.FATHER, Involvement.NOT_CONTACTED, True)
    previous = _with_adults(base, date(2026, 6, 1), not_contacted)
    latest = _with_adults(base, date(2026, 9, 1), not_contacted,
                          (partner, "Rob Vance", Relationship.MOTHERS_PARTNER, Involvement.SEEN_AND_SPOKEN_WITH,
                           False))
    warnings = {w.kind: w for w in find_warnings(V1, latest, previous)}
    assert set(warnings) == {GapKind.MAN_NOT_SEEN, GapKind.NEW_ADULT}
    assert warnings[GapKind.MAN_NOT_SEEN].message.startswith(
        "Tom Reyes (father) was not contacted for the last two assessments (1 June 2026 and 1 September 2026)")
    assert "Rob Vance (mother's partner) is new since the last assessment and is not known to services." in (
        warnings[GapKind.NEW_ADULT].message)
    assert all(w.target.section is Section.ADULTS and w.warning for w in warnings.values())
    # Seen once of the two: no warning about him; a first assessment never says "twice".
    seen = _with_adults(base, date(2026, 9, 1), (father, "Tom Reyes", Relationship.FATHER,
                                                  Involvement.SEEN_AND_SPOKEN_WITH, True))
    assert find_warnings(V1, seen, previous) == []
    assert GapKind.MAN_NOT_SEEN not in {w.kind for w in find_warnings(V1, previous)}
