"""The organisation's signing key kept sealed under the database's data key: unreadable without it, the
certificate still public, and a key made before encryption sealed on first use with its plain bytes erased."""

from __future__ import annotations

import os

import pytest
from cryptography import x509

from gcp_desk.reports.signing import (
    CERTIFICATE_FILE,
    SELF_SIGNED_FILE,
    OrganisationSigner,
    SigningKeyUnavailable,
    create_self_signed,
    seal_signing_key,
    sign_pdf,
)

ORGANISATION = "Testbury Children's Services"
DATA_KEY = os.urandom(32)


def private_key_der(signer):
    return signer.pyhanko_signer.signing_key.dump()


def test_a_new_key_is_sealed_under_the_data_key_and_its_certificate_stays_public(tmp_path):
    signer = OrganisationSigner.load_or_create(tmp_path, ORGANISATION, data_key=DATA_KEY)
    sealed = (tmp_path / SELF_SIGNED_FILE).read_bytes()
    assert private_key_der(signer) not in sealed and b"Testbury" not in sealed
    public = x509.load_pem_x509_certificate((tmp_path / CERTIFICATE_FILE).read_bytes())
    assert public.subject.rfc4514_string().startswith("O=Testbury")
    again = OrganisationSigner.load_or_create(tmp_path, ORGANISATION, data_key=DATA_KEY)
    assert again.certificate_der == signer.certificate_der
    assert sign_pdf(_tiny_pdf(), again, reason="Test", location="Testbury").startswith(b"%PDF")


def test_a_sealed_key_opens_neither_without_the_data_key_nor_with_another(tmp_path):
    OrganisationSigner.load_or_create(tmp_path, ORGANISATION, data_key=DATA_KEY)
    with pytest.raises(SigningKeyUnavailable, match="opens only after someone has signed in"):
        OrganisationSigner.from_pkcs12(tmp_path / SELF_SIGNED_FILE)
    with pytest.raises(SigningKeyUnavailable, match="does not open with this database's key"):
        OrganisationSigner.load_or_create(tmp_path, ORGANISATION, data_key=os.urandom(32))


def test_a_key_made_before_encryption_is_sealed_on_first_use_and_its_plain_bytes_erased(tmp_path):
    create_self_signed(tmp_path, ORGANISATION)
    plain = OrganisationSigner.from_pkcs12(tmp_path / SELF_SIGNED_FILE)
    opened = OrganisationSigner.load_or_create(tmp_path, ORGANISATION, data_key=DATA_KEY)
    assert opened.certificate_der == plain.certificate_der  # the same key: earlier reports still recognised
    assert private_key_der(plain) not in (tmp_path / SELF_SIGNED_FILE).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([SELF_SIGNED_FILE, CERTIFICATE_FILE])
    assert seal_signing_key(tmp_path, DATA_KEY) is False  # already sealed: nothing to do
    if os.name == "posix":
        assert (tmp_path / SELF_SIGNED_FILE).stat().st_mode & 0o777 == 0o600


def test_a_stopped_sealing_leaves_the_key_whole_and_the_next_run_finishes(tmp_path, monkeypatch):
    from gcp_desk.reports import signing

    create_self_signed(tmp_path, ORGANISATION)
    plain = OrganisationSigner.from_pkcs12(tmp_path / SELF_SIGNED_FILE)

    def stopped(path, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(signing, "write_whole_file", stopped)
    with pytest.raises(KeyboardInterrupt):
        seal_signing_key(tmp_path, DATA_KEY)
    monkeypatch.undo()
    assert OrganisationSigner.from_pkcs12(tmp_path / SELF_SIGNED_FILE).certificate_der == plain.certificate_der
    assert seal_signing_key(tmp_path, DATA_KEY) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([SELF_SIGNED_FILE, CERTIFICATE_FILE])
    opened = OrganisationSigner.from_pkcs12(tmp_path / SELF_SIGNED_FILE, data_key=DATA_KEY)
    assert opened.certificate_der == plain.certificate_der


def _tiny_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Report")
    page.save()
    return buffer.getvalue()
