"""The review of an assessment in words: its rounds, its signatures, and what a read-only banner says. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from ....domain.assessment import Assessment
from ....domain.enums import AssessmentStatus
from ....domain.labels import ROLE
from ....domain.review import ReturnRecord, ReviewComment, ReviewHistory, Signature, SignatureKind
from ....scoring.age import format_date
from ...models.round_words import look_words

WHOLE_ASSESSMENT = "The whole assessment"


def local(moment: datetime) -> datetime:
    """Stored times are UTC; people read them in the laptop's time zone."""
    return moment.astimezone() if moment.tzinfo else moment


def day_words(moment: datetime) -> str:
    return format_date(local(moment).date())


def time_words(moment: datetime) -> str:
    moment = local(moment)
    return f"{format_date(moment.date())} at {moment:%H:%M}"


def short_hash(content_hash: str) -> str:
    """Enough of the SHA-256 to compare with a printed report by eye; the report prints it in full."""
    return " ".join(content_hash[i:i + 4] for i in range(0, min(len(content_hash), 16), 4)) + " …"


@dataclass(frozen=True)
class Round:
    """One submission and what came of it: comments, then a return or a countersignature (or neither yet)."""

    number: int
    submitted: Signature | None = None
    comments: list[ReviewComment] = field(default_factory=list)
    returned: ReturnRecord | None = None
    countersigned: Signature | None = None


def rounds(history: ReviewHistory) -> list[Round]:
    """Every round, newest first. The n-th submission opens round n; a countersignature closes the last round."""
    submissions = sorted((s for s in history.signatures if s.kind is SignatureKind.SUBMITTED_BY),
                         key=lambda s: s.signed_at)
    countersignatures = [s for s in history.signatures if s.kind is SignatureKind.COUNTERSIGNED_BY]
    if not submissions and not history.comments and not history.returns and not countersignatures:
        return []
    numbers = {1, *(c.round for c in history.comments), *(r.round for r in history.returns),
               *range(1, len(submissions) + 1)}
    last = max(numbers)
    result = []
    for number in sorted(numbers, reverse=True):
        result.append(Round(
            number=number,
            submitted=submissions[number - 1] if number <= len(submissions) else None,
            comments=sorted((c for c in history.comments if c.round == number), key=lambda c: c.created_at),
            returned=next((r for r in history.returns if r.round == number), None),
            countersigned=countersignatures[-1] if countersignatures and number == last else None,
        ))
    return result


def signed_words(signature: Signature, verb: str) -> str:
    return f"{verb} by {signature.name} ({ROLE[signature.role].lower()}) on {time_words(signature.signed_at)}"


def comment_place(comment: ReviewComment, titles: dict[str, str]) -> str:
    if comment.domain_id is None:
        return WHOLE_ASSESSMENT
    return titles.get(comment.domain_id, comment.domain_id)


def comments_by_domain(comments: list[ReviewComment], domain_order: list[str],
                       titles: dict[str, str]) -> list[tuple[str, list[ReviewComment]]]:
    """The whole assessment first, then the domains in the instrument's order."""
    order = {None: -1, **{domain_id: i for i, domain_id in enumerate(domain_order)}}
    keys = sorted({c.domain_id for c in comments}, key=lambda d: (order.get(d, len(order)), d or ""))
    return [(comment_place(next(c for c in comments if c.domain_id == key), titles),
             [c for c in comments if c.domain_id == key]) for key in keys]


def round_heading(round_: Round, current: int, status: AssessmentStatus) -> str:
    if round_.countersigned is not None:
        outcome = "countersigned"
    elif round_.returned is not None:
        outcome = "returned for changes"
    elif round_.number == current and status is AssessmentStatus.SUBMITTED:
        outcome = "waiting for review"
    elif round_.number == current and status.is_editable:
        outcome = "being worked on"
    else:
        outcome = ""
    return f"Round {round_.number} ({look_words(round_.number)})" + (f": {outcome}" if outcome else "")


def history_html(history: ReviewHistory, status: AssessmentStatus, titles: dict[str, str],
                 domain_order: list[str]) -> str:
    """Every round, newest first, for the review panel."""
    shown = rounds(history)
    if not shown:
        return "<p>Not submitted yet: no review so far.</p>"
    parts = []
    for round_ in shown:
        parts.append(f"<h4>{escape(round_heading(round_, history.round, status))}</h4>")
        lines = []
        if round_.submitted is not None:
            lines.append(escape(signed_words(round_.submitted, "Submitted")))
        for place, comments in comments_by_domain(round_.comments, domain_order, titles):
            for comment in comments:
                lines.append(f"Comment on <b>{escape(place)}</b> by {escape(comment.author_name)}, "
                             f"{escape(time_words(comment.created_at))}: {escape(comment.text)}")
        if round_.returned is not None:
            returned = round_.returned
            lines.append(f"<b>Returned for changes</b> by {escape(returned.returned_by_name)} on "
                         f"{escape(time_words(returned.returned_at))}. Reasons: {escape(returned.reasons)}")
        if round_.countersigned is not None:
            signature = round_.countersigned
            lines.append(f"<b>{escape(signed_words(signature, 'Countersigned'))}</b>. Content fingerprint "
                         f"(SHA-256) {escape(short_hash(signature.content_hash))}")
        if not lines:
            lines.append("Nothing recorded in this round yet.")
        parts.append("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")
    return "".join(parts)


def countersigned_on(history: ReviewHistory | None) -> str:
    signature = history.signature(SignatureKind.COUNTERSIGNED_BY) if history else None
    return day_words(signature.signed_at) if signature else ""


def banner_words(assessment: Assessment, history: ReviewHistory | None,
                 original: ReviewHistory | None = None) -> str:
    """Why the assessment is read-only, or that it is an amendment; empty for an ordinary draft. Without the review
    history (not read yet) the words say less, but never something untrue."""
    status = assessment.status
    countersignature = history.signature(SignatureKind.COUNTERSIGNED_BY) if history else None
    if status is AssessmentStatus.SUBMITTED:
        submission = history.signature(SignatureKind.SUBMITTED_BY) if history else None
        if submission is not None:
            who = f" by {submission.name} on {day_words(submission.signed_at)}"
        else:
            who = f" on {day_words(assessment.submitted_at)}" if assessment.submitted_at else ""
        return (f"Submitted{who} and waiting for supervisor review: read-only. It can be changed again only if the "
                "supervisor returns it.")
    if status is AssessmentStatus.COUNTERSIGNED:
        who = (f" by {countersignature.name} on {day_words(countersignature.signed_at)}"
               if countersignature else "")
        return f"Countersigned{who}: read-only. To correct it, make an amendment."
    if status is AssessmentStatus.AMENDED:
        who = (f", countersigned by {countersignature.name} on {day_words(countersignature.signed_at)}"
               if countersignature else "")
        return f"Replaced by an amendment: this is the earlier version{who}, shown read-only."
    if assessment.amends_id is not None:
        on = countersigned_on(original)
        when = f" countersigned on {on}" if on else ""
        return f"Amendment of the assessment{when}: {assessment.amendment_reason}"
    return ""
