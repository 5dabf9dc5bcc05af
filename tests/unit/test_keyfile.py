"""The key file: passwords and the recovery key unwrap the data key, wrong passwords are counted and slowed down,
and a missing, damaged, foreign or newer file is refused in words that say which."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from gcp_desk.domain.errors import WrongPassword
from gcp_desk.security import key_file_format, key_wrapping
from gcp_desk.security.key_wrapping import Argon2Parameters
from gcp_desk.security.keyfile import (
    AccountLockedOut,
    KeyFile,
    KeyFileDamaged,
    KeyFileExists,
    KeyFileForAnotherDatabase,
    KeyFileMissing,
    KeyFileTooNew,
    NoPasswordSlot,
    NotThisDatabasesKey,
    RecoveryKeyMistyped,
    WrongRecoveryKey,
)

PRIYA, SAM = uuid4(), uuid4()
PRIYA_PASSWORD = "kettle orchard lantern"
SAM_PASSWORD = "velvet harbour pebble"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PRODUCTION_ARGON2 = key_wrapping.ARGON2  # read before the fixture below makes it cheap


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    """Production cost is 64 MiB x 3 passes (bench/crypto_bench.py measures it); tests use a small cost."""
    monkeypatch.setattr(key_wrapping, "ARGON2", Argon2Parameters(memory_kib=256, time_cost=1, parallelism=1))


@pytest.fixture
def made(tmp_path):
    keys, data_key, recovery = KeyFile.create(tmp_path / "gcp-desk.keys")
    keys.set_slot(PRIYA, "Priya Shah", PRIYA_PASSWORD, data_key)
    keys.set_slot(SAM, "Sam Lee", SAM_PASSWORD, data_key)
    return keys, data_key, recovery


def document(keys):
    return json.loads(keys.path.read_text())


def rewrite(path, change):
    """Change the file as an outsider would, with a valid checksum, so only the cryptography can object."""
    content = json.loads(path.read_text())
    change(content)
    content["checksum"] = key_file_format.checksum(content)
    path.write_text(json.dumps(content))


def test_production_cost_is_rfc_9106s_second_profile():
    assert PRODUCTION_ARGON2 == Argon2Parameters(memory_kib=64 * 1024, time_cost=3, parallelism=4)


def test_a_new_key_file_holds_a_random_data_key_and_a_recovery_key_but_neither_in_readable_form(tmp_path):
    keys, data_key, recovery = KeyFile.create(tmp_path / "gcp-desk.keys")
    other = KeyFile.create(tmp_path / "other.keys")
    assert len(data_key) == 32 and data_key != other[1] and keys.database_id != other[0].database_id
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){8}[0-9A-HJKMNP-TV-Z]{4}", recovery)
    raw = keys.path.read_bytes()
    assert data_key.hex().encode() not in raw and recovery.encode() not in raw
    if os.name == "posix":
        assert keys.path.stat().st_mode & 0o777 == 0o600
    assert keys.accounts() == []
    assert KeyFile.load(keys.path).database_id == keys.database_id


def test_an_existing_key_file_is_never_replaced(made):
    keys, _, _ = made
    before = keys.path.read_bytes()
    with pytest.raises(KeyFileExists):
        KeyFile.create(keys.path)
    assert keys.path.read_bytes() == before


def test_each_password_unlocks_the_data_key_and_the_file_lists_names_only(made):
    keys, data_key, _ = made
    loaded = KeyFile.load(keys.path)
    assert loaded.unlock(PRIYA, PRIYA_PASSWORD, now=T0) == data_key
    assert loaded.unlock(str(SAM), SAM_PASSWORD, now=T0) == data_key
    assert [(a.name, a.must_change, a.has_slot) for a in loaded.accounts()] == [
        ("Priya Shah", False, True), ("Sam Lee", False, True)]
    raw = keys.path.read_text()
    assert PRIYA_PASSWORD not in raw and data_key.hex() not in raw
    with pytest.raises(WrongPassword):
        loaded.unlock(PRIYA, SAM_PASSWORD, now=T0)  # another account's password is just a wrong password


def test_a_wrong_password_is_counted_queued_for_the_audit_trail_and_changes_nothing_else(made):
    keys, _, _ = made
    slots_before = {user: {k: v for k, v in slot.items() if k not in ("failures", "last_failure_at")}
                    for user, slot in document(keys)["accounts"].items()}
    with pytest.raises(WrongPassword, match="not right for Priya Shah"):
        keys.unlock(PRIYA, "kettle orchard lantern!", now=T0)
    assert keys.failures(PRIYA) == 1 and keys.failures(SAM) == 0
    assert {user: {k: v for k, v in slot.items() if k not in ("failures", "last_failure_at")}
            for user, slot in document(keys)["accounts"].items()} == slots_before
    [attempt] = KeyFile.load(keys.path).pending_failures()
    assert (attempt.at, attempt.user_id, attempt.name) == (T0, str(PRIYA), "Priya Shah")


def test_after_five_wrong_passwords_each_try_waits_twice_as_long_remembered_across_restarts(made, monkeypatch):
    keys, data_key, _ = made
    derivations = []
    real = key_wrapping.password_key
    monkeypatch.setattr(key_wrapping, "password_key", lambda *a: derivations.append(1) or real(*a))
    now = T0
    for _ in range(5):
        with pytest.raises(WrongPassword):
            keys.unlock(PRIYA, "guess", now=now)
    waits = []
    for _ in range(6):
        keys = KeyFile.load(keys.path)  # as after a restart
        with pytest.raises(AccountLockedOut) as early:
            keys.unlock(PRIYA, "guess", now=now)
        waits.append(early.value.seconds_left)
        attempts = len(derivations)
        with pytest.raises(AccountLockedOut):
            keys.unlock(PRIYA, PRIYA_PASSWORD, now=now)  # even the right password waits
        assert len(derivations) == attempts  # refused without deriving anything
        now += timedelta(seconds=early.value.seconds_left)
        with pytest.raises(WrongPassword):
            keys.unlock(PRIYA, "guess", now=now)
    assert waits == [1, 2, 4, 8, 16, 32]
    assert keys.unlock(SAM, SAM_PASSWORD, now=now) == data_key  # other accounts are not held up
    now += timedelta(seconds=64)
    assert keys.unlock(PRIYA, PRIYA_PASSWORD, now=now) == data_key
    assert keys.failures(PRIYA) == 0 and keys.seconds_until_next_try(PRIYA, now=now) == 0
    assert len(keys.pending_failures()) == 11


def test_the_wait_is_capped_at_fifteen_minutes_and_a_clock_put_back_does_not_lengthen_it(made):
    keys, _, _ = made
    rewrite(keys.path, lambda doc: doc["accounts"][str(PRIYA)].update(failures=40,
                                                                     last_failure_at=T0.isoformat()))
    keys.reload()
    assert keys.seconds_until_next_try(PRIYA, now=T0) == 900
    assert keys.seconds_until_next_try(PRIYA, now=T0 - timedelta(days=3)) == 900
    with pytest.raises(AccountLockedOut, match="Wait 14 minutes before"):
        keys.unlock(PRIYA, PRIYA_PASSWORD, now=T0 + timedelta(minutes=1))


def test_an_administrator_lifts_the_wait(made):
    keys, data_key, _ = made
    for _ in range(5):
        with pytest.raises(WrongPassword):
            keys.unlock(PRIYA, "guess", now=T0)
    with pytest.raises(AccountLockedOut):
        keys.unlock(PRIYA, PRIYA_PASSWORD, now=T0)
    keys.lift_lockout(PRIYA)
    assert keys.unlock(PRIYA, PRIYA_PASSWORD, now=T0) == data_key


def test_the_recovery_key_unlocks_however_it_is_typed(made):
    keys, data_key, recovery = made
    sloppy = " ".join(recovery.replace("-", "").lower()[i:i + 3] for i in range(0, 36, 3))
    assert keys.unlock_with_recovery(sloppy) == data_key
    assert keys.unlock_with_recovery(recovery.replace("0", "o").replace("1", "l")) == data_key


def test_a_mistyped_or_foreign_recovery_key_is_refused_in_words(made, tmp_path):
    keys, _, recovery = made
    swapped = recovery[:-2] + recovery[-1] + recovery[-2] if recovery[-1] != recovery[-2] else recovery[:-1] + "Z"
    with pytest.raises(RecoveryKeyMistyped, match="typing mistake"):
        keys.unlock_with_recovery(swapped)
    with pytest.raises(RecoveryKeyMistyped, match="groups of four"):
        keys.unlock_with_recovery(recovery[:-5])
    foreign = KeyFile.create(tmp_path / "foreign.keys")[2]
    with pytest.raises(WrongRecoveryKey, match="does not belong to this database"):
        keys.unlock_with_recovery(foreign)
    assert [a.name for a in keys.pending_failures()] == ["recovery key"]


@pytest.mark.parametrize("damage, problem, words", [
    (lambda path: path.unlink(), KeyFileMissing, "is missing"),
    (lambda path: path.write_bytes(path.read_bytes()[:200]), KeyFileDamaged, "is damaged \\(it is cut short"),
    (lambda path: path.write_text('{"hello": 1}'), KeyFileDamaged, "not a GCP Desk key file"),
    (lambda path: path.write_text(path.read_text().replace('"failures": 0', '"failures": 3', 1)), KeyFileDamaged,
     "does not match its checksum"),
    (lambda path: rewrite(path, lambda doc: doc.update(version=2)), KeyFileTooNew, "newer GCP Desk"),
    (lambda path: rewrite(path, lambda doc: doc["recovery"].update(nonce="!!")), KeyFileDamaged,
     "missing or unreadable"),
])
def test_a_missing_damaged_or_newer_key_file_is_refused_saying_which(made, damage, problem, words):
    keys, _, _ = made
    damage(keys.path)
    with pytest.raises(problem, match=words):
        KeyFile.load(keys.path)


def test_a_key_file_from_another_database_is_refused(made):
    keys, _, _ = made
    with pytest.raises(KeyFileForAnotherDatabase, match="belongs to another GCP Desk database"):
        KeyFile.load(keys.path, database_id=KeyFile.new_database_id())
    KeyFile.load(keys.path, database_id=keys.database_id).check_database(keys.database_id)


def test_a_slot_copied_from_another_key_file_does_not_unlock(made, tmp_path):
    """The wrapped key is bound to its database and account: moving it (with a fresh checksum) gains nothing."""
    keys, _, _ = made
    other, _, _ = KeyFile.create(tmp_path / "other.keys")
    priya_slot = document(keys)["accounts"][str(PRIYA)]
    rewrite(other.path, lambda doc: doc["accounts"].update({str(PRIYA): priya_slot}))
    with pytest.raises(WrongPassword):
        KeyFile.load(other.path).unlock(PRIYA, PRIYA_PASSWORD, now=T0)
    rewrite(keys.path, lambda doc: doc["accounts"].update({str(SAM): priya_slot}))
    with pytest.raises(WrongPassword):
        KeyFile.load(keys.path).unlock(SAM, PRIYA_PASSWORD, now=T0)


def test_one_time_passwords_password_changes_and_resets_rewrap_one_slot_only(made):
    keys, data_key, _ = made
    sam_before = document(keys)["accounts"][str(SAM)]
    keys.set_slot(PRIYA, "Priya Shah", "temporary kiwi 42", data_key, one_time=True)
    assert keys.must_change(PRIYA) and not keys.must_change(SAM)
    assert keys.unlock(PRIYA, "temporary kiwi 42", now=T0) == data_key
    with pytest.raises(WrongPassword):
        keys.unlock(PRIYA, PRIYA_PASSWORD, now=T0)
    keys.set_slot(PRIYA, "Priya Shah", "her own new words", data_key)
    assert not keys.must_change(PRIYA) and keys.failures(PRIYA) == 0
    assert keys.unlock(PRIYA, "her own new words", now=T0) == data_key
    assert document(keys)["accounts"][str(SAM)] == sam_before


def test_only_this_databases_key_is_ever_wrapped(made):
    keys, _, _ = made
    before = keys.path.read_bytes()
    with pytest.raises(NotThisDatabasesKey):
        keys.set_slot(uuid4(), "Someone", "any password at all", os.urandom(32))
    assert keys.path.read_bytes() == before


def test_accounts_without_a_password_are_listed_and_need_a_one_time_password(made):
    keys, data_key, _ = made
    ola = uuid4()
    keys.add_account_without_password(ola, "Ola Nowak")
    assert [(a.name, a.has_slot, a.must_change) for a in keys.accounts()][0] == ("Ola Nowak", False, True)
    with pytest.raises(NoPasswordSlot, match="one-time password"):
        keys.unlock(ola, "", now=T0)
    keys.set_slot(ola, "Ola Nowak", "given by the admin", data_key, one_time=True)
    assert keys.unlock(ola, "given by the admin", now=T0) == data_key


def test_a_removed_slot_unlocks_nothing(made):
    keys, _, _ = made
    keys.remove_slot(SAM)
    assert [a.name for a in keys.accounts()] == ["Priya Shah"]
    with pytest.raises(NoPasswordSlot):
        keys.unlock(SAM, SAM_PASSWORD, now=T0)


def test_rekey_rewraps_the_kept_accounts_and_leaves_the_others_needing_a_one_time_password(made):
    keys, old_key, old_recovery = made
    new_key = os.urandom(32)
    with pytest.raises(WrongPassword):
        keys.rekey(old_key, new_key, {PRIYA: "not hers"})
    assert keys.unlock(SAM, SAM_PASSWORD, now=T0) == old_key  # nothing was written

    recovery = keys.rekey(old_key, new_key, {PRIYA: PRIYA_PASSWORD})

    assert keys.unlock(PRIYA, PRIYA_PASSWORD, now=T0) == new_key
    assert [(a.name, a.has_slot, a.must_change) for a in keys.accounts()] == [
        ("Priya Shah", True, False), ("Sam Lee", False, True)]
    assert keys.unlock_with_recovery(recovery) == new_key
    with pytest.raises(WrongRecoveryKey):
        keys.unlock_with_recovery(old_recovery)
    assert keys.previous_data_key(new_key) == old_key  # until the database itself is re-encrypted
    keys.forget_previous_key()
    assert KeyFile.load(keys.path).previous_data_key(new_key) is None


def test_a_new_recovery_key_replaces_the_old_one(made):
    keys, data_key, old = made
    new = keys.new_recovery_key(data_key)
    assert keys.unlock_with_recovery(new) == data_key
    with pytest.raises(WrongRecoveryKey):
        keys.unlock_with_recovery(old)


def test_a_write_that_fails_leaves_the_old_file_whole(made, monkeypatch):
    keys, data_key, _ = made
    before = keys.path.read_bytes()

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        keys.set_slot(PRIYA, "Priya Shah", "a new password here", data_key)
    monkeypatch.undo()
    assert keys.path.read_bytes() == before
    assert sorted(p.name for p in keys.path.parent.iterdir()) == ["gcp-desk.keys", "gcp-desk.keys.lock"]


def test_two_copies_open_at_once_lose_no_failed_attempt(made):
    keys, _, _ = made
    app, command_line = KeyFile.load(keys.path), KeyFile.load(keys.path)
    for copy in (app, command_line, app):
        with pytest.raises(WrongPassword):
            copy.unlock(PRIYA, "guess", now=T0)
    assert KeyFile.load(keys.path).failures(PRIYA) == 3


def test_failures_written_to_the_audit_trail_are_cleared_and_later_ones_kept(made):
    keys, _, _ = made
    with pytest.raises(WrongPassword):
        keys.unlock(PRIYA, "guess", now=T0)
    written = keys.pending_failures()
    with pytest.raises(WrongPassword):
        keys.unlock(SAM, "guess", now=T0 + timedelta(seconds=5))
    keys.clear_pending_failures(written)
    assert [a.name for a in keys.pending_failures()] == ["Sam Lee"]
    keys.clear_pending_failures()
    assert keys.pending_failures() == []


def test_a_key_file_that_cannot_be_written_still_answers_right_and_wrong_passwords(made, monkeypatch):
    keys, data_key, _ = made

    def read_only(*args):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    with pytest.raises(WrongPassword):
        keys.unlock(PRIYA, "guess", now=T0)
    assert keys.unlock(PRIYA, PRIYA_PASSWORD, now=T0) == data_key
