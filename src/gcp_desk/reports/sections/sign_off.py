"""Management oversight and the signatures.

Each signature prints the full SHA-256 of the assessment's canonical JSON at the moment of signing: anyone holding
the record can recompute it and see whether the content printed here is the content that was signed.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from ...domain.labels import ROLE
from ...domain.review import SignatureKind
from ..paragraphs import Paragraph
from ..report_data import ReportData
from ..styles import CONTENT_WIDTH, SHADE, Styles
from ..tables import header_row, report_table
from ..wording import format_datetime, safe
from .blocks import domain_title, heading, nothing

SUPERVISION = "Supervision"
SIGNATURES = "Signatures and verification"

SIGNATURE_KIND = {
    SignatureKind.SUBMITTED_BY: "Submitted by",
    SignatureKind.COUNTERSIGNED_BY: "Countersigned by",
}


def supervision_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, SUPERVISION)]
    if not data.returns and not data.review_comments:
        flowables.append(nothing(styles, "No supervision comments or returns are recorded."))
        return flowables
    for returned in sorted(data.returns, key=lambda r: (r.round, r.returned_at)):
        flowables.append(Paragraph(
            f"<b>Returned to the practitioner, round {returned.round}</b>, by {safe(returned.returned_by_name)} "
            f"on {format_datetime(returned.returned_at)}: {safe(returned.reasons)}", styles.body))
    for comment in sorted(data.review_comments, key=lambda c: (c.round, c.created_at)):
        about = domain_title(data.instrument, comment.domain_id) if comment.domain_id else "The whole assessment"
        flowables.append(Paragraph(
            f"<b>Round {comment.round}, {safe(about)}</b>: {safe(comment.author_name)}, "
            f"{format_datetime(comment.created_at)}: {safe(comment.text)}", styles.body))
    return flowables


def signatures_section(data: ReportData, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = [*heading(styles, SIGNATURES)]
    signatures = sorted(data.signatures, key=lambda s: s.signed_at)
    if data.draft_reason:
        flowables.append(Paragraph(f"This report is a draft and is not signed. {safe(data.draft_reason)}",
                                   styles.prompt))
    elif not data.is_final:
        flowables.append(Paragraph(
            "This report is a draft: the assessment has not been countersigned by a supervisor.", styles.prompt))
    if not signatures:
        flowables.append(nothing(styles, "Not signed yet."))
        return flowables
    flowables.append(Paragraph(
        "Each signature fixes the assessment's content as it was at that moment. The verification hash is the "
        "SHA-256 of that content; GCP Desk recomputes it from the record to show that nothing has changed since.",
        styles.muted))
    rows: list[list] = [header_row(styles, "Signed as", "Name", "Role", "Date and time")]
    commands: list[tuple] = []
    for signature in signatures:
        rows.append([
            Paragraph(SIGNATURE_KIND[signature.kind], styles.cell_bold),
            Paragraph(safe(signature.name), styles.cell_bold),
            Paragraph(ROLE[signature.role], styles.cell),
            Paragraph(format_datetime(signature.signed_at), styles.cell),
        ])
        row = len(rows)
        rows.append([Paragraph(f"<b>Verification hash (SHA-256):</b> {safe(signature.content_hash)}", styles.hash),
                     "", "", ""])
        commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), SHADE)]
    widths = [0.2, 0.3, 0.18, 0.32]
    flowables.append(report_table(rows, [w * CONTENT_WIDTH for w in widths], commands=commands))
    if data.is_final and (data.chain_head or data.certificate_sha256):
        flowables.append(Paragraph(_anchors(data), styles.muted))
    return [KeepTogether(flowables)]


def _anchors(data: ReportData) -> str:
    """The audit trail's end and the signing certificate's fingerprint: what a later check compares against."""
    parts = []
    if data.chain_head:
        seq, chain_hash = data.chain_head
        parts.append(f"Audit trail at event {seq}, hash {safe(chain_hash)}.")
    if data.certificate_sha256:
        parts.append(f"Signing certificate SHA-256 fingerprint: {safe(data.certificate_sha256)}.")
    return " ".join(parts)  # never a heading at the foot of one page and its signatures on the next
