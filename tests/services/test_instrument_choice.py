"""Administrators choose the instrument a child's first assessment uses; files that failed to load are listed with
their problems; repeat assessments keep their child's instrument."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import PermissionDenied
from gcp_desk.services.instrument_choice import InstrumentChoiceService

from conftest_services import TODAY

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "instruments"


@pytest.fixture
def installed(backend):
    folder = backend.paths.instruments_dir
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "mini-profile-1.json", folder)
    shutil.copy(FIXTURES / "broken-json.json", folder)
    backend.instruments.reload()
    return backend


def choice_as(backend, user):
    return InstrumentChoiceService(replace(backend.context(user), today=lambda: TODAY))


def test_an_administrator_chooses_a_licensed_instrument_for_new_children(installed, add_user, services):
    admin = add_user("Test Administrator", Role.ADMINISTRATOR)
    choices = choice_as(installed, admin.user).choices()
    assert [(i.id, i.version) for i in choices.installed] == [
        ("gcp-desk-neglect-profile", "1"), ("gcp-desk-neglect-profile", "2"), ("gcp-desk-neglect-profile", "3"),
        ("mini-profile", "1")]
    assert (choices.chosen.id, choices.chosen.version) == ("gcp-desk-neglect-profile", "3")
    assert any("broken-json.json" in line for line in choices.problems)

    with pytest.raises(PermissionDenied, match="Only an administrator"):
        choice_as(installed, services.user).choose("mini-profile", "1")
    choice_as(installed, admin.user).choose("mini-profile", "1")
    assert choice_as(installed, services.user).choices().chosen.id == "mini-profile"
    with installed.db.transaction() as uow:
        [event] = [e for e in uow.audit.for_entity("new_assessment_instrument")]
    assert event.after == {"instrument": "mini-profile 1"}


def test_a_new_childs_first_assessment_uses_the_choice_and_a_repeat_keeps_its_instrument(
        installed, add_user, services, child_with_parents):
    admin = add_user("Test Administrator", Role.ADMINISTRATOR)
    choice_as(installed, admin.user).choose("mini-profile", "1")
    first = services.assessments.start(child_with_parents.id)
    assert first.instrument_id == "mini-profile"
    # A child already assessed with the built-in one keeps it, so change stays measurable.
    other = services.children.create_child(given_name="Ash", family_name="Testcase",
                                           date_of_birth=child_with_parents.date_of_birth,
                                           sex=child_with_parents.sex)
    assert services.assessments.start(other.id, instrument_id="gcp-desk-neglect-profile").instrument_version == "3"
