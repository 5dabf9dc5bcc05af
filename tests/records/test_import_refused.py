"""Bad bundles are refused whole, each problem named with its place, and nothing is written: every table row for row
as it was, apart from the one audit event that records the refusal."""

from __future__ import annotations

import copy
import json
import hashlib
from uuid import UUID, uuid4

import pytest

from gcp_desk.domain.canonical import canonical_json
from gcp_desk.scoring.signing_content import assessment_content
from gcp_desk.bundle.models import BundleAssessment

from records_support import PASSPHRASE, import_file, load, row_counts, save, table_rows


def refused(target, path, passphrase=None, **options) -> list[str]:
    rows, counts = table_rows(target), row_counts(target)
    outcome = import_file(target, path, passphrase, **options)
    assert not outcome.ok
    assert table_rows(target) == rows, "a refused import wrote something"
    after = row_counts(target)
    assert after["audit_events"] == counts["audit_events"] + 1
    with target.db.read() as uow:
        assert uow.audit.events_of(("records.import-refused",))[-1].after == {"problems": len(outcome.problems)}
    return outcome.problems


def signed_assessment(bundle: dict) -> tuple[int, int, dict]:
    for i, child in enumerate(bundle["children"]):
        for j, assessment in enumerate(child["assessments"]):
            if assessment["status"] == "countersigned" and assessment["item_grades"]:
                return i, j, assessment
    raise AssertionError("no countersigned assessment in the bundle")


