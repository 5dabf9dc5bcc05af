"""Read every byte of every file in a data folder (database, -wal, -shm, backups, key file, signing folder) after the
demo caseload and a spell of typing through the services: no child's name, no address and no typed evidence word
may be found when the database is encrypted. The same search on a plain database finds them, so it can fail."""

from __future__ import annotations

import os
import random
from contextlib import closing
from datetime import date

import pytest
from plain_folder import open_plain_backend

from gcp_desk.app import give_demo_passwords, open_backend
from gcp_desk.domain.enums import AssessmentStatus, EvidenceSource
from gcp_desk.paths import AppPaths
from gcp_desk.reports.signing import OrganisationSigner
from gcp_desk.security import key_wrapping
from gcp_desk.security.keyfile import KeyFile
from gcp_desk.demo.caseload import DemoCaseload
from gcp_desk.storage import cipher

pytestmark = pytest.mark.sqlite_only

TODAY = date(2026, 11, 1)
EVIDENCE_WORD = "Thistlewhorpe"
TYPED_CHILD = ("Marisolde", "Quennevaux")
TYPED_ADDRESS = "4 Brackenfurlong Close"


def open_folder(folder, *, encrypted: bool):
    """A data folder as the app makes it (a new one is encrypted), or as an older, unencrypted version left it:
    database, key file, backups and signing folder, with the demo caseload written in."""
    paths = AppPaths.at(folder)
    backend = open_backend(paths) if encrypted else open_plain_backend(paths)
    demo = DemoCaseload(backend.db, today=TODAY)
    demo.write(12)
    give_demo_passwords(backend, demo.users)
    key = backend.keys.data_key if encrypted else None
    OrganisationSigner.load_or_create(paths.signing_dir, "Testbury Children's Services", data_key=key)
    return backend, key


def type_for_a_while(backend):
    """A burst of edits through the services, as practitioners would make them in the app, each as the author."""
    users = {user.id: user for user in backend.users().accounts()}
    with backend.db.transaction() as uow:
        rows = uow.caseload.rows()
        drafts = [uow.assessments.get(row.latest_assessment_id) for row in rows
                  if row.latest_status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)]
    rnd = random.Random(5)
    for assessment in drafts[:3]:
        author = backend.assessments(users[assessment.created_by])
        instrument = author.instrument_for(assessment)
        items = instrument.applicable_item_ids(assessment.age_band)
        for item_id in items[:8]:
            author.grade_item(assessment.id, item_id, rnd.randint(1, 5))
        author.add_evidence(assessment.id, item_id=items[0], source=EvidenceSource.OBSERVED,
                            text=f"Seen at home: the {EVIDENCE_WORD} cupboard was bare again.")
    practitioner = next(user for user in users.values() if user.role.value == "practitioner")
    children = backend.children(practitioner)
    household = children.create_household("New household", TYPED_ADDRESS)
    children.create_child(given_name=TYPED_CHILD[0], family_name=TYPED_CHILD[1], date_of_birth=date(2020, 3, 4),
                          household_id=household.id)


def secret_words(database, key):
    with closing(cipher.connect(database, key=key, mode="ro")) as reader:
        names = {word for row in reader.execute("SELECT given_name, family_name FROM children") for word in row}
        addresses = {row[0] for row in reader.execute("SELECT address FROM households WHERE address != ''")}
    assert len(names) > 10 and len(addresses) > 5 and set(TYPED_CHILD) <= names and TYPED_ADDRESS in addresses
    return sorted(names | addresses | {EVIDENCE_WORD})


def found_in_folder(folder, words, staff_words=frozenset()):
    """Every word found anywhere in any file under ``folder``, as UTF-8 (how SQLite stores text) or UTF-16.

    The key file lists the staff's names by design (the sign-in screen shows them), so a staff name word is not
    looked for there; the demo is meant to share no name word between staff and children.
    """
    files = [path for path in folder.rglob("*") if path.is_file()]
    found = set()
    for path in files:
        content = path.read_bytes()
        looked_for = set(words) - set(staff_words) if path.name == KeyFile.FILE_NAME else set(words)
        found |= {word for word in looked_for
                  if word.encode("utf-8") in content or word.encode("utf-16-le") in content}
    return found, files


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    monkeypatch.setattr(key_wrapping, "ARGON2", key_wrapping.Argon2Parameters(256, 1, 1))


def test_an_encrypted_data_folder_gives_away_no_name_address_or_typed_word(tmp_path):
    folder = tmp_path / "data"
    backend, key = open_folder(folder, encrypted=True)
    type_for_a_while(backend)
    backend.db.backup(backend.paths.backups_dir, "manual")
    words = secret_words(backend.paths.database, key)
    staff = {word for user in backend.users().accounts() for word in user.name.split()}

    # While the app is still open: the latest changes are in the -wal and -shm files.
    assert (folder / "gcp-desk.db-wal").stat().st_size > 0
    found, files = found_in_folder(folder, words, staff)
    names = {path.name for path in files}
    assert {"gcp-desk.db", "gcp-desk.db-wal", "gcp-desk.db-shm", "gcp-desk.keys",
            "organisation-signing.p12", "organisation-signing-certificate.pem"} <= names
    assert any(name.startswith("gcp-desk-manual-") for name in names)
    assert found == set()

    backend.close()  # and after closing, when the WAL has been folded into the database
    assert found_in_folder(folder, words, staff)[0] == set()
    assert "Ashworth" not in (folder / "gcp-desk.keys").read_text()  # the key file: staff names only


def test_the_same_search_finds_everything_in_a_plain_data_folder(tmp_path):
    folder = tmp_path / "data"
    backend, _ = open_folder(folder, encrypted=False)
    type_for_a_while(backend)
    backend.db.backup(backend.paths.backups_dir, "manual")
    words = secret_words(backend.paths.database, None)
    found, _ = found_in_folder(folder, words)
    backend.close()
    assert found == set(words)


def test_encrypted_files_are_owner_only(tmp_path):
    if os.name != "posix":
        pytest.skip("POSIX file modes")
    old = os.umask(0o022)
    try:
        from gcp_desk.security.file_modes import restrict_umask

        restrict_umask()
        backend, _ = open_folder(tmp_path / "data", encrypted=True)
        backend.db.backup(backend.paths.backups_dir, "manual")
        files = [path for path in (tmp_path / "data").rglob("*") if path.is_file()]
        backend.close()
    finally:
        os.umask(old)
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in files if path.exists()} == {
        path.name: "0o600" for path in files if path.exists()}
