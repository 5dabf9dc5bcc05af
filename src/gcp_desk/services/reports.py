"""Reports from the record: the full assessment report and the family summary, signed when countersigned, and the
check of a report file against the database (``gcp-desk verify``).

The signing key is the organisation's certificate named in the settings or, until one is configured, a
self-signed one the app makes in the data folder's ``signing`` folder. Reports are always built from the record as
stored now, so a report can never show something the database does not hold.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import replace
from pathlib import Path
from uuid import UUID

from ..domain.assessment import Assessment
from ..domain.enums import AssessmentStatus
from ..domain.errors import ChangedAfterSigning, NotFound, PermissionDenied
from ..domain.review import SignatureKind
from ..scoring.age import format_date
from ..scoring.signed_state import changed_since_signing, changed_words
from ..scoring.signing_content import assessment_content_hash
from .assessments import AssessmentService
from .base import Service, open_to_anyone
from .context import ServiceContext

PASSPHRASE_VARIABLE = "GCP_DESK_SIGNING_PASSPHRASE"
SUBJECT = re.compile(r"Assessment ([0-9a-f-]{36})")
DEFAULT_ORGANISATION = "GCP Desk"


class ReportService(Service):
    def __init__(self, context: ServiceContext, signing_folder: Path):
        self._context = context
        self._signing_folder = Path(signing_folder)
        self._assessments = AssessmentService(context)

    # Building ---------------------------------------------------------------------------------------------
    def report_data(self, assessment_id: UUID):
        """Everything the report shows, read in one transaction."""
        from ..reports.report_data import ReportData

        with self._context.transaction() as uow:
            assessment = uow.assessments.get(assessment_id)
            record = uow.children.record(assessment.child_id)
            history = [a for a in uow.assessments.history(assessment.child_id)
                       if a.id == assessment.id or a.status is not AssessmentStatus.AMENDED]
            review = uow.review.history(assessment_id)
            head = uow.audit.head()
        return ReportData(
            record=record,
            assessment=assessment,
            instrument=self._assessments.instrument_for(assessment),
            organisation=self._organisation(),
            history=[(a, instrument) for a in history if (instrument := self._instrument_or_none(a)) is not None],
            signatures=review.signatures,
            review_comments=review.comments,
            returns=review.returns,
            drift_min_weeks=self._context.settings.drift_min_weeks,
            chain_head=(head.seq, head.hash),
        )

    def assessment_report(self, assessment_id: UUID, *, sign: bool = True, draft_if_changed: bool = False,
                          signer=None, builder=None) -> bytes:
        """The full report as PDF bytes. A countersigned one is PAdES-signed unless ``sign`` is False; any other
        carries the DRAFT watermark and no signature. ``signer``: another than this folder's (the team server's,
        ``server.signing.ServerSigner``), with ``certificate_der`` and ``sign_report``. ``builder``: where the PDF
        is built and signed (``reports.building.LOCAL``, this process, unless the app's report worker is given).

        A signed assessment changed after signing is never signed: ``ChangedAfterSigning``, or with
        ``draft_if_changed`` a DRAFT report that says why."""
        from ..reports.building import LOCAL, build_assessment

        data, signing, reason = self._assessment_request(assessment_id, sign, draft_if_changed)
        if signing and signer is not None:  # signed elsewhere (the team server): built and sent from here
            pdf = build_assessment(data, None, reason=reason, location=self._organisation(), signer=signer)
        else:
            pdf = (builder or LOCAL).assessment_report(data, self.signing_key() if signing else None,
                                                       reason=reason, location=self._organisation())
        self._record_print(assessment_id, "report.print")
        return pdf

    def build_ahead(self, assessment_id: UUID, builder) -> None:
        """Have ``builder`` (the app's report worker) start on the full report a practitioner is about to ask for,
        read from the record now, so that ``assessment_report`` finds it made if nothing has changed meanwhile.
        Nothing leaves the database and nothing is recorded: a report is audited when it is asked for. A report
        that could not be signed now is left for the request to say why."""
        try:
            data, signing, reason = self._assessment_request(assessment_id, True, False)
        except ChangedAfterSigning:
            return
        builder.build_ahead(data, self.signing_key() if signing else None, reason=reason,
                            location=self._organisation())

    def _assessment_request(self, assessment_id: UUID, sign: bool, draft_if_changed: bool):
        """The report's data as stored now, whether it is signed, and the signature's reason."""
        data = self.report_data(assessment_id)
        broken = changed_since_signing(data.assessment, data.signatures)
        if broken is not None:
            if not draft_if_changed:
                raise ChangedAfterSigning(
                    f"{changed_words(broken)} GCP Desk will not sign a report of it; a DRAFT report that says why "
                    "can still be made.")
            data = replace(data, draft_reason=changed_words(broken))
        return data, sign and data.is_final, f"Countersigned neglect profile of {data.record.child.full_name}"

    def family_summary(self, assessment_id: UUID, *, builder=None) -> bytes:
        from ..reports.building import LOCAL

        pdf = (builder or LOCAL).family_summary(self.report_data(assessment_id))
        self._record_print(assessment_id, "report.family-summary")
        return pdf

    def _record_print(self, assessment_id: UUID, action: str) -> None:
        """A report leaves the database's protection: who made it, of what, and when, go to the audit trail."""
        with self._context.transaction() as uow:
            uow.audit.record(self._context.actor_id, action, "assessment", str(assessment_id), None, None)

    def default_file_name(self, assessment_id: UUID, *, family: bool = False) -> str:
        with self._context.transaction() as uow:
            assessment = uow.assessments.get(assessment_id)
            child = uow.children.get(assessment.child_id)
        when = (assessment.last_visit_date or assessment.created_at.date()).isoformat()
        kind = "family summary" if family else "neglect profile"
        name = re.sub(r"[^\w\- ]+", "", f"{child.full_name} {kind} {when}").strip()
        return f"{name}.pdf"

    # Signing ----------------------------------------------------------------------------------------------
    def signer(self):
        """The organisation's signing key: the configured certificate, or the app's own self-signed one."""
        return self.signing_key().open()

    def signing_key(self):
        """Where the organisation's signing key is and what opens it (``reports.building.SigningKey``)."""
        from ..reports.building import SigningKey

        keys = self._context.keys
        return SigningKey(self._signing_folder, self._organisation(),
                          data_key=keys.data_key if keys is not None else None,
                          configured=self._context.settings.signing_certificate or None,
                          passphrase=os.environ.get(PASSPHRASE_VARIABLE))

    @open_to_anyone
    def trusted_certificate(self) -> bytes | None:
        """The organisation's certificate, to recognise its reports; never makes a key (``None`` if there is none
        here yet, and then whose signature a report carries is not checked)."""
        return trusted_certificate_in(self._signing_folder, self._context.settings)

    # Verifying --------------------------------------------------------------------------------------------
    @open_to_anyone
    def verify(self, pdf_bytes: bytes, *, check_record: bool = True, trust: bytes | None = None):
        """Check a report file: its digital signature, its signer (the certificate this folder trusts, or
        ``trust``: a PEM or DER certificate), its embedded signed content against the printed hash and, with
        ``check_record`` (which needs someone signed in who may see the child), that the hash printed in it is the
        hash of the record in this database as countersigned, and that the record still has that hash today."""
        from ..reports.verify import verify_pdf

        trusted = trust if trust is not None else trusted_certificates_in(self._signing_folder,
                                                                          self._context.settings)
        if check_record and self._context.actor is None:
            raise PermissionDenied("Sign in to compare a report with the record in this database.")
        assessment_id = _assessment_id_in(pdf_bytes)
        expected: str | None = None
        problems: list[str] = []
        if not check_record:
            return verify_pdf(pdf_bytes, expected_hash=None, trust_self_signed_cert=trusted)
        if assessment_id is None:
            problems.append("The file does not say which assessment it reports, so it cannot be compared with "
                            "the database. It may not be a GCP Desk report, or it has been altered.")
        else:
            expected, problems = self._record_hash(assessment_id)
        result = verify_pdf(pdf_bytes, expected_hash=expected, trust_self_signed_cert=trusted)
        if not problems:
            return result
        return replace(result, problems=tuple(dict.fromkeys([*problems, *result.problems])))

    def _record_hash(self, assessment_id: UUID) -> tuple[str | None, list[str]]:
        try:
            with self._context.transaction() as uow:
                assessment = uow.assessments.get(assessment_id)
                signature = uow.review.history(assessment_id).signature(SignatureKind.COUNTERSIGNED_BY)
        except NotFound:
            return None, [f"Assessment {assessment_id} is not in this database, so the report cannot be "
                          "compared with its record."]
        if signature is None:
            return None, ["The assessment this report is about has not been countersigned in this database."]
        problems = []
        if assessment_content_hash(assessment) != signature.content_hash:
            problems.append("The record in the database no longer matches what the supervisor countersigned on "
                            f"{format_date(signature.signed_at.date())}: it has been changed since.")
        return signature.content_hash, problems

    # Helpers ----------------------------------------------------------------------------------------------
    def _organisation(self) -> str:
        return self._context.settings.organisation_name.strip() or DEFAULT_ORGANISATION

    def _instrument_or_none(self, assessment: Assessment):
        return self._context.instruments.by_hash(assessment.instrument_hash)


def _assessment_id_in(pdf_bytes: bytes) -> UUID | None:
    """The assessment id the report names in its document properties."""
    from pypdf import PdfReader

    try:
        metadata = PdfReader(io.BytesIO(pdf_bytes)).metadata or {}
    except Exception:  # an unreadable file: the signature check says what is wrong with it
        return None
    found = SUBJECT.search(str(metadata.get("/Subject", "")))
    return UUID(found.group(1)) if found else None


def trusted_certificate_in(signing_folder: Path, settings) -> bytes | None:
    """The certificate this folder trusts (DER): the configured organisation's, or the public certificate of the
    one made here; reads no private key and never makes one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    from ..reports.signing import CERTIFICATE_FILE, OrganisationSigner

    if settings.signing_certificate:
        return OrganisationSigner.from_pkcs12(settings.signing_certificate,
                                              os.environ.get(PASSPHRASE_VARIABLE)).certificate_der
    public = Path(signing_folder) / CERTIFICATE_FILE
    if public.exists():
        return x509.load_pem_x509_certificate(public.read_bytes()).public_bytes(serialization.Encoding.DER)
    return None


def trusted_certificates_in(signing_folder: Path, settings) -> tuple[bytes, ...] | None:
    """Every certificate this folder trusts (DER): its own (``trusted_certificate_in``) and, on a laptop linked to
    a team server, the organisation's certificate the server gave it (reports signed on the server, or by another
    laptop with the organisation's key)."""
    from ..reports.organisation_certificate import organisation_certificate_der

    found = [certificate for certificate in (trusted_certificate_in(signing_folder, settings),
                                             organisation_certificate_der(signing_folder)) if certificate]
    return tuple(dict.fromkeys(found)) or None
