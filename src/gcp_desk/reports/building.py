"""Building a report from its data: the PDF made, and signed with the organisation's key when it is final.

    key = SigningKey(folder, organisation, data_key=..., configured=None, passphrase=None)
    pdf = LOCAL.assessment_report(data, key, reason="…", location="…")   # in this process
    pdf = LOCAL.family_summary(data)

``LOCAL`` builds in this process; ``reports.worker.ReportWorker`` has the same two methods and builds in a
separate process, so that the app does not hold reportlab, matplotlib and pyHanko. A ``SigningKey`` says where the
organisation's key is and what opens it, not the key itself: it crosses to the worker through a pipe and never to
a file or a command line, and the key is opened (and kept, parsed once) on the side that signs.

This module imports no report library: a service can name a builder without loading them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from .report_data import ReportData


@dataclass(frozen=True)
class SigningKey:
    """Where the organisation's signing key is: a configured PKCS#12 file and its passphrase, or else the app's
    self-signed one in ``folder`` (sealed under ``data_key`` when the database is encrypted)."""

    folder: Path
    organisation: str
    data_key: bytes | None = field(default=None, repr=False)
    configured: str | None = None
    passphrase: str | None = field(default=None, repr=False)

    def open(self) -> Any:
        """The ``OrganisationSigner``, parsed once per process for the same key (pyHanko is loaded here)."""
        signer = _OPENED.get(self)
        if signer is None:
            from .signing import OrganisationSigner

            if self.configured:
                signer = OrganisationSigner.from_pkcs12(self.configured, self.passphrase)
            else:
                signer = OrganisationSigner.load_or_create(self.folder, self.organisation, data_key=self.data_key)
            _OPENED.clear()  # one organisation key at a time: a key no longer used is not kept
            _OPENED[self] = signer
        return signer


_OPENED: dict[SigningKey, Any] = {}


class Builder(Protocol):
    def assessment_report(self, data: ReportData, key: SigningKey | None, *, reason: str = "",
                          location: str = "") -> bytes: ...

    def family_summary(self, data: ReportData) -> bytes: ...


class LocalBuilder:
    """Builds in this process."""

    def assessment_report(self, data: ReportData, key: SigningKey | None, *, reason: str = "",
                          location: str = "") -> bytes:
        """The full report; with ``key``, its signed content embedded and the organisation's signature added."""
        return build_assessment(data, key, reason=reason, location=location)

    def family_summary(self, data: ReportData) -> bytes:
        from .family_summary import build_family_summary

        return build_family_summary(data)


def build_assessment(data: ReportData, key: SigningKey | None, *, reason: str = "", location: str = "",
                     signer: Any = None) -> bytes:
    """The full report, signed with ``key``'s signer (or ``signer``, one that signs elsewhere: its
    ``sign_report`` is called) when either is given."""
    import hashlib

    from .assessment_report import build_assessment_report

    if key is not None and signer is None:
        signer = key.open()
    if signer is not None:
        data = replace(data, certificate_sha256=hashlib.sha256(signer.certificate_der).hexdigest())
    pdf = build_assessment_report(data)
    if signer is None:
        return pdf
    from .embedded_content import attach, signed_content
    from .interruption import checkpoint

    checkpoint()
    pdf = attach(pdf, signed_content(data))
    if hasattr(signer, "sign_report"):
        return signer.sign_report(pdf, reason=reason, location=location)
    from .signing import sign_pdf

    return sign_pdf(pdf, signer, reason=reason, location=location)


LOCAL = LocalBuilder()
