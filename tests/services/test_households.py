"""The household as the family's unit: a second child joins the household already recorded, adults are recorded
once and linked to each child with that child's relationship, a child moves household on a recorded date, and a
supervisor merges duplicate adults with every link and unsigned record moved and the old id kept as an alias."""

from __future__ import annotations

from datetime import date

import pytest

from gcp_desk.domain.enums import AssessmentStatus, Relationship, Role, Sex
from gcp_desk.domain.errors import InvalidInput, PermissionDenied
from gcp_desk.domain.people import Team

from conftest_services import TODAY


@pytest.fixture
def teams(backend):
    north, river = Team(name="Northgate team"), Team(name="Riverside team")
    with backend.db.transaction() as uow:
        uow.users.add_team(north)
        uow.users.add_team(river)
    return north, river


@pytest.fixture
def people(add_user, teams):
    north, river = teams
    return {
        "ben": add_user("Ben Carter", Role.PRACTITIONER, north.id),
        "grace": add_user("Grace Mensah", Role.SUPERVISOR, north.id),
        "jo": add_user("Jo Macintyre", Role.PRACTITIONER, river.id),
    }


@pytest.fixture
def family(people):
    """Two sisters in one household, made as a practitioner would: the second joins the first one's household."""
    ben = people["ben"]
    ava = ben.children.create_child(given_name="Ava", family_name="Quill", date_of_birth=date(2015, 2, 1),
                                    sex=Sex.FEMALE, new_household=("Quill household", "4 Mill Lane, Dunmere"))
    found = ben.households.search("mill lane")
    assert [h.id for h in found.households] == [ava.household_id]
    mia = ben.children.create_child(given_name="Mia", family_name="Quill", date_of_birth=date(2021, 6, 9),
                                    sex=Sex.FEMALE, household_id=ava.household_id)
    return ben, ava, mia


def test_a_second_child_joins_the_household_found_by_name_or_address(family):
    ben, ava, mia = family
    assert mia.household_id == ava.household_id
    assert [c.given_name for c in ben.children.siblings(ava.id)] == ["Mia"]
    assert [h.name for h in ben.households.search("QUILL").households] == ["Quill household"]
    assert ben.households.search("no such place").households == []


def test_adults_are_recorded_once_and_offered_for_the_sibling_with_their_own_relationship(family):
    ben, ava, mia = family
    ben.children.add_adult(ava.id, given_name="Dee", family_name="Quill", relationship=Relationship.MOTHER,
                           sex=Sex.FEMALE, parental_responsibility=True, lives_with_child=True)
    ben.children.add_adult(ava.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                           sex=Sex.MALE, parental_responsibility=True, lives_with_child=True, part_time=True)
    offered = ben.households.known_adults(mia.id)
    assert [k.adult.full_name for k in offered] == ["Dee Quill", "Tom Reyes"]
    assert all(k.in_childs_household for k in offered)
    tom = next(k.adult for k in offered if k.adult.given_name == "Tom")
    record = ben.children.link_adult(mia.id, tom.id, Relationship.STEPFATHER, lives_with_child=True)
    links = {s.adult.full_name: s.link for s in record.adults}
    assert links["Tom Reyes"].relationship is Relationship.STEPFATHER
    assert not links["Tom Reyes"].parental_responsibility
    ava_links = {s.adult.full_name: s.link for s in ben.children.record(ava.id).adults}
    assert ava_links["Tom Reyes"].relationship is Relationship.FATHER and ava_links["Tom Reyes"].part_time
    assert [k.adult.full_name for k in ben.households.known_adults(mia.id)] == ["Dee Quill"]
    with ben.backend.db.transaction() as uow:
        assert len(uow.adults.around_households([ava.household_id])) == 2  # no copies


def test_adults_of_a_linked_household_are_offered_after_the_childs_own(family):
    ben, ava, mia = family
    # Ava's father lives elsewhere with his partner: recorded in his own household.
    dad_home = ben.children.create_household("Reyes household", "Flat 2, Quay Street")
    joe = ben.children.create_child(given_name="Joe", family_name="Reyes", date_of_birth=date(2012, 1, 1),
                                    sex=Sex.MALE, household_id=dad_home.id)
    ben.children.add_adult(joe.id, given_name="Lena", family_name="Reyes", relationship=Relationship.MOTHER,
                           sex=Sex.FEMALE, lives_with_child=True)
    record = ben.children.add_adult(ava.id, given_name="Dee", family_name="Quill",
                                    relationship=Relationship.MOTHER, sex=Sex.FEMALE)
    lena = next(a for a in ben.children.record(joe.id).adults if a.adult.given_name == "Lena").adult
    ben.children.link_adult(ava.id, lena.id, Relationship.FATHERS_PARTNER)
    offered = ben.households.known_adults(mia.id)
    assert [(k.adult.full_name, k.in_childs_household) for k in offered] == [
        ("Dee Quill", True), ("Lena Reyes", True)]  # Lena is linked to a child of this household
    assert record.household.id == ava.household_id


