"""Fathers and men around the child in Needs attention: a father or partner not seen at two assessments in a row,
and a new adult not known to services or not seen, are flagged (medium), stored with the rest of the child's
attention and equal to what the child's history gives afresh."""

from __future__ import annotations

from datetime import date

from gcp_desk.domain.enums import AssessmentStatus, Involvement, PlanType, Relationship, Sex
from gcp_desk.scoring.attention import AttentionKind, Severity
from gcp_desk.services.history import HistoryService
from gcp_desk.services.stored_attention import decode

from history_builders import context_for


def stored_reasons(services, child_id):
    with services.backend.db.transaction() as uow:
        entry = next(e for e in uow.attention.flagged(include_clear=True) if e.row.child_id == child_id)
    return list(decode(entry.attention).reasons)


def assessed(services, child_id, on: date, involvement: dict[str, Involvement], sign: bool = True):
    draft = services.assessments.start(child_id)
    services.assessments.add_visit(draft.id, on=on)
    for adult in draft.adults:
        services.assessments.set_adult_involvement(draft.id, adult.adult_id,
                                                   involvement.get(adult.name, Involvement.SEEN_AND_SPOKEN_WITH))
    if sign:
        with services.backend.db.transaction() as uow:
            uow.assessments.update_fields(draft.id, status=AssessmentStatus.COUNTERSIGNED)
    return draft


def test_a_father_not_contacted_twice_in_a_row_needs_attention(services):
    kid = services.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2016, 1, 1),
                                         plan_type=PlanType.CHILD_IN_NEED)
    services.children.add_adult(kid.id, given_name="Dee", family_name="Quill", relationship=Relationship.MOTHER,
                                sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    services.children.add_adult(kid.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                                sex=Sex.MALE, parental_responsibility=True)
    history = HistoryService(context_for(services.backend, services.user))
    not_contacted = {"Tom Reyes": Involvement.NOT_CONTACTED}
    assessed(services, kid.id, date(2026, 7, 1), not_contacted)
    assert AttentionKind.MAN_NOT_SEEN not in [r.kind for r in history.attention(kid.id)]  # once is not a pattern
    assessed(services, kid.id, date(2026, 10, 1), not_contacted)
    reasons = history.attention(kid.id)
    (father,) = [r for r in reasons if r.kind is AttentionKind.MAN_NOT_SEEN]
    assert father.severity is Severity.MEDIUM
    assert father.message.startswith("Tom Reyes (father) was not contacted for the last two assessments "
                                     "(1 July 2026 and 1 October 2026)")
    assert stored_reasons(services, kid.id) == reasons
    # Seen at the next one: the flag goes.
    assessed(services, kid.id, date(2026, 11, 1), {})
    assert AttentionKind.MAN_NOT_SEEN not in [r.kind for r in history.attention(kid.id)]
    assert stored_reasons(services, kid.id) == history.attention(kid.id)


def test_a_new_partner_not_known_to_services_and_never_seen_needs_attention(services):
    kid = services.children.create_child(given_name="Mia", family_name="Quill", date_of_birth=date(2020, 1, 1))
    services.children.add_adult(kid.id, given_name="Dee", family_name="Quill", relationship=Relationship.MOTHER,
                                sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    history = HistoryService(context_for(services.backend, services.user))
    assessed(services, kid.id, date(2026, 7, 1), {})
    services.children.add_adult(kid.id, given_name="Rob", family_name="Vance", sex=Sex.MALE,
                                relationship=Relationship.MOTHERS_PARTNER, lives_with_child=True,
                                known_to_services=False)
    draft = assessed(services, kid.id, date(2026, 10, 1), {"Rob Vance": Involvement.INVITED_DID_NOT_TAKE_PART},
                     sign=False)
    assert [a.known_to_services for a in services.assessments.get(draft.id).adults if a.name == "Rob Vance"] == [
        False]
    (new,) = [r for r in history.attention(kid.id) if r.kind is AttentionKind.NEW_ADULT]
    assert new.message.startswith("Rob Vance (mother's partner) is new since the last assessment and is not known "
                                  "to services and was not seen (invited, did not take part)")
    assert stored_reasons(services, kid.id) == history.attention(kid.id)
    # A mother's partner is recorded, but he is not the child's father: the record still asks about him.
    assert not services.children.record(kid.id).father_accounted_for


def test_the_assessment_warns_about_a_father_not_seen_twice_and_a_new_adult(services):
    from gcp_desk.scoring.completeness import GapKind

    kid = services.children.create_child(given_name="Eve", family_name="Quill", date_of_birth=date(2018, 1, 1))
    services.children.add_adult(kid.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                                sex=Sex.MALE, parental_responsibility=True)
    assessed(services, kid.id, date(2026, 7, 1), {"Tom Reyes": Involvement.SPOKEN_WITH_NOT_SEEN})
    services.children.add_adult(kid.id, given_name="Rob", family_name="Vance", sex=Sex.MALE,
                                relationship=Relationship.MOTHERS_PARTNER, known_to_services=False)
    draft = assessed(services, kid.id, date(2026, 10, 1), {"Tom Reyes": Involvement.NOT_CONTACTED,
                                                           "Rob Vance": Involvement.SEEN_AND_SPOKEN_WITH},
                     sign=False)
    warnings = services.assessments.warnings(services.assessments.get(draft.id))
    kinds = {w.kind: w for w in warnings}
    assert kinds[GapKind.MAN_NOT_SEEN].message.startswith("Tom Reyes (father) was not seen")
    assert "Rob Vance (mother's partner) is new since the last assessment and is not known to services." in (
        kinds[GapKind.NEW_ADULT].message)
    assert all(w.warning for w in warnings)
    assert not any(g.kind in (GapKind.MAN_NOT_SEEN, GapKind.NEW_ADULT)
                   for g in services.assessments.gaps(services.assessments.get(draft.id)))
