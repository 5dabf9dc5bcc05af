"""Siblings assessed together: one assessment per child started in one step on the same visit; household facts
(visits, how the home was seen, context, how an adult took part) entered once and shown in each sibling's open
assessment, context and adults unconfirmed for each child's practitioner; each child's grades their own; a signed
sibling never changes."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.assessment import ContextEntry, HowSeen
from gcp_desk.domain.enums import AssessmentStatus, ContextFactor, Involvement, Relationship, Sex
from gcp_desk.domain.errors import InvalidInput, NotAllowed
from gcp_desk.services.siblings import SiblingAssessmentService


@pytest.fixture
def family(services):
    first = services.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2012, 2, 1),
                                           new_household=("Quill household", "4 Mill Lane"))
    kids = [first] + [services.children.create_child(given_name=name, family_name="Quill", date_of_birth=born,
                                                     household_id=first.household_id)
                      for name, born in (("Ben", date(2015, 3, 3)), ("Cal", date(2018, 4, 4)),
                                         ("Dot", date(2020, 5, 5)), ("Eve", date(2023, 6, 6)))]
    record = services.children.add_adult(first.id, given_name="Dee", family_name="Quill", sex=Sex.FEMALE,
                                         relationship=Relationship.MOTHER, parental_responsibility=True,
                                         lives_with_child=True)
    dee = record.adults[0].adult
    for kid in kids[1:]:
        services.children.link_adult(kid.id, dee.id, Relationship.MOTHER, parental_responsibility=True,
                                     lives_with_child=True)
    return kids, dee


@pytest.fixture
def together(services):
    return SiblingAssessmentService(services.children._context)


def test_shared_fact_start_together_puts_every_child_on_the_same_visit(family, together):
    kids, _ = family
    started = together.start_together([k.id for k in kids], on=date(2026, 10, 20), announced=False,
                                      visitors=["Ama Boateng, social worker"])
    assert [a.child_id for a in started] == [k.id for k in kids]
    assert len({a.visits[0].id for a in started}) == 1
    assert [a.age_band for a in started][-1] != started[0].age_band  # each child's own age band


def test_shared_fact_entered_once_shows_in_every_open_sibling(services, family, together):
    kids, dee = family
    ava, ben, cal, *_ = together.start_together([k.id for k in kids], on=date(2026, 10, 20))
    services.assessments.add_visit(ava.id, on=date(2026, 10, 27), announced=False)
    services.assessments.set_how_seen(ava.id, HowSeen(child_seen=True, child_seen_alone=True,
                                                      rooms_seen=["kitchen", "bedrooms"], present=["Dee Quill"]))
    services.assessments.set_context(ava.id, [ContextEntry(factor=ContextFactor.DOMESTIC_ABUSE,
                                                           note="Police call-out in September.")])
    services.assessments.set_adult_involvement(ava.id, dee.id, Involvement.SEEN_AND_SPOKEN_WITH)
    ben_now = services.assessments.get(ben.id)
    assert [v.date for v in ben_now.visits] == [date(2026, 10, 20), date(2026, 10, 27)]
    assert ben_now.how_seen.rooms_seen == ["kitchen", "bedrooms"] and ben_now.how_seen.present == ["Dee Quill"]
    assert not ben_now.how_seen.child_seen  # whether Ben was seen is Ben's own
    (context,) = ben_now.context
    assert context.factor is ContextFactor.DOMESTIC_ABUSE and not context.confirmed
    (adult,) = ben_now.adults
    assert adult.involvement is Involvement.SEEN_AND_SPOKEN_WITH and not adult.confirmed
    assert services.assessments.get(ava.id).context[0].confirmed  # the one who typed it confirmed it
    with services.backend.db.transaction() as uow:
        shared = [e for e in uow.audit.for_entity(str(cal.id)) if e.action == "assessment.household-fact"]
    assert len(shared) == 4 and all(e.after["from_assessment_id"] == str(ava.id) for e in shared)


def test_shared_fact_never_changes_a_signed_sibling(services, family, together, backend):
    kids, _ = family
    ava, ben, cal = together.start_together([k.id for k in kids[:3]], on=date(2026, 10, 20))
    with backend.db.transaction() as uow:
        uow.assessments.update_fields(ben.id, status=AssessmentStatus.SUBMITTED)
    services.assessments.add_visit(ava.id, on=date(2026, 10, 27))
    assert len(services.assessments.get(ben.id).visits) == 1
    assert len(services.assessments.get(cal.id).visits) == 2
    assert [a.id for a in together.siblings_of(ava.id)] == [cal.id]


def test_sibling_grid_shows_each_childs_own_grade_for_the_item(services, family, together):
    kids, _ = family
    ava, ben, *_ = together.start_together([k.id for k in kids[:3]], on=date(2026, 10, 20))
    services.assessments.grade_item(ava.id, "clothing", 2)
    services.assessments.grade_item(ben.id, "clothing", 4)
    grid = together.sibling_grades(ava.id, "clothing")
    assert [(g.child.given_name, g.grade) for g in grid] == [("Ava", 2), ("Ben", 4), ("Cal", None)]


def test_sibling_grid_lists_the_open_siblings_on_the_same_visits_as_shared_facts_reach_them(
        services, family, together, backend):
    kids, _ = family
    ava, ben, cal, dot = together.start_together([k.id for k in kids[:4]], on=date(2026, 10, 20))
    eve = services.assessments.start(kids[4].id)  # not on the family's visit
    services.assessments.add_visit(eve.id, on=date(2026, 10, 21))
    with backend.db.transaction() as uow:
        uow.assessments.update_fields(cal.id, status=AssessmentStatus.SUBMITTED)  # signed: no longer open
    services.assessments.mark_not_assessed(dot.id, "clothing", "Asleep during the visit.")
    services.assessments.grade_item(ben.id, "clothing", 5)
    grid = together.sibling_grades(ava.id, "clothing")
    assert [(g.child.given_name, g.grade) for g in grid] == [("Ava", None), ("Ben", 5), ("Dot", None)]
    assert [g.assessment_id for g in grid[1:]] == [a.id for a in together.siblings_of(ava.id)] == [ben.id, dot.id]
    assert [g.child.given_name for g in together.sibling_grades(eve.id, "clothing")] == ["Eve"]


def test_start_together_is_all_or_nothing(services, family, together):
    kids, _ = family
    services.assessments.start(kids[2].id)
    with pytest.raises(NotAllowed, match="Cal Quill already has an assessment in progress"):
        together.start_together([k.id for k in kids], on=date(2026, 10, 20))
    assert services.assessments.history(kids[0].id) == []
    loner = services.children.create_child(given_name="Sol", family_name="Marsh", date_of_birth=date(2019, 1, 1))
    with pytest.raises(InvalidInput, match="one household"):
        together.start_together([kids[0].id, loner.id], on=date(2026, 10, 20))
