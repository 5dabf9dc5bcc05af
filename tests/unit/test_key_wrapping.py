"""The pieces under the key file: the lockout rule, the recovery key's text, AES-GCM wrapping and sealing."""

from __future__ import annotations

import os

import pytest

from gcp_desk.security import key_wrapping as kw
from gcp_desk.security.lockout import seconds_left, wait_after


def test_the_wait_doubles_after_five_wrong_passwords_up_to_fifteen_minutes():
    assert [wait_after(n) for n in range(0, 12)] == [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64]
    assert wait_after(14) == 512 and wait_after(15) == 900 and wait_after(10_000) == 900


def test_seconds_left_counts_down_from_the_last_failure():
    from datetime import UTC, datetime, timedelta

    last = datetime(2026, 12, 1, tzinfo=UTC)
    assert seconds_left(7, last, last) == 4
    assert seconds_left(7, last, last + timedelta(seconds=3)) == 1
    assert seconds_left(7, last, last + timedelta(seconds=5)) == 0
    assert seconds_left(4, last, last) == 0 and seconds_left(9, None, last) == 0


def test_a_recovery_key_reads_back_to_its_secret_however_it_is_typed():
    for _ in range(50):
        text, secret = kw.new_recovery_key()
        assert len(text) == 44 and text.count("-") == 8
        assert kw.read_recovery_key(text) == secret
        assert kw.read_recovery_key(text.lower().replace("-", " ")) == secret
        assert kw.read_recovery_key(text.replace("0", "O").replace("1", "I")) == secret


def test_a_single_wrong_character_is_caught_as_a_typing_mistake():
    text, _ = kw.new_recovery_key()
    for position in (0, 17, 43):
        if text[position] == "-":
            continue
        replacement = "7" if text[position] != "7" else "8"
        with pytest.raises(kw.RecoveryKeyMistyped):
            kw.read_recovery_key(text[:position] + replacement + text[position + 1:])
    with pytest.raises(kw.RecoveryKeyMistyped, match="groups of four"):
        kw.read_recovery_key(text + "U")  # U is not in the alphabet


def test_wrapping_is_bound_to_its_key_and_associated_data():
    wrapping, secret = os.urandom(32), os.urandom(32)
    nonce, sealed = kw.wrap(wrapping, secret, b"db|user")
    assert kw.unwrap(wrapping, nonce, sealed, b"db|user") == secret
    for key, associated, blob in ((os.urandom(32), b"db|user", sealed), (wrapping, b"db|other", sealed),
                                  (wrapping, b"db|user", sealed[:-1] + bytes([sealed[-1] ^ 1]))):
        with pytest.raises(kw.UnwrapFailed):
            kw.unwrap(key, nonce, blob, associated)


def test_a_sealed_secret_opens_only_with_the_same_data_key_and_purpose():
    data_key = os.urandom(32)
    blob = kw.seal(data_key, b"private key bytes", "signing key")
    assert kw.is_sealed(blob) and b"private key bytes" not in blob
    assert kw.open_sealed(data_key, blob, "signing key") == b"private key bytes"
    for key, purpose in ((os.urandom(32), "signing key"), (data_key, "something else")):
        with pytest.raises(kw.UnwrapFailed):
            kw.open_sealed(key, blob, purpose)
    with pytest.raises(kw.UnwrapFailed):
        kw.open_sealed(data_key, b"not sealed at all", "signing key")


def test_the_password_key_ignores_how_an_accent_was_composed():
    cheap = kw.Argon2Parameters(memory_kib=64, time_cost=1, parallelism=1)
    salt = os.urandom(16)
    assert kw.password_key("caf\u00e9 au lait", salt, cheap) == kw.password_key("cafe\u0301 au lait", salt, cheap)
    assert kw.password_key("cafe au lait", salt, cheap) != kw.password_key("caf\u00e9 au lait", salt, cheap)
