"""Opening a data folder: a new one is encrypted from the start; an encrypted one stays shut until a right password;
and every way its key file can be wrong is refused in words that say which, leaving the database file exactly as it
was."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from gcp_desk.app import open_backend
from gcp_desk.domain.enums import Role
from gcp_desk.domain.errors import DatabaseUnavailable, GcpDeskError, PermissionDenied, WrongPassword
from gcp_desk.paths import AppPaths
from gcp_desk.security.keyfile import FILE_NAME
from gcp_desk.storage.encryption import is_plain_sqlite

pytestmark = pytest.mark.sqlite_only
PASSWORD = "a long walk home 7"


def made(folder) -> AppPaths:
    backend = open_backend(AppPaths.at(folder))
    backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password=PASSWORD)
    backend.close()
    return AppPaths.at(folder)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unlock_first(paths: AppPaths, password: str = PASSWORD):
    backend = open_backend(paths)
    try:
        return backend, backend.unlock(backend.accounts()[0].id, password)
    except BaseException:
        backend.close()
        raise


def test_a_new_folder_is_encrypted_and_shut_until_a_right_password(tmp_path):
    paths = made(tmp_path / "data")
    assert not is_plain_sqlite(paths.database) and (paths.data_dir / FILE_NAME).exists()
    backend = open_backend(paths)
    try:
        assert backend.is_locked and [a.name for a in backend.accounts()] == ["Ama Boateng"]
        with pytest.raises(PermissionDenied, match="Sign in first"):
            backend.children()
        with pytest.raises(WrongPassword):
            backend.unlock(backend.accounts()[0].id, "not the password")
        assert backend.is_locked
        user = backend.unlock(backend.accounts()[0].id, PASSWORD)
        assert not backend.is_locked and user.roles == (Role.ADMINISTRATOR, Role.PRACTITIONER)
        assert backend.children(user).caseload() == []
    finally:
        backend.close()


def test_the_first_accounts_copy_of_the_key_replaces_the_waiting_one(tmp_path):
    paths = AppPaths.at(tmp_path / "data")
    backend = open_backend(paths)
    assert (paths.data_dir / "gcp-desk.new-key").exists()
    backend.users().create("Ama Boateng", Role.ADMINISTRATOR, password=PASSWORD)
    backend.close()
    assert not (paths.data_dir / "gcp-desk.new-key").exists()


@pytest.mark.parametrize("spoil, words", [
    (lambda paths, other: (paths.data_dir / FILE_NAME).unlink(), "no key file"),
    (lambda paths, other: (paths.data_dir / FILE_NAME).write_text('{"format": "gcp-desk-keys", "vers'),
     "cut short"),
    (lambda paths, other: (paths.data_dir / FILE_NAME).write_bytes(
        (paths.data_dir / FILE_NAME).read_bytes().replace(b'"name"', b'"nime"', 1)), "checksum"),
    (lambda paths, other: shutil.copy(other.data_dir / FILE_NAME, paths.data_dir / FILE_NAME), "another"),
])
def test_a_wrong_key_file_is_refused_saying_which_and_the_database_is_untouched(tmp_path, spoil, words):
    paths, other = made(tmp_path / "data"), made(tmp_path / "other")
    before = digest(paths.database)
    spoil(paths, other)
    with pytest.raises(GcpDeskError) as refused:
        backend, _ = unlock_first(paths)
        backend.close()
    assert words in str(refused.value)
    assert digest(paths.database) == before
    assert "Traceback" not in str(refused.value)


def test_a_key_file_without_its_database_never_gets_a_new_empty_one(tmp_path):
    paths = made(tmp_path / "data")
    paths.database.unlink()
    with pytest.raises(DatabaseUnavailable, match="missing"):
        open_backend(paths)
    assert not paths.database.exists()


def test_an_empty_file_where_the_database_should_be_is_refused(tmp_path):
    from gcp_desk.settings import Settings

    paths = AppPaths.at(tmp_path / "data").ensure()
    Settings(has_held_database=True).save(paths.settings_file)  # the folder has held a database before
    paths.database.write_bytes(b"")
    with pytest.raises(DatabaseUnavailable, match="empty"):
        open_backend(paths)
    assert paths.database.read_bytes() == b""


def test_a_disabled_account_cannot_sign_in_and_a_one_time_password_lets_it_back(tmp_path):
    paths = made(tmp_path / "data")
    backend, admin = unlock_first(paths)
    try:
        leaver = backend.users(admin).create("Lee Leaving", password="leaving soon now 8")
        backend.users(admin).disable(leaver.id)
        assert str(leaver.id) not in {account.user_id for account in backend.key_file.accounts()}
        with pytest.raises(GcpDeskError):
            backend.users().sign_in(leaver.id, "leaving soon now 8")
        backend.users(admin).reset_password(leaver.id, "back again once 9")
        assert backend.unlock(leaver.id, "back again once 9").id == leaver.id
        assert backend.users().must_change_password(leaver.id)
    finally:
        backend.close()


def test_rekey_gives_a_new_key_keeps_every_row_and_others_need_a_one_time_password(tmp_path):
    from gcp_desk.storage import cipher

    paths = made(tmp_path / "data")
    backend, admin = unlock_first(paths)
    try:
        other = backend.users(admin).create("Kim Other", Role.SUPERVISOR, password="another person 77")
        child = backend.children(admin).create_child(given_name="Robin", family_name="Rekeyed",
                                                     date_of_birth=__import__("datetime").date(2020, 1, 1))
        old_key = backend.keys.data_key
        with pytest.raises(WrongPassword):
            backend.rekey(admin, "not my password")
        recovery = backend.rekey(admin, PASSWORD)
        assert backend.keys.data_key != old_key and len(recovery) > 30
        assert backend.children(admin).get(child.id).family_name == "Rekeyed"
    finally:
        backend.close()
    with pytest.raises(DatabaseUnavailable):
        cipher.connect(paths.database, key=old_key, mode="ro")
    backend = open_backend(paths)
    try:
        assert backend.unlock(admin.id, PASSWORD).id == admin.id
        assert {a.name: a.has_slot for a in backend.key_file.accounts()} == {"Ama Boateng": True, "Kim Other": False}
        with pytest.raises(GcpDeskError, match="one-time password"):
            backend.unlock(other.id, "another person 77")
    finally:
        backend.close()


def _made_with_a_child(tmp_path):
    from datetime import date

    paths = made(tmp_path / "data")
    backend, admin = unlock_first(paths)
    child = backend.children(admin).create_child(given_name="Robin", family_name="Rekeyed",
                                                 date_of_birth=date(2020, 1, 1))
    from gcp_desk.reports.signing import create_self_signed

    create_self_signed(paths.signing_dir, "Northshire Council", data_key=backend.keys.data_key)
    return paths, backend, admin, child


def test_a_rekey_cut_short_before_the_database_was_re_encrypted_is_finished_at_the_next_sign_in(tmp_path):
    """The computer went off between the key file and the database: the new key opens the records all the same."""
    from gcp_desk.reports.signing import SELF_SIGNED_FILE, pkcs12_bytes
    from gcp_desk.security.key_wrapping import new_data_key
    from gcp_desk.storage import cipher

    paths, backend, admin, child = _made_with_a_child(tmp_path)
    old_key, new_key = backend.keys.data_key, new_data_key()
    backend.key_file.rekey(old_key, new_key, keep={admin.id: PASSWORD})  # the key file's half only
    backend.close()

    backend = open_backend(paths)
    try:
        assert backend.unlock(admin.id, PASSWORD).id == admin.id
        assert backend.keys.data_key == new_key
        assert backend.children(admin).get(child.id).family_name == "Rekeyed"
        assert backend.key_file.previous_data_key(new_key) is None  # finished: the old key forgotten
        signing_key = paths.signing_dir / SELF_SIGNED_FILE
        assert pkcs12_bytes(signing_key, new_key)  # the signing key opens with the new key
    finally:
        backend.close()
    with pytest.raises(DatabaseUnavailable):
        cipher.connect(paths.database, key=old_key, mode="ro")


def test_a_rekey_refused_before_the_swap_leaves_the_key_file_as_it_was(tmp_path, monkeypatch):
    import gcp_desk.storage.encryption as encryption

    paths, backend, admin, child = _made_with_a_child(tmp_path)
    other = backend.users(admin).create("Kim Other", Role.SUPERVISOR, password="another person 77")
    key_file_before = (paths.database.parent / FILE_NAME).read_bytes()

    def refused(*_args, **_kwargs):
        raise DatabaseUnavailable("The database is open in another program. Nothing was changed.")

    monkeypatch.setattr(encryption, "rekey_in_place", refused)
    try:
        with pytest.raises(DatabaseUnavailable, match="open in another program"):
            backend.rekey(admin, PASSWORD)
        assert (paths.database.parent / FILE_NAME).read_bytes() == key_file_before
        assert backend.children(admin).get(child.id).family_name == "Rekeyed"
    finally:
        backend.close()
    backend = open_backend(paths)
    try:
        assert backend.unlock(other.id, "another person 77").id == other.id  # still has their own copy
    finally:
        backend.close()
