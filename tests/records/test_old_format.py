"""A bundle of format 1 (made before moves and aliases travelled, its staff and instruments after the records)
still imports whole, read in two passes."""

from __future__ import annotations

import json
from uuid import UUID

from records_support import import_file, load, row_counts


def _format_1(bundle: dict) -> dict:
    """The bundle as format 1 wrote it: no moves, no aliases, the header's staff and instruments at the end."""
    old = {name: value for name, value in bundle.items() if name not in ("staff", "instruments")}
    old["format_version"] = 1
    for household in old["households"]:
        for adult in household["adults"]:
            del adult["aliases"]
    for child in old["children"]:
        del child["moves"]
    old["instruments"], old["staff"] = bundle["instruments"], bundle["staff"]
    return old


def test_a_format_1_bundle_imports_whole(target, plain_bundle, tmp_path, monkeypatch):
    from gcp_desk.services import import_records

    bundle = load(plain_bundle)
    assert bundle["format_version"] == 2
    old = tmp_path / "format-1.json"
    old.write_text(json.dumps(_format_1(bundle), ensure_ascii=False, indent=1), encoding="utf-8")
    second_passes = []
    original = import_records.ImportService._second_pass
    monkeypatch.setattr(import_records.ImportService, "_second_pass",
                        lambda self, *args: second_passes.append(1) or original(self, *args))

    outcome = import_file(target, old)
    assert outcome.ok, outcome.problems
    assert second_passes == [1]
    assert outcome.added_children == len(bundle["children"]) > 0
    assert outcome.added_assessments == sum(len(child["assessments"]) for child in bundle["children"])
    for child in bundle["children"]:
        held = target.assessments(target.importer).history(UUID(child["id"]))
        assert [str(a.id) for a in held] == [a["id"] for a in child["assessments"]]

    counts = row_counts(target)
    assert import_file(target, plain_bundle).ok  # the same records in format 2: nothing more
    assert {k: v for k, v in row_counts(target).items() if not k.startswith("audit")} == \
        {k: v for k, v in counts.items() if not k.startswith("audit")}