def test_a_move_is_recorded_with_its_date_on_the_chronology_and_audited(family, people):
    ben, ava, mia = family
    gran = ben.children.create_household("Gran's house", "9 Hill Row")
    record = ben.households.move_child(mia.id, gran.id, date(2026, 11, 2))
    assert record.household.id == gran.id
    (move,) = ben.households.moves(mia.id)
    assert (move.from_household_id, move.to_household_id, move.moved_on) == (ava.household_id, gran.id,
                                                                              date(2026, 11, 2))
    with ben.backend.db.transaction() as uow:
        kinds = [e.kind.value for e in uow.events.for_child(mia.id)]
        trail = [e for e in uow.audit.for_entity(str(mia.id)) if e.action == "child.move-household"]
    assert kinds == ["house-move"]
    assert trail and "Gran" not in str(trail[0].after)
    with pytest.raises(InvalidInput, match="after today"):
        ben.households.move_child(mia.id, ava.household_id, date(TODAY.year + 1, 1, 1))
    assert ben.children.get(mia.id).household_id == gran.id  # nothing half-written


def test_another_teams_household_is_only_said_to_exist_and_cannot_be_joined(family, people):
    ben, ava, _ = family
    jo = people["jo"]
    found = jo.households.search("Quill")
    assert found.households == [] and found.elsewhere == 1
    assert "another team" in found.elsewhere_words and "Quill" not in found.elsewhere_words
    with pytest.raises(PermissionDenied, match="another team"):
        jo.children.create_child(given_name="Zed", family_name="Quill", date_of_birth=date(2020, 1, 1),
                                 household_id=ava.household_id)
    zed = jo.children.create_child(given_name="Zed", family_name="Other", date_of_birth=date(2020, 1, 1))
    with pytest.raises(PermissionDenied):
        jo.households.move_child(zed.id, ava.household_id, TODAY)


def test_merge_moves_every_link_and_draft_and_keeps_the_old_id_as_an_alias(family, people):
    ben, ava, mia = family
    grace = people["grace"]
    ben.children.add_adult(ava.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                           sex=Sex.MALE, parental_responsibility=True)
    # The duplicate made before households could be chosen: a second Tom for Mia, with his date of birth.
    ben.children.add_adult(mia.id, given_name="Tom", family_name="Reyes", relationship=Relationship.STEPFATHER,
                           sex=Sex.MALE, date_of_birth=date(1990, 3, 3), lives_with_child=True)
    kept = next(a.adult for a in ben.children.record(ava.id).adults)
    duplicate = next(a.adult for a in ben.children.record(mia.id).adults)
    draft = ben.assessments.start(mia.id)
    assert [a.adult_id for a in draft.adults] == [duplicate.id]
    with pytest.raises(PermissionDenied, match="supervisor"):
        ben.households.merge_adults(kept.id, duplicate.id)
    merged = grace.households.merge_adults(kept.id, duplicate.id)
    assert merged.id == kept.id and merged.date_of_birth == date(1990, 3, 3)
    mia_links = {s.adult.id: s.link.relationship for s in ben.children.record(mia.id).adults}
    assert mia_links == {kept.id: Relationship.STEPFATHER}
    assert [a.adult_id for a in ben.assessments.get(draft.id).adults] == [kept.id]
    with ben.backend.db.transaction() as uow:
        assert uow.adults.get(duplicate.id).id == kept.id  # the old id resolves to the person kept
        (event,) = [e for e in uow.audit.for_entity(str(kept.id)) if e.action == "adult.merge"]
    assert event.after["alias_id"] == str(duplicate.id) and "Tom" not in str(event.after)
    with pytest.raises(InvalidInput):
        grace.households.merge_adults(kept.id, kept.id)
    with pytest.raises(InvalidInput, match="merged already"):
        grace.households.merge_adults(kept.id, duplicate.id)
    with pytest.raises(InvalidInput, match="merged already"):
        grace.households.merge_adults(duplicate.id, kept.id)  # the alias stands for the same person


def test_a_signed_assessment_keeps_the_merged_away_id(family, people, backend):
    ben, ava, _ = family
    ben.children.add_adult(ava.id, given_name="Tom", family_name="Reyes", relationship=Relationship.FATHER,
                           sex=Sex.MALE)
    ben.children.add_adult(ava.id, given_name="Tommy", family_name="Reyes", relationship=Relationship.OTHER,
                           sex=Sex.MALE)
    adults = {a.adult.given_name: a.adult for a in ben.children.record(ava.id).adults}
    signed = ben.assessments.start(ava.id)
    with backend.db.transaction() as uow:  # as if countersigned long ago
        uow.assessments.update_fields(signed.id, status=AssessmentStatus.COUNTERSIGNED)
    people["grace"].households.merge_adults(adults["Tom"].id, adults["Tommy"].id)
    kept_ids = {a.adult_id for a in ben.assessments.get(signed.id).adults}
    assert adults["Tommy"].id in kept_ids


def test_the_reason_a_father_is_unknown_is_recorded_and_can_be_withdrawn(family):
    ben, ava, _ = family
    record = ben.households.record_father_unknown(ava.id, "  Mother says she does not know who he is  ")
    assert record.father_accounted_for
    assert record.child.father_unknown_reason == "Mother says she does not know who he is"
    assert not ben.households.record_father_unknown(ava.id, "").father_accounted_for
