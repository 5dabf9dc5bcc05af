"""Supervision: the supervisor's queue, comments per domain, returns with reasons, countersigning, amendments.

Every rule is checked here, against the roles and records as stored at the moment of the call, whatever the screen
offered: a practitioner calling ``countersign`` gets ``PermissionDenied``, a supervisor countersigning their own
work likewise, and nothing about a countersigned assessment can change except that a countersigned amendment
marks it as replaced.

Who may review what: a supervisor reviews the work of practitioners in their own team; work by someone in no team
may be reviewed by any supervisor (a laptop set up before teams were). Nobody reviews their own work.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID, uuid4

from ..domain.assessment import Assessment
from ..domain.clock import utc_now
from ..domain.enums import AssessmentStatus, Role
from ..domain.errors import InvalidInput, NotAllowed, NotFound, PermissionDenied, Problem, RecordLocked
from ..domain.people import User
from ..domain.review import QueueEntry, ReturnRecord, ReviewComment, ReviewHistory, Signature, SignatureKind
from ..scoring.age import format_date
from ..scoring.flags import concern_domains
from ..scoring.signed_state import SIGNED_STATES, changed_since_signing, changed_words
from ..scoring.since_return import changes_since
from ..scoring.signing_content import HASH_SCHEME, assessment_content, assessment_content_hash
from ..storage.unit_of_work import UnitOfWork
from . import audit_payloads as payloads
from .assessment_start import OPEN_STATUSES
from .assessments import AssessmentService
from .base import Service
from .change_reading import change_over_time_of
from .context import ServiceContext
from .credentials import require_password


class ReviewService(Service):
    def __init__(self, context: ServiceContext):
        self._context = context
        self._assessments = AssessmentService(context)

    # Reading ----------------------------------------------------------------------------------------------
    def queue(self) -> list[QueueEntry]:
        """Submitted assessments this supervisor may review, the longest waiting first."""
        with self._context.transaction() as uow:
            supervisor = self._supervisor(uow, "see the review queue")
            authors = [user.id for user in uow.users.all() if self._may_review_work_of(supervisor, user)]
            entries = [entry for entry in uow.review.queue(authors)
                       if self._not_own(uow, supervisor, entry.assessment_id)]
            histories = {entry.child_id: uow.assessments.history(entry.child_id) for entry in entries}
            altered = _changed(uow, [uow.assessments.get(entry.assessment_id) for entry in entries])
        return [replace(self._with_history(entry, histories[entry.child_id]),
                        changed_after_signing=entry.assessment_id in altered) for entry in entries]

    def changed_after_signing(self, assessments: list[Assessment]) -> dict[UUID, str]:
        """Of these assessments, those submitted or countersigned whose content no longer hashes to their
        signature, each with the words that say so."""
        with self._context.transaction() as uow:
            return _changed(uow, assessments)

    def _with_history(self, entry: QueueEntry, history: list[Assessment]) -> QueueEntry:
        """The entry with what a supervisor looks for first: the visit date, overrides and drift."""
        assessment = next(a for a in history if a.id == entry.assessment_id)
        try:
            instrument = self._assessments.instrument_for(assessment)
            change = change_over_time_of(self._context, self._assessments, history, assessment)
        except NotFound:
            return replace(entry, visit_date=assessment.last_visit_date)
        titles = {domain.id: domain.title for domain in instrument.domains}
        overrides = tuple(titles.get(grade.domain_id, grade.domain_id)
                          for grade in assessment.domain_grades.values() if grade.is_override)
        return replace(entry, visit_date=assessment.last_visit_date, overrides=overrides,
                       flags=tuple(change.short_flags()))

    def history(self, assessment_id: UUID) -> ReviewHistory:
        with self._context.read() as uow:
            uow.assessments.get(assessment_id)
            return uow.review.history(assessment_id)

    def changes_since_return(self, assessment_id: UUID) -> list[str] | None:
        """What changed since the assessment was last returned, one line each (``scoring.since_return``); ``None``
        when it was never returned, or was returned before the content at a return was kept."""
        with self._context.read() as uow:
            assessment = uow.assessments.get(assessment_id)
            then = uow.review.content_at_last_return(assessment_id)
        if then is None:
            return None
        return changes_since(then, assessment, self._assessments.instrument_for(assessment))

    def can_review(self, assessment: Assessment) -> bool:
        """True when the signed-in user may comment on, return or countersign this assessment now."""
        with self._context.read() as uow:
            try:
                self._check_reviewer(uow, uow.assessments.get(assessment.id), "review")
            except NotAllowed:
                return False
            return True

    # Reviewing --------------------------------------------------------------------------------------------
    def comment(self, assessment_id: UUID, domain_id: str | None, text: str) -> ReviewComment:
        text = text.strip()
        if not text:
            raise InvalidInput([Problem("Comment", "write the comment before adding it")])
        with self._context.transaction() as uow:
            self._supervisor(uow, "comment on assessments")  # the role first: it decides what to tell the person
            assessment = uow.assessments.get(assessment_id)
            supervisor = self._check_reviewer(uow, assessment, "comment on")
            if domain_id is not None:
                instrument = self._assessments.instrument_for(assessment)
                if domain_id not in {domain.id for domain in instrument.domains}:
                    raise InvalidInput([Problem("Domain", f"'{domain_id}' is not a domain of this profile")])
            comment = ReviewComment(
                assessment_id=assessment_id, domain_id=domain_id, text=text, author_id=supervisor.id,
                author_name=supervisor.name, round=uow.review.round(assessment_id),
            )
            uow.review.add_comment(comment)
            uow.audit.record(supervisor.id, "review.comment", "assessment", str(assessment_id), None,
                             payloads.without_words(comment.model_dump(mode="json",
                                                                       include={"id", "domain_id", "text", "round"})))
            return comment

    def return_for_changes(self, assessment_id: UUID, reasons: str) -> Assessment:
        """Send the assessment back to its practitioner, who sees the reasons and can edit it again."""
        reasons = reasons.strip()
        if not reasons:
            raise InvalidInput([Problem("Reasons", "say what needs to change before returning the assessment")])
        with self._context.transaction() as uow:
            self._supervisor(uow, "return assessments")  # the role first: it decides what to tell the person
            assessment = uow.assessments.get(assessment_id)
            supervisor = self._check_reviewer(uow, assessment, "return")
            record = ReturnRecord(
                assessment_id=assessment_id, reasons=reasons, returned_by=supervisor.id,
                returned_by_name=supervisor.name, round=uow.review.round(assessment_id),
            )
            uow.review.add_return(record, assessment_content(assessment)["assessment"])
            uow.assessments.update_fields(assessment_id, status=AssessmentStatus.RETURNED)
            uow.audit.record(supervisor.id, "review.return", "assessment", str(assessment_id),
                             {"status": assessment.status.value},
                             {"status": AssessmentStatus.RETURNED.value, "round": record.round,
                              "reasons": payloads.text_digest(reasons)})
            return uow.assessments.get(assessment_id)

    def countersign(self, assessment_id: UUID, password: str) -> Assessment:
        """The supervisor's signature: the assessment becomes read-only for good. An amendment's countersignature
        also marks the assessment it corrects as replaced."""
        with self._context.transaction() as uow:
            self._supervisor(uow, "countersign assessments")  # the role first: it decides what to tell the person
            assessment = uow.assessments.get(assessment_id)
            supervisor = self._check_reviewer(uow, assessment, "countersign")
            require_password(self._context.db, uow, supervisor.id, password, "countersign")
            content_hash = assessment_content_hash(assessment)
            submitted = uow.review.history(assessment_id).signature(SignatureKind.SUBMITTED_BY)
            if submitted is not None and submitted.content_hash != content_hash:
                raise RecordLocked(
                    "This assessment is not the one its practitioner submitted: its content has changed since. "
                    "Nothing was signed. Return it so the practitioner can check and submit it again."
                )
            signature = Signature(
                assessment_id=assessment_id, kind=SignatureKind.COUNTERSIGNED_BY, user_id=supervisor.id,
                name=supervisor.name, role=Role.SUPERVISOR, content_hash=content_hash, hash_scheme=HASH_SCHEME,
            )
            uow.review.add_signature(signature)
            uow.assessments.update_fields(assessment_id, status=AssessmentStatus.COUNTERSIGNED)
            uow.audit.record(supervisor.id, "review.countersign", "assessment", str(assessment_id),
                             {"status": assessment.status.value},
                             {"status": AssessmentStatus.COUNTERSIGNED.value, "content_hash": content_hash,
                              "signature_id": str(signature.id),
                              "signature_sha256": payloads.signature_digest(signature)})
            if assessment.amends_id is not None:
                uow.assessments.update_fields(assessment.amends_id, status=AssessmentStatus.AMENDED)
                uow.audit.record(supervisor.id, "review.replaced-by-amendment", "assessment",
                                 str(assessment.amends_id), {"status": AssessmentStatus.COUNTERSIGNED.value},
                                 {"status": AssessmentStatus.AMENDED.value, "amendment_id": str(assessment_id)})
            return uow.assessments.get(assessment_id)

    # Amending ---------------------------------------------------------------------------------------------
    def amend(self, assessment_id: UUID, reason: str) -> Assessment:
        """Start a correction of a countersigned assessment: a new draft with the same content, linked to it, with
        the reason. It is submitted and countersigned again like any assessment; the original stays the signed
        record until then."""
        reason = reason.strip()
        if not reason:
            raise InvalidInput([Problem("Reason", "say what is being corrected and why")])
        with self._context.transaction() as uow:
            original = uow.assessments.get(assessment_id)
            actor = self._stored_actor(uow, "make an amendment")
            if original.status is not AssessmentStatus.COUNTERSIGNED:
                raise NotAllowed(self._cannot_amend(original))
            author = uow.users.get(original.created_by) if original.created_by else None
            is_author = author is not None and author.id == actor.id
            if not is_author and not (actor.has_role(Role.SUPERVISOR) and self._may_review_work_of(actor, author)):
                raise PermissionDenied(
                    f"Only the practitioner who wrote this assessment or their supervisor can amend it. "
                    f"You are signed in as {actor.name}, {_roles_in_words(actor)}."
                )
            open_ones = [a for a in uow.assessments.history(original.child_id) if a.status in OPEN_STATUSES]
            if open_ones:
                raise NotAllowed(
                    f"This child already has an assessment in progress ({open_ones[-1].status.value}, started "
                    f"{format_date(open_ones[-1].created_at.date())}). Finish it before making an amendment."
                )
            now = utc_now()
            amendment = original.model_copy(update={
                "id": uuid4(),
                "status": AssessmentStatus.DRAFT,
                "evidence": [note.model_copy(update={"id": uuid4()}) for note in original.evidence],
                "plan": [action.model_copy(update={"id": uuid4()}) for action in original.plan],
                "created_by": actor.id,
                "created_at": now,
                "updated_at": now,
                "submitted_at": None,
                "amends_id": original.id,
                "amendment_reason": reason,
            })
            instrument = self._assessments.instrument_for(original)
            uow.assessments.add(amendment, concern_domains=concern_domains(instrument, amendment))
            uow.audit.record(actor.id, "assessment.amend", "assessment", str(amendment.id), None,
                             {"amends_id": str(original.id), "reason": payloads.text_digest(reason)})
            return uow.assessments.get(amendment.id)

    # Handing over -----------------------------------------------------------------------------------------
    def hand_over(self, assessment_id: UUID, to_user_id: UUID) -> Assessment:
        """Give a draft or returned assessment to another practitioner, who then finishes and submits it: for
        when its author is away or has left. Only the author may change an assessment, so without this the work
        would be stuck. A supervisor hands over within their team; an administrator between anyone."""
        with self._context.transaction() as uow:
            assessment = uow.assessments.get(assessment_id)
            actor = self._stored_actor(uow, "hand over assessments")
            author = uow.users.get(assessment.created_by) if assessment.created_by else None
            receiver = uow.users.get(to_user_id)
            if not actor.has_role(Role.SUPERVISOR) and not actor.has_role(Role.ADMINISTRATOR):
                raise PermissionDenied(
                    f"Only a supervisor or an administrator can hand an assessment over. You are signed in as "
                    f"{actor.name}, a practitioner."
                )
            if not actor.has_role(Role.ADMINISTRATOR) and not (self._may_review_work_of(actor, author)
                                                      and self._may_review_work_of(actor, receiver)):
                raise PermissionDenied("You can hand over work only between people in your own team.")
            if not assessment.status.is_editable:
                raise NotAllowed("Only a draft or a returned assessment is handed over: this one is "
                                 f"{assessment.status.value}.")
            if not receiver.works_on_cases:
                raise InvalidInput([Problem("Hand over to", f"{receiver.name} is an administrator, who does not "
                                                            "write assessments")])
            if author is not None and receiver.id == author.id:
                raise InvalidInput([Problem("Hand over to", f"it is already {receiver.name}'s assessment")])
            uow.assessments.update_fields(assessment_id, created_by=receiver.id)
            uow.audit.record(actor.id, "assessment.hand-over", "assessment", str(assessment_id),
                             {"created_by": assessment.created_by}, {"created_by": receiver.id})
            return uow.assessments.get(assessment_id)

    # Rules ------------------------------------------------------------------------------------------------
    def _check_reviewer(self, uow: UnitOfWork, assessment: Assessment, verb: str) -> User:
        supervisor = self._supervisor(uow, verb + " assessments")
        if not self._not_own(uow, supervisor, assessment.id, assessment):
            raise PermissionDenied(f"Nobody can {verb} their own work. Another supervisor must review it.")
        author = uow.users.get(assessment.created_by) if assessment.created_by else None
        if not self._may_review_work_of(supervisor, author):
            raise PermissionDenied(
                f"{author.name if author else 'This practitioner'} is not in your team, so you cannot {verb} "
                "this assessment. Their own team's supervisor reviews it."
            )
        if assessment.status is not AssessmentStatus.SUBMITTED:
            raise NotAllowed(self._not_waiting(assessment, verb))
        return supervisor

    def _supervisor(self, uow: UnitOfWork, what: str) -> User:
        actor = self._stored_actor(uow, what)
        if not actor.has_role(Role.SUPERVISOR):
            raise PermissionDenied(
                f"Only a supervisor can {what}. You are signed in as {actor.name}, {_roles_in_words(actor)}."
            )
        return actor

    def _stored_actor(self, uow: UnitOfWork, what: str) -> User:
        if self._context.actor is None:
            raise PermissionDenied(f"Sign in to {what}.")
        return uow.users.get(self._context.actor.id)  # the role as stored now

    @staticmethod
    def _may_review_work_of(supervisor: User, author: User | None) -> bool:
        if author is None or author.team_id is None:
            return True
        return author.team_id == supervisor.team_id

    @staticmethod
    def _not_own(uow: UnitOfWork, supervisor: User, assessment_id: UUID,
                 assessment: Assessment | None = None) -> bool:
        assessment = assessment or uow.assessments.get(assessment_id)
        if assessment.created_by == supervisor.id:
            return False
        submitters = {s.user_id for s in uow.review.history(assessment_id).signatures
                      if s.kind is SignatureKind.SUBMITTED_BY}
        return supervisor.id not in submitters

    @staticmethod
    def _not_waiting(assessment: Assessment, verb: str) -> str:
        if assessment.status.is_signed:
            return f"This assessment is already countersigned, so it cannot be {_done(verb)} again."
        if assessment.status is AssessmentStatus.RETURNED:
            return f"This assessment was returned to its practitioner; it can be {_done(verb)} once it is resubmitted."
        return f"This assessment has not been submitted yet, so it cannot be {_done(verb)}."

    @staticmethod
    def _cannot_amend(assessment: Assessment) -> str:
        if assessment.status is AssessmentStatus.AMENDED:
            return "This assessment has already been replaced by an amendment. Amend the latest version instead."
        return "Only a countersigned assessment is amended. Until then, it can be returned and changed."


def _changed(uow: UnitOfWork, assessments: list[Assessment]) -> dict[UUID, str]:
    signatures = uow.review.signatures_of([a.id for a in assessments if a.status in SIGNED_STATES])
    found = {}
    for assessment in assessments:
        broken = changed_since_signing(assessment, signatures.get(assessment.id, []))
        if broken is not None:
            found[assessment.id] = changed_words(broken)
    return found


def _done(verb: str) -> str:
    return {"comment on": "commented on", "return": "returned", "countersign": "countersigned",
            "review": "reviewed"}.get(verb, verb)


def _roles_in_words(user: User) -> str:
    """ "a practitioner", "an administrator and practitioner" """
    words = " and ".join(role.value for role in user.roles)
    return f"an {words}" if words[0] in "aeiou" else f"a {words}"
