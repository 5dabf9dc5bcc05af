"""``gcp-desk export`` and ``gcp-desk import`` as a person runs them: a sealed bundle from one laptop imported on
another, where a report made before export still verifies (``--trust`` the origin's certificate), a report made
from the imported record verifies, and the audit trail verifies."""

from __future__ import annotations

import json

import pytest

from cli_runner import gcp_desk

SAM = "Sam Whitfield"
IMPORTER = ("Ann Importer", "heron-evening-57")
PASSPHRASE = "three short words here"


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> dict:
    """A demo laptop, a countersigned report made on it, its sealed export, and a new laptop it was imported into."""
    root = tmp_path_factory.mktemp("moving")
    origin, arrival = root / "origin", root / "arrival"
    assert gcp_desk("demo", "--children", "16", "--quiet", data_dir=origin).returncode == 0
    listed = json.loads(gcp_desk("list", "assessments", "--json", data_dir=origin, as_=SAM).stdout)
    countersigned = next(a for a in listed if a["status"] == "countersigned")
    before = root / "before-export.pdf"
    assert gcp_desk("report", countersigned["id"], "-o", str(before), data_dir=origin, as_=SAM).returncode == 0
    bundle = root / "northgate.bundle"
    exported = gcp_desk("export", "--all", "-o", str(bundle), data_dir=origin, as_=SAM, stdin=f"{PASSPHRASE}\n")
    assert exported.returncode == 0, exported.stderr
    made = gcp_desk("user", "add", IMPORTER[0], "--role", "practitioner", "--role", "administrator",
                    "--password-stdin", data_dir=arrival, stdin=f"{IMPORTER[1]}\n")
    assert made.returncode == 0, made.stderr
    imported = gcp_desk("import", str(bundle), data_dir=arrival, as_=IMPORTER, stdin=f"{PASSPHRASE}\n")
    return {"root": root, "origin": origin, "arrival": arrival, "bundle": bundle, "exported": exported,
            "imported": imported, "report": before, "assessment": countersigned, "listed": listed}


def test_export_says_what_it_wrote_and_the_file_is_sealed(moved):
    assert "Exported" in moved["exported"].stdout and "(encrypted)" in moved["exported"].stdout
    assert moved["bundle"].read_bytes().startswith(b"GCPDESK-BUNDLE-SEALED-1\n")
    assert moved["assessment"]["child"].encode() not in moved["bundle"].read_bytes()


def test_import_says_what_it_added(moved):
    result = moved["imported"]
    assert result.returncode == 0, result.stderr
    assessments = len({a["id"] for a in moved["listed"]})
    assert f"and {assessments} assessments" in result.stdout


def test_a_report_made_before_export_verifies_against_the_imported_record(moved):
    trust = moved["origin"] / "signing" / "organisation-signing-certificate.pem"
    result = gcp_desk("verify", str(moved["report"]), "--trust", str(trust), data_dir=moved["arrival"],
                      as_=IMPORTER)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is the hash of the countersigned record in this database" in result.stdout


def test_a_report_made_from_the_imported_record_verifies_and_so_does_the_trail(moved):
    after = moved["root"] / "after-import.pdf"
    made = gcp_desk("report", moved["assessment"]["id"], "-o", str(after), data_dir=moved["arrival"], as_=IMPORTER)
    assert made.returncode == 0, made.stderr
    verified = gcp_desk("verify", str(after), data_dir=moved["arrival"], as_=IMPORTER)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    audit = gcp_desk("audit", "verify", data_dir=moved["arrival"], as_=IMPORTER)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_importing_again_adds_nothing(moved):
    again = gcp_desk("import", str(moved["bundle"]), data_dir=moved["arrival"], as_=IMPORTER,
                     stdin=f"{PASSPHRASE}\n")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Imported 0 children, 0 households and 0 assessments")


