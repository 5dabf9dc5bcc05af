"""The retention rule as an administrator changes it: checked whole with each problem named and nothing written;
saved to settings.json with every other setting kept; recorded in the audit trail with numbers only; in use at once
by the records due for review; refused to anyone but an administrator."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from gcp_desk.app import open_backend
from gcp_desk.domain.errors import InvalidInput, PermissionDenied
from gcp_desk.services.retention import RetentionService
from gcp_desk.settings import Settings

from records_support import signed_in

AGE_ONLY = {"review_at_age": 25, "review_years_after_last_activity": None, "review_at_age_if_looked_after": 75}


@pytest.fixture
def admin(source):
    settings = Settings.load(source.settings_file)
    settings.organisation_name = "Northgate Children's Services"
    settings.idle_lock_minutes = 7
    settings.save(source.settings_file)
    backend = open_backend(source)
    yield backend, signed_in(backend, "Alex Morrow")
    backend.close()


def test_a_new_rule_is_saved_with_the_other_settings_audited_and_used_at_once(admin):
    backend, alex = admin
    file = backend.paths.settings_file
    due = lambda: RetentionService(replace(backend.context(alex), today=lambda: date(2030, 1, 1))).due()  # noqa: E731
    assert due() == []  # in 2030 nobody of the demo has turned 25
    changed = backend.settings_editor(alex).set_retention_rule(
        review_at_age=18, review_years_after_last_activity=None, review_at_age_if_looked_after=75)
    assert changed
    on_file = json.loads(file.read_text(encoding="utf-8"))
    assert on_file["retention"] == {"review_at_age": 18, "review_years_after_last_activity": None,
                                    "review_at_age_if_looked_after": 75}
    assert on_file["organisation_name"] == "Northgate Children's Services" and on_file["idle_lock_minutes"] == 7
    assert sorted(file.parent.glob("*.tmp")) == [] and sorted(file.parent.glob(".settings-*")) == []
    assert due() and all(entry.why.startswith("turned 18 on ") for entry in due())  # the new rule, at once
    with backend.db.read() as uow:
        [event] = uow.audit.events_of(("settings.retention",))
    assert (event.actor_id, event.entity, event.entity_id) == (alex.id, "settings", "retention")
    assert (event.before, event.after) == (AGE_ONLY, {**AGE_ONLY, "review_at_age": 18})
    # the same rule again writes nothing and records nothing
    stamp = file.stat().st_mtime_ns
    assert not backend.settings_editor(alex).set_retention_rule(
        review_at_age=18, review_years_after_last_activity=None, review_at_age_if_looked_after=75)
    assert file.stat().st_mtime_ns == stamp
    with backend.db.read() as uow:
        assert len(uow.audit.events_of(("settings.retention",))) == 1


def test_years_since_the_last_activity_bring_quiet_records_up(admin):
    backend, alex = admin
    backend.settings_editor(alex).set_retention_rule(
        review_at_age=None, review_years_after_last_activity=3, review_at_age_if_looked_after=None)
    listed = RetentionService(replace(backend.context(alex), today=lambda: date(2031, 1, 1))).due()
    assert listed and all(entry.why.startswith("no activity since ") for entry in listed)
    assert Settings.load(backend.paths.settings_file).retention.review_years_after_last_activity == 3


@pytest.mark.parametrize(("rule", "message"), [
    ({"review_at_age": 12}, "The age for review must be from 18 to 120, not 12"),
    ({"review_at_age": 121}, "The age for review must be from 18 to 120, not 121"),
    ({"review_years_after_last_activity": 0}, "The years since the last activity must be from 1 to 100, not 0"),
    ({"review_at_age_if_looked_after": 200}, "The age for children looked after must be from 18 to 120, not 200"),
    ({"review_at_age_if_looked_after": 25},
     "The age for children looked after (25) must be above the age for other children (25): their records are "
     "kept longer"),
    ({"review_at_age": None, "review_years_after_last_activity": None},
     "Choose an age, or years since the last activity, or both: with neither, no record would ever come up for "
     "review"),
])
def test_a_bad_rule_is_named_and_nothing_is_written(admin, rule, message):
    backend, alex = admin
    file = backend.paths.settings_file
    before = file.read_bytes()
    with pytest.raises(InvalidInput) as refused:
        backend.settings_editor(alex).set_retention_rule(**{**AGE_ONLY, **rule})
    assert [problem.message for problem in refused.value.problems] == [message]
    assert file.read_bytes() == before
    assert backend.settings.retention.review_at_age == 25
    with backend.db.read() as uow:
        assert uow.audit.events_of(("settings.retention",)) == []


def test_every_problem_is_named_at_once(admin):
    backend, alex = admin
    with pytest.raises(InvalidInput) as refused:
        backend.settings_editor(alex).set_retention_rule(
            review_at_age=5, review_years_after_last_activity=500, review_at_age_if_looked_after=1)
    assert len(refused.value.problems) == 3


def test_only_an_administrator_changes_the_rule(admin):
    backend, _alex = admin
    file = backend.paths.settings_file
    before = file.read_bytes()
    for name in ("Sam Whitfield", "Dee Okafor"):
        person = signed_in(backend, name)
        assert backend.settings_editor(person).retention_rule().review_at_age == 25  # anyone may read it
        with pytest.raises(PermissionDenied, match="Only an administrator changes the retention rule"):
            backend.settings_editor(person).set_retention_rule(**{**AGE_ONLY, "review_at_age": 30})
    assert file.read_bytes() == before


def test_the_file_is_put_back_when_the_audit_event_cannot_be_saved(admin, monkeypatch):
    backend, alex = admin
    file = backend.paths.settings_file
    before = file.read_bytes()
    real = Settings.save

    def saved_then_the_commit_fails(self, path):
        real(self, path)
        raise OSError("the database went away")

    monkeypatch.setattr(Settings, "save", saved_then_the_commit_fails)
    with pytest.raises(OSError, match="went away"):
        backend.settings_editor(alex).set_retention_rule(**{**AGE_ONLY, "review_at_age": 30})
    assert file.read_bytes() == before and backend.settings.retention.review_at_age == 25
    with backend.db.read() as uow:
        assert uow.audit.events_of(("settings.retention",)) == []
