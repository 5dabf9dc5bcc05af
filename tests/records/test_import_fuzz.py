"""Fuzzed bundles: a valid bundle mutated at random (a value replaced, a field removed, a record repeated, bytes cut
off or changed) never raises out of import, and a refused import writes nothing: every table row for row as it
was, apart from one audit event recording the refusal.

``make test`` runs a few dozen cases. The dedicated run of 10,000 or more:

    GCP_DESK_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest tests/records/test_import_fuzz.py -k sqlite -q -s

(``GCP_DESK_FUZZ_PROGRESS=FILE`` writes the count so far to FILE every 250 cases.)
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcp_desk.bundle.models import RECORD_ARRAYS
from gcp_desk.bundle.reading import BundleUnreadable

from records_support import export_from, import_file, load, row_counts, table_rows

EXAMPLES = int(os.environ.get("GCP_DESK_FUZZ_EXAMPLES", "40"))
TRICKY = st.sampled_from([
    "", " ", "\x00", "\x07bell", "=HYPERLINK(\"http://x\")", "+1", "-", "9999-99-99", "2090-01-01", "1899-12-31",
    "2026-02-30", "00000000-0000-0000-0000-000000000000", "not-a-uuid", "\ud800", "x" * 5000, "countersigned",
    "submitted", "draft", "gcp-desk-neglect-profile", "99", "0" * 64, "Z", "2026-01-01T00:00:00",
])
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 20, 10 ** 20), st.integers(-2, 9),
                   st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), TRICKY,
                   st.lists(st.integers(0, 9), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(),
                                                                            max_size=2))


@pytest.fixture(scope="module")
def one_child_bundle(demo_source: Path, tmp_path_factory) -> dict:
    """One child of Sam's with several assessments, signed ones among them: small, so thousands of cases run."""
    import shutil

    from gcp_desk.paths import AppPaths

    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(demo_source, folder / "source")
    whole = load(export_from(AppPaths.at(folder / "source"), folder / "all.json", passphrase=None))
    child = max(whole["children"], key=lambda c: (sum(bool(a["signatures"]) for a in c["assessments"]),
                                                 len(c["events"])))
    return load(export_from(AppPaths.at(folder / "source"), folder / "one.json", passphrase=None,
                            coverage="child", record_id=UUID(child["id"])))


def _places(value, found=None):
    """Every (container, key) in the bundle."""
    found = [] if found is None else found
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            _places(item, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            _places(item, found)
    return found


def as_exported(bundle, ascii_only: bool) -> str:
    """The bundle laid out as GCP Desk writes one (its records read straight into their models, a line at a time):
    the header's fields, then each record array with one record a line."""
    parts = []
    for name, value in bundle.items():
        if name in RECORD_ARRAYS and isinstance(value, list):
            records = ",\n".join(json.dumps(item, ensure_ascii=ascii_only) for item in value)
            parts.append(f"{json.dumps(name)}: [\n{records}\n]")
        else:
            parts.append(f"{json.dumps(name, ensure_ascii=ascii_only)}: {json.dumps(value, ensure_ascii=ascii_only)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


class Cases:
    run = 0
    accepted = 0
    rows: dict | None = None
    """Every table's rows as they stand, read again only after an import that was accepted (the others write
    nothing but their audit event, which is what is checked)."""
    progress = os.environ.get("GCP_DESK_FUZZ_PROGRESS")


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_bundles_never_raise_and_a_refusal_writes_nothing(target, one_child_bundle, tmp_path, data):
    bundle = copy.deepcopy(one_child_bundle)
    how = data.draw(st.sampled_from(["replace", "replace", "remove", "repeat", "cut", "flip"]))
    places = _places(bundle)
    container, key = places[data.draw(st.integers(0, len(places) - 1))]
    if how == "replace":
        container[key] = data.draw(VALUES)
    elif how == "remove":
        del container[key]
    elif how == "repeat" and isinstance(container, list):
        container.append(copy.deepcopy(container[key]))
    ascii_only = data.draw(st.booleans())
    by_line = data.draw(st.booleans())
    laid_out = as_exported(bundle, ascii_only) if by_line else json.dumps(bundle, ensure_ascii=ascii_only)
    text = laid_out.encode("utf-8", "surrogatepass")
    if how == "cut":
        text = text[: data.draw(st.integers(0, len(text) - 1))]
    elif how == "flip":
        at = data.draw(st.integers(0, len(text) - 1))
        text = text[:at] + bytes([data.draw(st.integers(0, 255))]) + text[at + 1:]
    path = tmp_path / "fuzzed.json"
    path.write_bytes(text)

    if Cases.rows is None or Cases.rows[0] is not target:
        Cases.rows = (target, table_rows(target))
    counts = row_counts(target)
    try:
        outcome = import_file(target, path)
    except BundleUnreadable as error:  # refused before reading began: nothing was even opened
        assert str(error)
        assert row_counts(target) == counts
        return
    Cases.run += 1
    if Cases.progress and Cases.run % 250 == 0:
        Path(Cases.progress).write_text(f"{Cases.run} cases, {Cases.accepted} accepted\n")
    if outcome.ok:
        Cases.accepted += 1
        Cases.rows = None
        return
    assert outcome.problems and all(isinstance(p, str) and p for p in outcome.problems)
    assert table_rows(target) == Cases.rows[1], f"a refused import wrote rows: {outcome.problems[:3]}"
    after = row_counts(target)
    assert after["audit_events"] == counts["audit_events"] + 1


def test_the_fuzz_ran(target):
    """Printed with -s: how many cases were imported or refused in this run."""
    print(f"\nfuzzed imports: {Cases.run} cases ({Cases.accepted} accepted, {Cases.run - Cases.accepted} refused)")
