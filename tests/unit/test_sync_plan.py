"""What a sync does with each record, worked out from the two sides' files and the bases they last agreed: a record
held on one side only is copied across or, removed on the other side since they agreed and unchanged where it is,
removed there too; records are compared as their bundle carries them, so columns each copy works out for itself
never make a record look changed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from gcp_desk.sync.plan import make_plan, unit_hash
from gcp_desk.sync.records import ALIAS, ASSESSMENT, EVENT, GRADE, LINK, ChildFiles

CHILD_ID = uuid4()
WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _event(version: int = 1, **values) -> dict:
    return {"id": values.pop("id", uuid4()), "child_id": CHILD_ID, "date": date(2026, 11, 1), "kind": "incident",
            "what_happened": "Invented.", "source_agency": "School", "recorded_by": None, "created_at": WHEN,
            "version": version, **values}


def _assessment(**values) -> dict:
    return {"id": values.pop("id", uuid4()), "child_id": CHILD_ID, "status": "draft", "updated_at": WHEN,
            "analysis": "", "assessment_date": date(2026, 11, 2), "concern_domains": "", **values}


def _files(*rows: tuple) -> ChildFiles:
    files = ChildFiles()
    for kind, row in rows:
        files.of(kind)[kind.key_of(row)] = row
    return files


def test_a_record_held_on_one_side_is_copied_across_or_removed_where_the_other_side_removed_it():
    new_here, new_there = _event(), _event()
    removed_there, changed_since = _event(version=3), _event(version=5)
    removed_here = _event(version=2)
    mine = _files((EVENT, new_here), (EVENT, removed_there), (EVENT, changed_since))
    theirs = _files((EVENT, new_there), (EVENT, removed_here))
    bases = {("event", removed_there["id"]): 3, ("event", changed_since["id"]): 4, ("event", removed_here["id"]): 2}
    plan = make_plan(mine, theirs, bases)
    assert plan.send["event"] == [new_here, changed_since]  # changed here after the server removed it: kept
    assert plan.receive["event"] == [new_there]
    assert plan.delete_here["event"] == [(removed_there["id"],)]
    assert plan.delete_there["event"] == [(removed_here["id"],)]
    assert sorted(plan.forget, key=str) == sorted([("event", removed_there["id"]), ("event", removed_here["id"])],
                                                  key=str)
    assert plan.bases[("event", new_here["id"])] == 1 and plan.bases[("event", changed_since["id"])] == 5


def test_assessments_and_links_held_on_one_side_follow_the_same_rule():
    sent, discarded = _assessment(), _assessment()
    grade = {"assessment_id": sent["id"], "item_id": "item-1", "grade": 2, "not_assessed_reason": None,
             "updated_at": WHEN}
    link_here = {"child_id": CHILD_ID, "adult_id": uuid4(), "relationship": "mother"}
    link_removed_there = {"child_id": CHILD_ID, "adult_id": uuid4(), "relationship": "father"}
    mine = _files((ASSESSMENT, sent), (GRADE, grade), (ASSESSMENT, discarded), (LINK, link_here),
                  (LINK, link_removed_there))
    bases = {("assessment", discarded["id"]): 7, ("link", LINK.record_id(LINK.key_of(link_removed_there))): 1}
    plan = make_plan(mine, ChildFiles(), bases)
    assert plan.send["assessment"] == [sent] and plan.send["item_grade"] == [grade]
    assert plan.bases[("assessment", sent["id"])] == unit_hash(sent, {"item_grade": {("x",): grade}})
    assert plan.delete_here["assessment"] == [(discarded["id"],)]
    assert plan.send["link"] == [link_here]
    assert plan.delete_here["link"] == [LINK.key_of(link_removed_there)]


def _alias(adult_id=None) -> dict:
    return {"alias_id": uuid4(), "adult_id": adult_id or uuid4(), "merged_by": None, "merged_at": WHEN}


def test_the_ids_of_merged_away_adults_held_on_one_side_follow_the_same_rule():
    """A merge made on one side reaches the other; an alias removed with its adult on one side goes on the other."""
    new_here, new_there, removed_there, removed_here = _alias(), _alias(), _alias(), _alias()
    mine = _files((ALIAS, new_here), (ALIAS, removed_there))
    theirs = _files((ALIAS, new_there), (ALIAS, removed_here))
    bases = {("alias", removed_there["alias_id"]): 1, ("alias", removed_here["alias_id"]): 1}
    plan = make_plan(mine, theirs, bases)
    assert plan.send["alias"] == [new_here] and plan.receive["alias"] == [new_there]
    assert plan.delete_here["alias"] == [(removed_there["alias_id"],)]
    assert plan.delete_there["alias"] == [(removed_here["alias_id"],)]
    assert sorted(plan.forget, key=str) == sorted([("alias", removed_there["alias_id"]),
                                                   ("alias", removed_here["alias_id"])], key=str)
    assert plan.bases == {("alias", new_here["alias_id"]): 1, ("alias", new_there["alias_id"]): 1}


def test_columns_each_copy_works_out_for_itself_do_not_make_an_assessment_look_changed():
    """The caseload's copies of an assessment's date and domains of concern are not in its bundle: two sides that
    hold the same assessment agree on it whatever each worked them out as."""
    here = _assessment()
    there = {**here, "assessment_date": date(2026, 6, 1), "concern_domains": "home-conditions"}
    agreed = unit_hash(here, {})
    assert unit_hash(there, {}) == agreed
    plan = make_plan(_files((ASSESSMENT, here)), _files((ASSESSMENT, there)), {("assessment", here["id"]): agreed})
    assert plan.sent() == plan.received() == 0 and plan.conflicts == []
    changed = {**there, "analysis": "Invented analysis, written in the office."}
    plan = make_plan(_files((ASSESSMENT, here)), _files((ASSESSMENT, changed)), {("assessment", here["id"]): agreed})
    assert plan.receive["assessment"] == [changed] and plan.sent() == 0
