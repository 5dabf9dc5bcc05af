"""The analysis extract: one row per assessment and domain, pseudonymised the same way every time, opening cleanly
in a spreadsheet, and audited."""

from __future__ import annotations

import csv
import hmac
import io
from datetime import date
from hashlib import sha256
from uuid import UUID

from gcp_desk.app import open_backend
from gcp_desk.bundle.extract_csv import COLUMNS, cell, write_extract

from records_support import load, signed_in


def extract(source, target, **options):
    backend = open_backend(source)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        summary = backend.extracts(sam).extract(target, **options)
        with backend.db.read() as uow:
            secret = bytes.fromhex(uow.preferences.get("pseudonym_secret"))
            event = uow.audit.events_of(("records.export-csv",))[-1]
    finally:
        backend.close()
    data = target.read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    return summary, data, rows, secret, event


def test_one_row_per_assessment_and_domain_pseudonymised(source, plain_bundle, tmp_path):
    summary, data, rows, secret, event = extract(source, tmp_path / "extract.csv")
    bundle = load(plain_bundle)
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(rows[0]) == list(COLUMNS)
    assessments = [a for child in bundle["children"] for a in child["assessments"]]
    assert len(rows) == summary.rows == 6 * len(assessments)
    refs = {hmac.new(secret, UUID(child["id"]).bytes, sha256).hexdigest()[:32]: child
            for child in bundle["children"]}
    assert {row["child_ref"] for row in rows} <= set(refs)
    text = data.decode("utf-8-sig")
    for child in bundle["children"]:
        assert child["id"] not in text and child["family_name"] not in text
    for row in rows:
        for name in ("first_visit", "last_visit", "submitted_on"):
            assert row[name] == "" or date.fromisoformat(row[name])
    assert event.after == {"coverage": "all", "children": len(bundle["children"]), "rows": len(rows),
                           "identified": False}


def test_the_same_child_has_the_same_reference_in_every_extract(source, tmp_path):
    _, _, first, _, _ = extract(source, tmp_path / "one.csv")
    _, _, second, _, _ = extract(source, tmp_path / "two.csv")
    assert [row["child_ref"] for row in first] == [row["child_ref"] for row in second]


def test_grades_and_flags_are_as_recorded(source, plain_bundle, tmp_path):
    _, _, rows, secret, _ = extract(source, tmp_path / "extract.csv")
    bundle = load(plain_bundle)
    by_ref = {hmac.new(secret, UUID(a["id"]).bytes, sha256).hexdigest()[:32]: a
              for child in bundle["children"] for a in child["assessments"]}
    for row in rows:
        grade = by_ref[row["assessment_ref"]]["domain_grades"].get(row["domain"])
        assert row["chosen_grade"] == (str(grade["chosen"]) if grade else "")
        assert row["concern"] == ("yes" if grade and grade["chosen"] >= 4 else "no" if grade else "")


def test_formula_looking_text_is_escaped_and_the_file_reads_back(tmp_path):
    assert cell("=HYPERLINK(\"http://example.invalid\",\"click\")").startswith("'=")
    assert [cell(v) for v in ("+44 1234", "-3", "@SUM(A1)", "\tx", "plain", 3, True, date(2026, 1, 2))] == \
        ["'+44 1234", "'-3", "'@SUM(A1)", "'\tx", "plain", "3", "yes", "2026-01-02"]
    target = tmp_path / "x.csv"
    write_extract(target, [["=1+1", "Zoë, \"quoted\"\nline", None]])
    back = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert back[1][:3] == ["'=1+1", "Zoë, \"quoted\"\nline", ""]


def test_an_identified_extract_names_the_children_and_is_for_administrators_only(source, tmp_path):
    import pytest

    from gcp_desk.bundle.extract_csv import IDENTIFIED_COLUMNS
    from gcp_desk.domain.errors import PermissionDenied

    backend = open_backend(source)
    try:
        sam = signed_in(backend, "Sam Whitfield")
        with pytest.raises(PermissionDenied, match="only by an administrator"):
            backend.extracts(sam).extract(tmp_path / "not.csv", identified=True)
        chris = signed_in(backend, "Chris Halloran")  # supervisor and administrator of Riverside
        children = {row.child_id: backend.children(chris).get(row.child_id)
                    for row in backend.children(chris).caseload()}
        summary = backend.extracts(chris).extract(tmp_path / "named.csv", identified=True)
        with backend.db.read() as uow:
            event = uow.audit.events_of(("records.export-csv",))[-1]
    finally:
        backend.close()
    assert not (tmp_path / "not.csv").exists()
    rows = list(csv.DictReader(io.StringIO((tmp_path / "named.csv").read_bytes().decode("utf-8-sig"))))
    assert list(rows[0]) == list(IDENTIFIED_COLUMNS)
    assert len(rows) == summary.rows > 0
    for row in rows:
        child = children[UUID(row["child_id"])]
        assert (row["given_name"], row["family_name"]) == (cell(child.given_name), cell(child.family_name))
        assert row["date_of_birth"] == (child.date_of_birth.isoformat() if child.date_of_birth else "")
    assert {UUID(row["child_id"]) for row in rows} <= set(children)
    assert event.after["identified"] is True and event.actor_id == chris.id
