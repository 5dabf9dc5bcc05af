"""The JSON Schema in docs/ is the one the models give, and says where a grade sits."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from gcp_desk.bundle.models import FORMAT_VERSION, json_schema

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_committed_schema_is_the_one_the_models_give():
    spec = importlib.util.spec_from_file_location("make_bundle_schema", DOCS / "make_bundle_schema.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    committed = (DOCS / "bundle-schema.json").read_text(encoding="utf-8")
    assert committed == maker.schema_text(), "run: .venv/bin/python docs/make_bundle_schema.py"


def test_the_schema_names_the_grade_path_and_the_version():
    schema = json_schema()
    assert "children[].assessments[].item_grades.<item>.grade" in schema["description"]
    assert f"format version {FORMAT_VERSION}" in schema["description"]
    grades = schema["$defs"]["BundleAssessment"]["properties"]["item_grades"]
    assert grades["additionalProperties"]["$ref"] == "#/$defs/BundleItemGrade"
    assert "grade" in schema["$defs"]["BundleItemGrade"]["properties"]
    assert schema["$defs"]["BundleAssessment"]["additionalProperties"] is False


def test_a_bundle_validates_against_the_schema_as_json(plain_bundle):
    """The models and the schema agree on a real bundle: every required field is present."""
    bundle = json.loads(plain_bundle.read_text(encoding="utf-8"))
    schema = json_schema()
    assert set(schema["required"]) <= set(bundle)
    child_required = set(schema["$defs"]["BundleChild"]["required"])
    assert all(child_required <= set(child) for child in bundle["children"])


def test_what_a_sync_carries_besides_the_records_is_optional():
    """Versions, each grade's last change and the stored places of notes and plan actions: a team server's sync
    writes them so both copies keep the same bookkeeping; an export leaves them out, and a bundle without them (every
    bundle made before) is as valid as ever."""
    definitions = json_schema()["$defs"]
    carried = {"BundleChild": ("version",), "BundleHousehold": ("version",), "BundleAdult": ("version",),
               "BundleEvent": ("version",), "BundleItemGrade": ("updated_at",), "BundleEvidenceNote": ("position",),
               "BundlePlanAction": ("position", "version")}
    for name, fields in carried.items():
        for field in fields:
            assert field in definitions[name]["properties"], (name, field)
            assert field not in definitions[name].get("required", []), (name, field)
            assert "sync" in definitions[name]["properties"][field]["description"], (name, field)
