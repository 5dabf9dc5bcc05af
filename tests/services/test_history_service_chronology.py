"""Significant events and the chronology: incidents read together with the assessments, in date order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gcp_desk.domain.enums import AssessmentStatus, EventKind
from gcp_desk.domain.errors import InvalidInput, NotFound
from gcp_desk.services.history import HistoryService
from gcp_desk.services.history_views import EntryKind

from conftest_services import TODAY
from history_builders import context_for, profile, store, weeks_ago


@pytest.fixture
def history(services) -> HistoryService:
    return HistoryService(context_for(services.backend, services.user))


def audit_of(services, child_id):
    with services.backend.db.transaction() as uow:
        return [e for e in uow.audit.for_entity(child_id) if e.action.startswith("event.")]


def test_an_event_is_stored_with_who_recorded_it_and_audited(services, history, child_with_parents):
    event = history.add_event(child_with_parents.id, on=date(2026, 9, 14), kind=EventKind.POLICE_CALL_OUT,
                              what_happened="Neighbour called police about shouting at 11pm; children at home.",
                              source_agency=" Police ")
    assert (event.kind, event.source_agency, event.recorded_by) == (EventKind.POLICE_CALL_OUT, "Police",
                                                                    services.user.id)
    assert history.events(child_with_parents.id) == [event]
    [audit] = audit_of(services, child_with_parents.id)
    # The trail holds ids and which fields were given, never the words: a payload may be erased one day.
    assert (audit.action, audit.before, audit.after["id"]) == ("event.add", None, str(event.id))
    assert "what_happened" in audit.after["fields"] and "shouting" not in str(audit.after)


def test_an_event_needs_words_and_a_date_not_in_the_future(history, child_with_parents):
    with pytest.raises(InvalidInput, match="What happened"):
        history.add_event(child_with_parents.id, on=TODAY, kind=EventKind.REFERRAL, what_happened="  ")
    with pytest.raises(InvalidInput, match="Date.*future"):
        history.add_event(child_with_parents.id, on=TODAY + timedelta(days=1), kind=EventKind.REFERRAL,
                          what_happened="Referral from school")
    assert history.events(child_with_parents.id) == []


def test_an_event_for_a_child_who_does_not_exist_is_not_found(history):
    from uuid import uuid4

    with pytest.raises(NotFound):
        history.add_event(uuid4(), on=TODAY, kind=EventKind.REFERRAL, what_happened="Referral")


def test_correcting_an_event_keeps_its_child_and_audits_both_versions(services, history, child_with_parents):
    event = history.add_event(child_with_parents.id, on=date(2026, 9, 1), kind=EventKind.WAS_NOT_BROUGHT,
                              what_happened="Not brought to the dentist", source_agency="Dental practice")
    corrected = history.update_event(event.model_copy(update={"date": date(2026, 9, 2),
                                                               "what_happened": "Not brought to the dentist again"}))
    assert corrected.date == date(2026, 9, 2) and corrected.created_at == event.created_at
    assert history.events(child_with_parents.id) == [corrected]
    audit = audit_of(services, child_with_parents.id)[-1]
    assert (audit.action, audit.before["date"], audit.after["date"]) == ("event.update", "2026-09-01", "2026-09-02")

    sibling = services.children.create_child(given_name="Sky", family_name="Testcase", date_of_birth=date(2022, 1, 1))
    with pytest.raises(InvalidInput, match="another child's chronology"):
        history.update_event(corrected.model_copy(update={"child_id": sibling.id}))
    assert history.events(sibling.id) == []


def test_removing_an_event_needs_a_reason_and_the_audit_keeps_what_it_said(services, history, child_with_parents):
    event = history.add_event(child_with_parents.id, on=date(2026, 8, 1), kind=EventKind.SCHOOL_CONCERN,
                              what_happened="Came to school hungry")
    with pytest.raises(InvalidInput, match="Reason"):
        history.remove_event(event.id, " ")
    history.remove_event(event.id, "Recorded on the wrong child")
    assert history.events(child_with_parents.id) == []
    audit = audit_of(services, child_with_parents.id)[-1]
    assert audit.action == "event.remove"
    assert audit.before["what_happened"] == "Came to school hungry"
    assert audit.after == {"reason": "Recorded on the wrong child"}
    with pytest.raises(NotFound):
        history.remove_event(event.id, "again")


def test_the_chronology_reads_events_and_assessments_oldest_first(services, history, child_with_parents):
    child = child_with_parents
    first, second = store(services.backend,
                          profile(child, weeks_ago(30), {"nutritional": 4, "supervision": 5}),
                          profile(child, weeks_ago(10), {"nutritional": 3}))
    referral = history.add_event(child.id, on=weeks_ago(34), kind=EventKind.REFERRAL,
                                 what_happened="School referred: often hungry", source_agency="School")
    same_day = history.add_event(child.id, on=weeks_ago(10), kind=EventKind.WAS_NOT_BROUGHT,
                                 what_happened="Missed the hearing test", source_agency="Audiology")
    call_out = history.add_event(child.id, on=weeks_ago(20), kind=EventKind.POLICE_CALL_OUT,
                                 what_happened="Police called to a row", source_agency="Police")

    entries = history.chronology(child.id)

    assert [(e.on, e.kind) for e in entries] == [
        (weeks_ago(34), EntryKind.EVENT), (weeks_ago(30), EntryKind.ASSESSMENT), (weeks_ago(20), EntryKind.EVENT),
        (weeks_ago(10), EntryKind.EVENT), (weeks_ago(10), EntryKind.ASSESSMENT),
    ]
    assert [e.event for e in entries if e.event] == [referral, call_out, same_day]
    assert [e.assessment_id for e in entries if e.assessment_id] == [first.id, second.id]
    assert (entries[0].label, entries[0].text, entries[0].source_agency) == (
        "Referral", "School referred: often hungry", "School")
    assert entries[3].label == "Was not brought to an appointment"
    assert entries[1].label == "Assessment"
    assert entries[1].text == "Countersigned. Graded 4 or 5: Nutritional care (4), Supervision and guidance (5)."
    assert entries[1].concerns == (("Nutritional care", 4), ("Supervision and guidance", 5))
    assert entries[4].text == "Countersigned. No domain graded 4 or 5."
    assert history.chronology(child.id, newest_first=True) == entries[::-1]


def test_an_assessment_started_without_a_visit_is_placed_on_the_day_it_began(services, history, child_with_parents):
    started = services.assessments.start(child_with_parents.id)
    [entry] = history.chronology(child_with_parents.id)
    assert entry.undated and entry.on == started.created_at.date()
    assert entry.text.startswith("Draft, started ") and entry.text.endswith("no visit recorded yet.")


def test_an_assessment_replaced_by_an_amendment_is_left_out(services, history, child_with_parents):
    replaced, amendment = store(
        services.backend,
        profile(child_with_parents, weeks_ago(8), {"medical": 4}, status=AssessmentStatus.AMENDED),
        profile(child_with_parents, weeks_ago(8), {"medical": 3}),
    )
    assert [e.assessment_id for e in history.chronology(child_with_parents.id)] == [amendment.id]
