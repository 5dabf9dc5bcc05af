"""Countersigned reports signed with the organisation's key, which stays on the team server.

The key (``server_signing_key``) is readable by the owner role alone, so signing happens in two halves:

1. A supervisor, online as their own login, prepares the report PDF for a PAdES signature with the organisation's
   certificate (pyHanko's interrupted signing) and asks the server to sign the digest of the signature's signed
   attributes (``request_signature``): a row in ``server_signing_requests``, which the server's own policy accepts
   only from a supervisor of the child's team, for an assessment countersigned on the server.
2. The owner's job (``sign_requests``, run by ``gcp-desk server sign-requests`` from the server's scheduler, or at
   once) signs each waiting digest and writes the signature into the row; nobody else may write it.

The supervisor's side then finishes the PDF with that signature (``finish``): the same signature a laptop holding
the key would have made, which ``gcp-desk verify`` checks against the organisation's certificate. Only the digest
travels to the server, never the report.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, text

from ..domain.errors import NotAllowed, PermissionDenied

SIGNATURE_SLOT = 72
"""An ECDSA P-256 signature in DER is at most 72 bytes; RSA-3072 needs 384 (see ``_placeholder``)."""

WAIT_SECONDS = 60.0
FIELD_NAME = "OrganisationSignature"
"""As ``reports.signing.FIELD_NAME``: the same field, whoever holds the key."""


@dataclass
class PendingSignature:
    """A report prepared for the organisation's signature, waiting for the server's answer."""

    request_id: UUID
    digest: str
    _state: Any


def request_signature(connection: Connection, assessment_id: UUID, pdf_bytes: bytes, *, reason: str,
                      location: str) -> PendingSignature:
    """Prepare ``pdf_bytes`` and ask the server to sign it; refused in words unless the server's rules let this
    person ask (a supervisor of the child's team, for an assessment countersigned there)."""
    from sqlalchemy.exc import DBAPIError

    from .laptop_link import organisation_certificate

    certificate_pem = organisation_certificate(connection)
    state = asyncio.run(_prepare(pdf_bytes, certificate_pem, reason, location))
    digest = hashlib.sha256(state["attributes"].dump()).hexdigest()
    try:
        request_id = connection.execute(text(
            "INSERT INTO server_signing_requests (assessment_id, digest, requested_by) "
            "VALUES (:assessment, :digest, gcp_desk_actor()) RETURNING id"),
            {"assessment": assessment_id, "digest": digest}).scalar_one()
        connection.commit()
    except DBAPIError as error:
        connection.rollback()
        if "row-level security" in str(error.orig) or "permission denied" in str(error.orig):
            raise PermissionDenied(
                "Only a supervisor of the child's team can have a report signed on the team server, and only "
                "once the assessment is countersigned there. Nothing was changed.") from None
        raise
    return PendingSignature(request_id, digest, state)


class SigningCancelled(NotAllowed):
    """The person stopped waiting for the server's signature."""


class NotSignedYet(NotAllowed):
    """The owner's signing job did not answer in time."""


NOT_SIGNED_YET = ("The team server has not signed the report within {seconds:g} seconds: its signing job may not be "
                  "running (ask IT about 'gcp-desk server sign-requests'). Your request stays on the server, but "
                  "the report was not saved; make it again later to sign it.")


def finish(connection: Connection, pending: PendingSignature, *, wait_seconds: float = WAIT_SECONDS,
           poll_seconds: float = 0.5, cancelled: Callable[[], bool] | None = None) -> bytes:
    """The signed PDF, once the server's job has signed the digest (waiting up to ``wait_seconds``; ``cancelled``
    asked between looks, to stop waiting at once)."""
    deadline = time.monotonic() + wait_seconds
    while True:
        signature = connection.execute(text("SELECT signature FROM server_signing_requests WHERE id = :id"),
                                       {"id": pending.request_id}).scalar()
        connection.commit()
        if signature is not None:
            return asyncio.run(_finish(pending._state, bytes(signature)))
        if cancelled is not None and cancelled():
            raise SigningCancelled("You stopped waiting for the team server's signature. Your request stays on "
                                   "the server; the report was not saved.")
        if time.monotonic() >= deadline:
            raise NotSignedYet(NOT_SIGNED_YET.format(seconds=wait_seconds))
        time.sleep(poll_seconds)


def sign_requests(connection: Connection, actor_id: UUID | None = None) -> int:
    """The owner's job: sign every waiting digest with the organisation's key; how many. ``connection`` is the
    owner's (its role set to the owner role)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
    from cryptography.hazmat.primitives.serialization import pkcs12

    from ..storage.db import CHAIN_LOCK

    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    bundle = connection.execute(text("SELECT pkcs12 FROM server_signing_key WHERE id = 1")).scalar()
    if bundle is None:
        raise NotAllowed("The team server has no organisation signing key. Nothing was signed.")
    key, _certificate, _others = pkcs12.load_key_and_certificates(bytes(bundle), None)
    waiting = connection.execute(text(
        "SELECT id, digest, requested_by FROM server_signing_requests WHERE signature IS NULL "
        "ORDER BY requested_at FOR UPDATE SKIP LOCKED")).all()
    prehashed = utils.Prehashed(hashes.SHA256())
    for request_id, digest, requested_by in waiting:
        data = bytes.fromhex(digest)
        if isinstance(key, ec.EllipticCurvePrivateKey):
            signature = key.sign(data, ec.ECDSA(prehashed))
        elif isinstance(key, rsa.RSAPrivateKey):
            signature = key.sign(data, padding.PKCS1v15(), prehashed)
        else:
            raise NotAllowed("The organisation's key is of a kind GCP Desk does not sign with. Nothing was signed.")
        connection.execute(text("UPDATE server_signing_requests SET signature = :signature, signed_at = now() "
                                "WHERE id = :id"), {"signature": signature, "id": request_id})
        _record(connection, actor_id or requested_by, request_id, digest)
    connection.commit()
    return len(waiting)


def _record(connection: Connection, actor_id: UUID, request_id: UUID, digest: str) -> None:
    from sqlalchemy.orm import Session

    from ..storage.repositories import AuditRepository

    AuditRepository(Session(bind=connection)).record(actor_id, "report.sign-on-server", "signing-request",
                                                     str(request_id), None, {"digest": digest})


def _mechanism(certificate) -> Any:
    from asn1crypto import algos

    name = "sha256_ecdsa" if certificate.public_key.algorithm == "ec" else "sha256_rsa"
    return algos.SignedDigestAlgorithm({"algorithm": name})


def _external(certificate, signature: bytes):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return signers.ExternalSigner(signing_cert=certificate,
                                  cert_registry=SimpleCertificateStore.from_certs([certificate]),
                                  signature_value=signature, signature_mechanism=_mechanism(certificate))


async def _prepare(pdf_bytes: bytes, certificate_pem: str, reason: str, location: str) -> dict:
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    _kind, _headers, der = pem.unarmor(certificate_pem.encode("ascii"))
    certificate = x509.Certificate.load(der)
    slot = SIGNATURE_SLOT if certificate.public_key.algorithm == "ec" else certificate.public_key.byte_size
    external = _external(certificate, bytes(slot))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, reason=reason, location=location, md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES, certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES)
    prepared, tbs, output = await signers.PdfSigner(metadata, signer=external).async_digest_doc_for_signing(
        IncrementalPdfFileWriter(io.BytesIO(pdf_bytes)))
    attributes = await external.signed_attrs(prepared.document_digest, "sha256", use_pades=True)
    return {"certificate": certificate, "prepared": prepared, "tbs": tbs, "output": output,
            "attributes": attributes}


async def _finish(state: dict, signature: bytes) -> bytes:
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    cms = await _external(state["certificate"], signature).async_sign_prescribed_attributes(
        "sha256", signed_attrs=state["attributes"])
    await PdfTBSDocument.async_finish_signing(state["output"], prepared_digest=state["prepared"], signature_cms=cms,
                                              post_sign_instr=state["tbs"].post_sign_instructions)
    return state["output"].getvalue()


def sign_requests_as_owner(url: str, owner_password: str | None) -> int:
    """``gcp-desk server sign-requests``: the owner's credentials, the owner role, every waiting request signed."""
    from ..storage.server_address import roles_for, server_url
    from .connect import connected

    address = server_url(url, password=owner_password)
    with connected(address) as connection:
        connection.exec_driver_sql(f'SET ROLE "{roles_for(address).owner}"')
        return sign_requests(connection)


class ServerSigner:
    """Signs a report through the linked team server, as a supervisor's own login (see the module)."""

    def __init__(self, url, certificate_pem: str, assessment_id: UUID, *, wait_seconds: float = WAIT_SECONDS,
                 cancelled: Callable[[], bool] | None = None):
        self._url, self._pem, self._assessment_id, self._wait = url, certificate_pem, assessment_id, wait_seconds
        self._cancelled = cancelled

    @property
    def certificate_der(self) -> bytes:
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        return x509.load_pem_x509_certificate(self._pem.encode("ascii")).public_bytes(Encoding.DER)

    def sign_report(self, pdf_bytes: bytes, *, reason: str, location: str) -> bytes:
        from .connect import connected

        with connected(self._url) as connection:
            pending = request_signature(connection, self._assessment_id, pdf_bytes, reason=reason, location=location)
            return finish(connection, pending, wait_seconds=self._wait, cancelled=self._cancelled)


def server_signer(backend, user, assessment_id: UUID, password: str, *, wait_seconds: float = WAIT_SECONDS,
                  cancelled: Callable[[], bool] | None = None) -> ServerSigner:
    """A ``ServerSigner`` for ``user`` on this linked laptop, once the server has taken their password; the
    organisation's certificate it gives is kept here too."""
    from ..reports.organisation_certificate import keep_organisation_certificate
    from ..security.laptop_link_key import server_login_noted
    from .connect import connected
    from .laptop_link import organisation_certificate, person_url

    if not backend.settings.team_server:
        raise NotAllowed("This laptop is not linked to a team server, so a report cannot be signed there "
                         "(gcp-desk server link URL). Nothing was saved.")
    login = (server_login_noted(backend.key_file, user.id) if backend.key_file is not None else None) or user.name
    url = person_url(backend.settings, login, password)
    with connected(url) as connection:
        pem = organisation_certificate(connection)
    keep_organisation_certificate(backend.paths.signing_dir, pem)
    return ServerSigner(url, pem, assessment_id, wait_seconds=wait_seconds, cancelled=cancelled)