def test_a_grade_off_the_scale_is_named_with_its_place(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    i, j, assessment = signed_assessment(bundle)
    item = next(iter(assessment["item_grades"]))
    assessment["item_grades"][item]["grade"] = 7
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert f"children[{i}].assessments[{j}].item_grades.{item}: grade 7 is not on the 1-5 scale" in problems


def test_a_signed_assessment_changed_after_signing_is_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    i, j, assessment = signed_assessment(bundle)
    assessment["analysis"] += " Added later."
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert any(p.startswith(f"children[{i}].assessments[{j}]: its content does not match the signature")
               for p in problems), problems


def test_a_signed_assessment_without_its_signature_is_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    i, j, assessment = signed_assessment(bundle)
    assessment["signatures"] = []
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert f"children[{i}].assessments[{j}].signatures: a countersigned assessment carries no signature of that " \
           "state" in problems


def test_a_cut_short_file_is_refused(target, plain_bundle, tmp_path):
    data = plain_bundle.read_bytes()
    short = tmp_path / "short.json"
    short.write_bytes(data[: len(data) // 2])
    problems = refused(target, short)
    assert problems == ["The bundle ends before it is complete: it was cut short (a copy that did not finish?). "
                        "Nothing was imported."]


def test_a_bundle_from_a_newer_version_is_refused_with_both_versions(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    bundle["format_version"] = 3
    bundle["something_new"] = {"from": "the future"}
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert len(problems) == 1
    assert "format 3, made by a newer version of GCP Desk; this copy reads formats up to 2" in problems[0]


def test_an_unknown_instrument_is_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    bundle["children"][0]["assessments"][0]["instrument_version"] = "99"
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert any(p.startswith("children[0].assessments[0].instrument_id: the instrument") and "'99' is not installed"
               in p for p in problems), problems


def test_duplicate_ids_are_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    bundle["children"].append(copy.deepcopy(bundle["children"][1]))
    last = len(bundle["children"]) - 1
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert f"children[{last}]: the id {bundle['children'][1]['id']} is used twice (also at children[1])" in problems


def test_a_bundle_larger_than_the_limit_is_refused_before_it_is_read(target, tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as stream:  # 1 GB, sparse: nothing is written to the disk
        stream.truncate(1024 ** 3)
    from gcp_desk.bundle.reading import BundleUnreadable

    with pytest.raises(BundleUnreadable, match="huge.json is 1,024 MB; bundles larger than 200 MB are refused"):
        import_file(target, huge)


def test_control_characters_are_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    bundle["children"][2]["given_name"] = "Am\x07y"
    bundle["households"][0]["address"] = "1 Example Row\x1b[31m"
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert "children[2].given_name: contains an invisible control character (U+0007)" in problems
    assert "households[0].address: contains an invisible control character (U+001B)" in problems


def test_references_that_resolve_nowhere_are_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    stranger = str(uuid4())
    bundle["children"][0]["household_id"] = stranger
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert (f"children[0].household_id: names household {stranger}, which is neither in the bundle nor held here"
            in problems)


def test_implausible_dates_are_refused(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    child = next(c for c in bundle["children"] if c["assessments"] and c["assessments"][0]["visits"])
    index = bundle["children"].index(child)
    child["assessments"][0]["visits"][0]["date"] = "2090-01-01"
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert any(p.startswith(f"children[{index}].assessments[0].visits[0].date: 2090-01-01 is not a plausible")
               for p in problems), problems


def test_not_json_at_all_is_refused(target, tmp_path):
    problems = refused(target, save({"format": "something else"}, tmp_path / "b.json"))
    assert problems == ["format: this is not a GCP Desk bundle (its format is 'something else')"]
    (tmp_path / "c.json").write_text("Dear colleague, please find attached", encoding="utf-8")
    assert "is not valid JSON at character 1: expected '{' at the start" in refused(target, tmp_path / "c.json")[0]


def test_a_sealed_bundle_with_the_wrong_passphrase_or_a_changed_byte_is_refused(target, sealed_bundle, tmp_path):
    assert refused(target, sealed_bundle, "not the passphrase")[0].startswith(
        "The bundle cannot be opened with that passphrase")
    changed = tmp_path / "changed.bundle"
    data = bytearray(sealed_bundle.read_bytes())
    data[len(data) // 2] ^= 1
    changed.write_bytes(bytes(data))
    assert refused(target, changed, PASSPHRASE)[0].startswith("The bundle cannot be opened with that passphrase")
    cut = tmp_path / "cut.bundle"
    cut.write_bytes(sealed_bundle.read_bytes()[:-100])
    assert refused(target, cut, PASSPHRASE)[0].startswith("The bundle cannot be opened with that passphrase")


def test_a_record_that_differs_from_a_signed_record_held_is_refused_never_overwritten(target, plain_bundle,
                                                                                      tmp_path):
    assert import_file(target, plain_bundle).ok
    bundle = load(plain_bundle)
    i, j, assessment = signed_assessment(bundle)
    assessment["analysis"] += " Rewritten elsewhere."
    _sign_again(assessment)  # consistent in itself: only the record held here can tell
    held = target.assessments(target.importer).get(UUID(assessment["id"]))
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert problems == [f"children[{i}].assessments[{j}]: differs from the assessment with the same id held here; "
                        "GCP Desk never overwrites a record held, so nothing was imported"]
    assert target.assessments(target.importer).get(UUID(assessment["id"])) == held


def _sign_again(assessment: dict) -> None:
    parsed = BundleAssessment.model_validate(assessment)
    content = canonical_json(assessment_content(parsed))
    for signature in assessment["signatures"]:
        signature["content_hash"] = hashlib.sha256(content).hexdigest()


def test_every_problem_is_listed_not_only_the_first(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    bundle["children"][0]["given_name"] = ""
    bundle["children"][1]["sex"] = "unknown-word"
    bundle["households"][0]["name"] = ""
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert "children[0].given_name: must not be empty" in problems
    assert "children[1].sex: is not one of the allowed choices" in problems
    assert "households[0].name: must not be empty" in problems




def test_values_the_database_could_not_hold_are_refused_before_writing(target, plain_bundle, tmp_path):
    bundle = load(plain_bundle)
    i, j, assessment = signed_assessment(bundle)
    assessment["signatures"][0]["name"] = "N" * 500
    commented = next((c, a) for c in bundle["children"] for a in c["assessments"] if a["review_comments"])
    commented[1]["review_comments"][0]["round"] = 10 ** 20
    problems = refused(target, save(bundle, tmp_path / "b.json"))
    assert f"children[{i}].assessments[{j}].signatures[0].name: is 500 characters long; the most is 200" in problems
    assert any(p.endswith(f".review_comments[0].round: {10 ** 20} is not a review round (1 to 1000)")
               for p in problems), problems


def test_text_that_is_not_valid_unicode_is_refused_and_the_problems_can_be_printed(target, plain_bundle, tmp_path):
    """Found by the fuzz: a lone surrogate, written as a JSON escape, in a signed assessment's analysis."""
    bundle = load(plain_bundle)
    i, j, assessment = signed_assessment(bundle)
    assessment["analysis"] = "\ud800"
    assessment["instrument_version"] = "\udfff"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle), encoding="ascii")  # the escapes \\ud800 are plain ASCII in the file
    problems = refused(target, path)
    assert f"children[{i}].assessments[{j}].analysis: contains an invisible control character (U+D800)" in problems
    for problem in problems:
        problem.encode("utf-8")
