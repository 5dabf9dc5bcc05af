"""``gcp-desk settings retention``: anyone signed in reads the rule; an administrator changes the parts given, the
other settings in the file kept and the change audited; a bad value is named and nothing is written; anyone else
is refused."""

from __future__ import annotations

import json

import pytest

from cli_runner import gcp_desk, open_unlocked


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("settings")
    assert gcp_desk("demo", "--children", "4", "--quiet", data_dir=folder).returncode == 0
    return folder


def _rule(folder) -> dict:
    return json.loads((folder / "settings.json").read_text(encoding="utf-8"))["retention"]


def test_the_rule_is_read_changed_and_audited(laptop):
    shown = gcp_desk("settings", "retention", data_dir=laptop, as_="Sam Whitfield")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == ("A record comes up for review when the child turns 25. A record kept because the "
                                    "child is or was looked after does not come up again before their 75th birthday.")
    last_user = json.loads((laptop / "settings.json").read_text(encoding="utf-8")).get("last_user_id")
    changed = gcp_desk("settings", "retention", "--inactive-years", "6", "--looked-after-age", "off", data_dir=laptop,
                       as_="Alex Morrow")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.splitlines() == [
        "Saved the retention rule; the change is recorded in the audit trail.",
        "A record comes up for review when the child turns 25, or 6 years after the record last changed, whichever "
        "comes first. A record kept because the child is or was looked after comes up again like any other."]
    assert _rule(laptop) == {"review_at_age": 25, "review_years_after_last_activity": 6,
                             "review_at_age_if_looked_after": None}
    assert json.loads((laptop / "settings.json").read_text(encoding="utf-8")).get("last_user_id") == last_user
    again = gcp_desk("settings", "retention", "--age", "25", data_dir=laptop, as_="Alex Morrow")
    assert again.stdout.startswith("Nothing to save: the rule is as it was.")
    backend = open_unlocked(laptop, "Alex Morrow")
    try:
        with backend.db.read() as uow:
            [event] = uow.audit.events_of(("settings.retention",))
    finally:
        backend.close()
    assert event.after == {"review_at_age": 25, "review_years_after_last_activity": 6,
                           "review_at_age_if_looked_after": None}


def test_a_bad_value_or_person_is_refused_and_nothing_is_written(laptop):
    before = (laptop / "settings.json").read_bytes()
    young = gcp_desk("settings", "retention", "--age", "12", data_dir=laptop, as_="Alex Morrow")
    assert young.returncode == 2 and "The age for review must be from 18 to 120, not 12" in young.stderr
    words = gcp_desk("settings", "retention", "--age", "soon", data_dir=laptop, as_="Alex Morrow")
    assert words.returncode == 2 and "'soon' is not a whole number or 'off'" in words.stderr
    sam = gcp_desk("settings", "retention", "--age", "30", data_dir=laptop, as_="Sam Whitfield")
    assert sam.returncode != 0 and "Only an administrator changes the retention rule" in sam.stderr
    assert (laptop / "settings.json").read_bytes() == before
