"""The hash a signature keeps: it moves with every change a reader would care about, and with nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_builders import sample_report_data

from gcp_desk.domain.assessment import ActionReview, Assessment, ContextEntry, Participation, SharedFact
from gcp_desk.domain.enums import ActionOutcome, AssessmentStatus, ContextFactor, Involvement, SharedFactKind
from gcp_desk.scoring.signing_content import CONTENT_FIELDS, WORKFLOW_FIELDS, assessment_content_hash

ASSESSMENT: Assessment = sample_report_data().assessment
HASH = assessment_content_hash(ASSESSMENT)
TEXT_FIELDS = ["child_voice", "carers_views", "strengths", "analysis", "amendment_reason"]


def changed(assessment: Assessment, **update) -> Assessment:
    """A valid assessment with ``update`` applied, validated as a record read from storage would be."""
    return Assessment.model_validate({**assessment.model_dump(), **update})


def with_first(items: list, **update) -> list:
    return [items[0].model_copy(update=update), *items[1:]]


def with_one_of(mapping: dict, **update) -> dict:
    key = next(iter(mapping))
    return {**mapping, key: mapping[key].model_copy(update=update)}


# One change a reader would notice for each content field.
CHANGES: dict[str, Callable[[Assessment], dict]] = {
    "id": lambda a: {"id": uuid4()},
    "child_id": lambda a: {"child_id": uuid4()},
    "instrument_id": lambda a: {"instrument_id": a.instrument_id + "-licensed"},
    "instrument_version": lambda a: {"instrument_version": a.instrument_version + ".1"},
    "instrument_hash": lambda a: {"instrument_hash": "0" * 64},
    "age_band": lambda a: {"age_band": "5-11"},
    "visits": lambda a: {"visits": with_first(a.visits, date=a.visits[0].date - timedelta(days=1))},
    "how_seen": lambda a: {"how_seen": a.how_seen.model_copy(update={"child_seen_alone": True})},
    "context": lambda a: {"context": [*a.context, ContextEntry(factor=ContextFactor.PARENTAL_SUBSTANCE_MISUSE)]},
    "adults": lambda a: {"adults": with_first(a.adults, involvement=Involvement.NOT_CONTACTED)},
    "item_grades": lambda a: {"item_grades": with_one_of(
        a.item_grades, grade=None, not_assessed_reason="Not seen on any visit.")},
    "evidence": lambda a: {"evidence": with_first(a.evidence, text="The fridge was empty on both visits.")},
    "domain_grades": lambda a: {"domain_grades": with_one_of(a.domain_grades, override_reason="Seen again.")},
    "child_voice": lambda a: {"child_voice": a.child_voice + " She said she likes nursery."},
    "carers_views": lambda a: {"carers_views": a.carers_views + " Father agrees."},
    "strengths": lambda a: {"strengths": a.strengths + " Regular bedtime."},
    "analysis": lambda a: {"analysis": a.analysis.replace("Food remains", "Food is no longer")},
    "plan": lambda a: {"plan": with_first(a.plan, target_grade=3)},
    "action_reviews": lambda a: {"action_reviews": [
        ActionReview(action_id=a.plan[0].id, outcome=ActionOutcome.PARTLY_MET, note="Partly done.")]},
    "created_by": lambda a: {"created_by": uuid4()},
    "amends_id": lambda a: {"amends_id": uuid4()},
    "amendment_reason": lambda a: {"amendment_reason": "The second visit's date was wrong."},
    "participation": lambda a: {"participation": Participation(parent_view="I think things are better now.")},
    "shared_facts": lambda a: {"shared_facts": [SharedFact(kind=SharedFactKind.HOME_ITEM, key="home-conditions",
                                                           from_assessment_id=uuid4())]},
}


def test_every_field_of_an_assessment_is_either_content_or_workflow():
    # A new field must be classified on purpose: hashed (a reader relies on it) or not (it moves with review).
    assert CONTENT_FIELDS | WORKFLOW_FIELDS == set(Assessment.model_fields)
    assert not CONTENT_FIELDS & WORKFLOW_FIELDS


def test_every_content_field_has_a_change_checked_below():
    assert set(CHANGES) == CONTENT_FIELDS


@pytest.mark.parametrize("field", sorted(CHANGES))
def test_changing_any_content_field_changes_the_hash(field):
    edited = changed(ASSESSMENT, **CHANGES[field](ASSESSMENT))
    assert getattr(edited, field) != getattr(ASSESSMENT, field)
    assert assessment_content_hash(edited) != HASH


@given(field=st.sampled_from(TEXT_FIELDS), extra=st.text(min_size=1))
def test_any_added_words_change_the_hash(field, extra):
    edited = ASSESSMENT.model_copy(update={field: getattr(ASSESSMENT, field) + extra})
    assert assessment_content_hash(edited) != HASH


@given(position=st.integers(min_value=0), grade=st.integers(min_value=1, max_value=5))
def test_any_regraded_item_changes_the_hash(position, grade):
    graded = [item_id for item_id, item in ASSESSMENT.item_grades.items() if item.grade is not None]
    item_id = graded[position % len(graded)]
    original = ASSESSMENT.item_grades[item_id]
    edited = ASSESSMENT.model_copy(update={"item_grades": {
        **ASSESSMENT.item_grades, item_id: original.model_copy(update={"grade": grade})}})
    assert (assessment_content_hash(edited) == HASH) == (grade == original.grade)


@given(position=st.integers(min_value=0), text=st.text(min_size=1).filter(str.strip))
def test_any_reworded_evidence_note_changes_the_hash(position, text):
    index = position % len(ASSESSMENT.evidence)
    note = ASSESSMENT.evidence[index]
    evidence = list(ASSESSMENT.evidence)
    evidence[index] = note.model_copy(update={"text": text})
    assert (assessment_content_hash(ASSESSMENT.model_copy(update={"evidence": evidence})) == HASH) == (
        text == note.text)


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC))


@settings(max_examples=50)
@given(status=st.sampled_from(list(AssessmentStatus)), updated_at=moments, submitted_at=st.none() | moments,
       created_at=moments)
def test_moving_through_review_leaves_the_hash_alone(status, updated_at, submitted_at, created_at):
    signed = ASSESSMENT.model_copy(update={"status": status, "updated_at": updated_at,
                                           "submitted_at": submitted_at, "created_at": created_at})
    assert assessment_content_hash(signed) == HASH


def test_the_hash_survives_a_round_trip_through_python_and_json():
    assert assessment_content_hash(Assessment.model_validate(ASSESSMENT.model_dump())) == HASH
    assert assessment_content_hash(Assessment.model_validate(ASSESSMENT.model_dump(mode="json"))) == HASH
    assert assessment_content_hash(Assessment.model_validate_json(ASSESSMENT.model_dump_json())) == HASH


def test_the_same_moment_in_another_time_zone_hashes_the_same():
    # Storage reads every moment back in UTC; a note written in summer time must still match its signature.
    summer = timezone(timedelta(hours=1))
    evidence = [note.model_copy(update={"created_at": note.created_at.astimezone(summer)})
                for note in ASSESSMENT.evidence]
    assert assessment_content_hash(ASSESSMENT.model_copy(update={"evidence": evidence})) == HASH
    moved = [note.model_copy(update={"created_at": note.created_at + timedelta(seconds=1)})
             for note in ASSESSMENT.evidence]
    assert assessment_content_hash(ASSESSMENT.model_copy(update={"evidence": moved})) != HASH


def test_every_time_zone_object_at_offset_zero_hashes_as_utc():
    """A bundle read from JSON carries pydantic's own zone object, London in winter its ``ZoneInfo``: the same
    moment, the same hash, by the quick path as by the slow one."""
    from zoneinfo import ZoneInfo

    from pydantic import TypeAdapter

    read_from_json = TypeAdapter(datetime).validate_json('"2026-01-05T10:00:00Z"').tzinfo
    for zone in (read_from_json, ZoneInfo("Europe/London"), timezone(timedelta(0))):
        evidence = [note.model_copy(update={"created_at": note.created_at.replace(month=1).astimezone(zone),
                                            "updated_at": note.updated_at.replace(month=1).astimezone(zone)})
                    for note in ASSESSMENT.evidence]
        in_utc = [note.model_copy(update={"created_at": note.created_at.astimezone(UTC),
                                          "updated_at": note.updated_at.astimezone(UTC)}) for note in evidence]
        assert assessment_content_hash(ASSESSMENT.model_copy(update={"evidence": evidence})) == \
            assessment_content_hash(ASSESSMENT.model_copy(update={"evidence": in_utc})), zone


def test_the_order_grades_are_held_in_does_not_matter():
    reversed_grades = dict(reversed(list(ASSESSMENT.item_grades.items())))
    reversed_domains = dict(reversed(list(ASSESSMENT.domain_grades.items())))
    assert list(reversed_grades) != list(ASSESSMENT.item_grades)
    shuffled = ASSESSMENT.model_copy(update={"item_grades": reversed_grades, "domain_grades": reversed_domains})
    assert assessment_content_hash(shuffled) == HASH


def test_the_stored_order_of_evidence_is_content():
    # The report prints evidence in stored order, so moving a note is a change the signature must notice.
    swapped = [ASSESSMENT.evidence[1], ASSESSMENT.evidence[0], *ASSESSMENT.evidence[2:]]
    assert assessment_content_hash(ASSESSMENT.model_copy(update={"evidence": swapped})) != HASH


def test_two_records_with_the_same_words_have_different_hashes():
    twin = ASSESSMENT.model_copy(update={"id": uuid4()})
    assert assessment_content_hash(twin) != HASH


def test_the_hash_is_the_64_hex_digits_the_report_prints():
    assert len(HASH) == 64 and set(HASH) <= set("0123456789abcdef")


def test_a_visit_signed_before_recorded_on_existed_keeps_its_hash():
    from datetime import date

    from gcp_desk.domain.assessment import Visit
    from gcp_desk.scoring.signing_content import assessment_content

    visit = Visit(date=date(2026, 3, 2))
    content = assessment_content(Assessment(child_id=uuid4(), instrument_id="x", instrument_version="1",
                                            instrument_hash="0" * 64, visits=[visit]))
    assert "recorded_on" not in content["assessment"]["visits"][0]
    dated = visit.model_copy(update={"recorded_on": date(2026, 3, 20)})
    content = assessment_content(Assessment(child_id=uuid4(), instrument_id="x", instrument_version="1",
                                            instrument_hash="0" * 64, visits=[dated]))
    assert content["assessment"]["visits"][0]["recorded_on"] == "2026-03-20"


def test_a_shared_fact_signed_before_replaced_grades_were_kept_keeps_its_hash():
    from gcp_desk.scoring.signing_content import assessment_content

    fact = SharedFact(kind=SharedFactKind.HOME_ITEM, key="home-conditions", from_assessment_id=uuid4())
    signed = changed(ASSESSMENT, shared_facts=[fact])
    (stored,) = assessment_content(signed)["assessment"]["shared_facts"]
    assert "replaced_grade" not in stored  # as it was hashed before the field existed
    regraded = changed(ASSESSMENT, shared_facts=[fact.model_copy(update={"replaced_grade": 3})])
    assert assessment_content_hash(regraded) != assessment_content_hash(signed)
