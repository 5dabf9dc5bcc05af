"""The canonical signed content, carried inside a signed report as a PDF embedded file, so that ``verify`` can
recompute the hash printed in the report from the content itself, and can say whose report it is (child, assessment,
practitioner, countersigner) without the database. The embedded file is inside what the PAdES signature covers.

    pdf = attach(pdf, signed_content(data, content_hash))     # before signing
    found = read_signed_content(pdf)                          # the dict, or None for a report without one
"""

from __future__ import annotations

import io
import json
from typing import Any

from ..domain.canonical import canonical_json, sha256_hex
from ..domain.review import SignatureKind
from ..scoring.drift import assessment_date
from ..scoring.signing_content import assessment_content
from .report_data import ReportData

FILE_NAME = "gcp-desk-signed-content.json"
FORMAT = "gcp-desk/signed-content/1"


def signed_content(data: ReportData) -> bytes:
    """The embedded file: the content that was signed, its hash, and who and what the report is about."""
    content = assessment_content(data.assessment)
    signatures = {signature.kind: signature for signature in data.signatures}
    submitted = signatures.get(SignatureKind.SUBMITTED_BY)
    countersigned = signatures.get(SignatureKind.COUNTERSIGNED_BY)
    when = assessment_date(data.assessment)
    value = {
        "format": FORMAT,
        "content_sha256": sha256_hex(content),
        "content": content,
        "about": {
            "child_name": data.record.child.full_name,
            "child_id": str(data.record.child.id),
            "assessment_id": str(data.assessment.id),
            "assessment_date": when.isoformat() if when else None,
            "practitioner": submitted.name if submitted else None,
            "countersigner": countersigned.name if countersigned else None,
            "countersigned_at": countersigned.signed_at.isoformat() if countersigned else None,
        },
    }
    return canonical_json(value)


def attach(pdf_bytes: bytes, content: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.add_attachment(FILE_NAME, content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def read_signed_content(pdf_bytes: bytes) -> dict[str, Any] | None:
    """The embedded signed content, ``None`` if the file carries none; ``ValueError`` if it is not readable."""
    from pypdf import PdfReader

    attachments = PdfReader(io.BytesIO(pdf_bytes)).attachments
    if FILE_NAME not in attachments:
        return None
    (raw,) = attachments[FILE_NAME][:1] or [b""]
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError("the embedded signed content is not readable") from error
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise ValueError("the embedded signed content is not in a format this GCP Desk knows")
    return value


def content_problems(found: dict[str, Any], printed_hash: str | None) -> list[str]:
    """Whether the embedded content hashes to the hash it names and to the hash printed in the report."""
    problems = []
    recomputed = sha256_hex(found.get("content") or {})
    if recomputed != found.get("content_sha256"):
        problems.append("The signed content embedded in the report does not hash to the hash it records.")
    if printed_hash is not None and recomputed != printed_hash:
        problems.append("The hash printed in the report is not the hash of the signed content embedded in it.")
    inner = ((found.get("content") or {}).get("assessment") or {}).get("id")
    if inner != (found.get("about") or {}).get("assessment_id"):
        problems.append("The embedded signed content is about another assessment than the report says.")
    return problems
