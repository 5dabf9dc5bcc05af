"""A bundle of 100 children with one bad record imports nothing and names the bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from gcp_desk.app import open_backend
from gcp_desk.paths import AppPaths

from household_keys import assert_keys_agree
from records_support import export_from, import_file, load, row_counts, save, table_rows


@pytest.fixture(scope="module")
def hundred_children(tmp_path_factory) -> Path:
    from gcp_desk.app import give_demo_passwords
    from gcp_desk.demo.caseload import DemoCaseload

    folder = tmp_path_factory.mktemp("hundred")
    backend = open_backend(AppPaths.at(folder / "source"))
    demo = DemoCaseload(backend.db, seed=5)
    demo.write(230)
    give_demo_passwords(backend, demo.users)
    backend.close()
    bundle = load(export_from(AppPaths.at(folder / "source"), folder / "all.json", passphrase=None))
    assert len(bundle["children"]) >= 100
    bundle["children"] = bundle["children"][:100]
    households = {child["household_id"] for child in bundle["children"]}
    bundle["households"] = [h for h in bundle["households"] if h["id"] in households]
    return save(bundle, folder / "hundred.json")


def test_one_bad_child_among_a_hundred_imports_nothing_and_is_named(target, hundred_children, tmp_path):
    bundle = load(hundred_children)
    child = bundle["children"][73]
    assessment = next(a for a in child["assessments"] if a["item_grades"])
    index = child["assessments"].index(assessment)
    item = sorted(assessment["item_grades"])[0]
    assessment["item_grades"][item]["grade"] = 7
    rows, counts = table_rows(target), row_counts(target)
    outcome = import_file(target, save(bundle, tmp_path / "bad.json"))
    assert not outcome.ok
    assert f"children[73].assessments[{index}].item_grades.{item}: grade 7 is not on the 1-5 scale" in \
        outcome.problems
    assert all(problem.startswith("children[73].") for problem in outcome.problems), outcome.problems
    assert table_rows(target) == rows
    assert row_counts(target)["audit_events"] == counts["audit_events"] + 1


def test_the_same_hundred_without_the_bad_record_import_whole(target, hundred_children):
    outcome = import_file(target, hundred_children)
    assert outcome.ok, outcome.problems[:5]
    assert outcome.added_children == 100
    assert row_counts(target)["children"] == 100
    assert_keys_agree(target)  # each imported child under its own household in the grouped caseload
