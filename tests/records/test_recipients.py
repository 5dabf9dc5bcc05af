"""Bundles encrypted to a recipient's public key: opened with the matching private key (X25519 or RSA-OAEP),
refused with a clear message and nothing written with another key or none; the export says in the audit trail which
key it was sealed to."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gcp_desk.app import open_backend
from gcp_desk.bundle.envelope import MAGIC
from gcp_desk.bundle.errors import BundleUnreadable
from gcp_desk.bundle.reading import BundleFile
from gcp_desk.bundle.recipients import WRONG_KEY, make_pair, read_private_key, read_recipient

from records_support import export_from, load, signed_in, table_rows

KEY_PASSWORD = "key file password 42"


@pytest.fixture
def keys(tmp_path):
    public = make_pair(tmp_path / "ann.pem", KEY_PASSWORD)
    return tmp_path / "ann.pem", public


def _import(target, path, private_key=None):
    return target.imports(target.importer).import_bundle(BundleFile(path, None, private_key=private_key))


def test_a_bundle_sealed_to_a_key_opens_with_the_private_key_only(source, target, keys, tmp_path, plain_bundle):
    private_file, public_file = keys
    assert (private_file.stat().st_mode & 0o777) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in private_file.read_bytes()
    recipient = read_recipient(public_file)
    sealed = export_from(source, tmp_path / "to-ann.bundle", passphrase=None, recipient=recipient)
    data = sealed.read_bytes()
    assert data.startswith(MAGIC)
    for child in load(plain_bundle)["children"]:
        assert child["family_name"].encode() not in data

    outcome = _import(target, sealed, read_private_key(private_file, KEY_PASSWORD))
    assert outcome.ok, outcome.problems
    assert outcome.added_children == len(load(plain_bundle)["children"]) > 0

    backend = open_backend(source)
    try:
        signed_in(backend, "Sam Whitfield")
        with backend.db.read() as uow:
            event = uow.audit.events_of(("records.export",))[-1]
    finally:
        backend.close()
    assert event.after["plain"] is False and event.after["sealed_to"] == recipient.fingerprint


def test_another_key_or_none_is_refused_and_nothing_is_written(source, target, keys, tmp_path):
    _private_file, public_file = keys
    sealed = export_from(source, tmp_path / "to-ann.bundle", passphrase=None, recipient=read_recipient(public_file))
    other = make_pair(tmp_path / "bob.pem", None)
    rows = table_rows(target)

    with pytest.raises(BundleUnreadable) as wrong:
        _import(target, sealed, read_private_key(tmp_path / "bob.pem", None))
    assert str(wrong.value) == WRONG_KEY
    assert other.exists()
    with pytest.raises(BundleUnreadable, match="encrypted to a recipient's key: give the private key"):
        BundleFile(sealed, None)
    assert table_rows(target) == rows


def test_a_wrong_password_for_the_key_file_is_said_plainly(keys):
    private_file, _public_file = keys
    with pytest.raises(Exception, match="the password is wrong"):
        read_private_key(private_file, "not the password")
    with pytest.raises(Exception, match="protected by a password"):
        read_private_key(private_file, None)


def test_an_rsa_recipient_works_too(source, target, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    (tmp_path / "rsa.pub.pem").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    (tmp_path / "rsa.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(KEY_PASSWORD.encode())))
    sealed = export_from(source, tmp_path / "to-rsa.bundle", passphrase=None,
                         recipient=read_recipient(tmp_path / "rsa.pub.pem"))
    outcome = _import(target, sealed, read_private_key(tmp_path / "rsa.pem", KEY_PASSWORD))
    assert outcome.ok, outcome.problems
    assert outcome.added_children > 0


def test_a_short_rsa_key_is_refused(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    (tmp_path / "weak.pub.pem").write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(Exception, match="at least 3072"):
        read_recipient(tmp_path / "weak.pub.pem")