def test_a_bad_bundle_exits_1_naming_each_problem(moved, tmp_path):
    plain = tmp_path / "plain.json"
    assert gcp_desk("export", "--plain", "-o", str(plain), data_dir=moved["origin"], as_=SAM).returncode == 0
    bundle = json.loads(plain.read_text(encoding="utf-8"))
    bundle["children"][0]["date_of_birth"] = "2090-01-01"
    plain.write_text(json.dumps(bundle), encoding="utf-8")
    result = gcp_desk("import", str(plain), data_dir=moved["arrival"], as_=IMPORTER)
    assert result.returncode == 1
    assert "Nothing was imported: the bundle has" in result.stderr
    assert "children[0].date_of_birth: 2090-01-01 is not a plausible date of birth" in result.stderr


def test_a_short_passphrase_is_refused_and_nothing_is_written(moved, tmp_path):
    target = tmp_path / "x.bundle"
    result = gcp_desk("export", "-o", str(target), data_dir=moved["origin"], as_=SAM, stdin="short\n")
    assert result.returncode == 2
    assert "use at least 10" in result.stderr
    assert not target.exists()


def test_export_and_import_need_a_sign_in(moved, tmp_path):
    for args in (("export", "-o", str(tmp_path / "x.json")), ("import", str(moved["bundle"]))):
        result = gcp_desk(*args, data_dir=moved["origin"])
        assert result.returncode == 2
        assert "needs you to sign in" in result.stderr




def test_a_bundle_encrypted_to_a_recipient_key_from_the_command_line(moved, tmp_path):
    made = gcp_desk("keys", "make-recipient", "-o", str(tmp_path / "arrival-desk"), "--password-stdin",
                    stdin="key file password 42\n")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "arrival-desk.pem").exists() and (tmp_path / "arrival-desk.pub.pem").exists()
    bundle = tmp_path / "to-arrival.bundle"
    exported = gcp_desk("export", "--to", str(tmp_path / "arrival-desk.pub.pem"), "-o", str(bundle),
                        data_dir=moved["origin"], as_=SAM)
    assert exported.returncode == 0, exported.stderr
    assert "(encrypted)" in exported.stdout

    wrong = gcp_desk("import", str(bundle), "--key", str(tmp_path / "arrival-desk.pem"), data_dir=moved["arrival"],
                     as_=IMPORTER, stdin="not the password\n")
    assert wrong.returncode != 0
    assert "the password is wrong" in wrong.stderr
    again = gcp_desk("import", str(bundle), "--key", str(tmp_path / "arrival-desk.pem"), data_dir=moved["arrival"],
                     as_=IMPORTER, stdin="key file password 42\n")
    assert again.returncode == 0, again.stderr  # the records were imported before: nothing more to add
    assert "Imported 0 children" in again.stdout


def test_a_recipient_bundle_opened_with_another_key_says_so(moved, tmp_path):
    for name in ("meant", "other"):
        assert gcp_desk("keys", "make-recipient", "-o", str(tmp_path / name), "--unprotected").returncode == 0
    bundle = tmp_path / "to-meant.bundle"
    assert gcp_desk("export", "--to", str(tmp_path / "meant.pub.pem"), "-o", str(bundle), data_dir=moved["origin"],
                    as_=SAM).returncode == 0
    wrong = gcp_desk("import", str(bundle), "--key", str(tmp_path / "other.pem"), data_dir=moved["arrival"],
                     as_=IMPORTER)
    assert wrong.returncode != 0
    assert "encrypted for another recipient's key" in wrong.stderr


def test_an_identified_extract_from_the_command_line(moved, tmp_path):
    named = tmp_path / "named.csv"
    made = gcp_desk("export", "--csv", "--identified", "-o", str(named), data_dir=moved["arrival"], as_=IMPORTER)
    assert made.returncode == 0, made.stderr
    assert "IDENTIFIED" in made.stdout
    assert named.read_text(encoding="utf-8-sig").startswith("child_id,given_name,family_name,date_of_birth,")
    refused = gcp_desk("export", "--csv", "--identified", "-o", str(tmp_path / "no.csv"), data_dir=moved["origin"],
                       as_=SAM)
    assert refused.returncode != 0 and "only by an administrator" in refused.stderr
    assert not (tmp_path / "no.csv").exists()
